-- Driven by test/e2e/neovim.test.ts: headless Neovim starts `ponder lsp --stdio` on a two-module Python project,
-- lists the project's tests (`ponder/projectTests`), sends `ponder/repair` for the failing one, applies the returned
-- WorkspaceEdit (a file Neovim never opened), writes every buffer, and writes what it saw as JSON.
local config = vim.fn.json_decode(table.concat(vim.fn.readfile(os.getenv("PONDER_NVIM_CONFIG")), "\n"))

local function finish(result)
  vim.fn.writefile({ vim.fn.json_encode(result) }, config.output)
  vim.cmd("qa!")
end

local ok, problem = pcall(function()
  local traces = {}
  local client_id = vim.lsp.start_client({
    name = "ponder",
    cmd = config.command,
    root_dir = config.root,
    workspace_folders = { { uri = vim.uri_from_fname(config.root), name = "project" } },
    settings = { ponder = config.settings },
    on_init = function(client)
      client.notify("workspace/didChangeConfiguration", { settings = client.config.settings })
    end,
    handlers = {
      ["ponder/trace"] = function(_, params) table.insert(traces, params.event.kind) end,
      ["ponder/queue"] = function() end,
      ["ponder/modelStatusChanged"] = function() end,
    },
  })
  assert(client_id, "start_client failed")
  assert(vim.wait(15000, function()
    local client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and client.initialized
  end, 10), "the server did not initialize")
  local client = vim.lsp.get_client_by_id(client_id)
  local folder = { uri = vim.uri_from_fname(config.root) }

  local listed = client.request_sync("ponder/projectTests", { textDocument = folder }, 60000)
  assert(listed and listed.result, "ponder/projectTests gave no result: " .. vim.inspect(listed))
  local repaired = client.request_sync("ponder/repair",
    { textDocument = folder, failure = { tests = { config.test } } }, config.timeoutMs)
  assert(repaired, "ponder/repair gave no response")
  if repaired.err then
    finish({ projectTests = listed.result, repairError = repaired.err })
    return
  end
  vim.lsp.util.apply_workspace_edit(repaired.result.edit, "utf-16")
  vim.cmd("silent! wall")
  finish({ projectTests = listed.result, repair = repaired.result, traces = traces })
end)
if not ok then finish({ error = tostring(problem) }) end
