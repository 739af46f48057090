-- Driven by test/e2e/neovim.test.ts: headless Neovim (0.7) starts `ponder lsp --stdio`, asks for the code
-- actions on bitcount.py's loop, sends the fix action's `ponder/fix` request, applies the returned edit, saves
-- the file, and writes what it saw as JSON to the file named in the config.
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
    workspace_folders = { { uri = vim.uri_from_fname(config.root), name = "sample" } },
    settings = { ponder = config.settings },
    -- Neovim 0.7 neither announces workspace/configuration nor pushes settings itself; configs (nvim-lspconfig) push them here.
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
  vim.cmd("edit " .. vim.fn.fnameescape(config.file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(bufnr, client_id)
  assert(vim.wait(15000, function()
    local client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and client.initialized
  end, 10), "the server did not initialize")

  local uri = vim.uri_from_bufnr(bufnr)
  local diagnostic = config.diagnostic
  local action_responses = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction",
    { textDocument = { uri = uri }, range = diagnostic.range, context = { diagnostics = { diagnostic } } }, 15000)
  local actions = action_responses[client_id].result
  local function_actions = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction",
    { textDocument = { uri = uri }, range = diagnostic.range, context = { diagnostics = {} } }, 15000)[client_id].result

  local fix_responses, err = vim.lsp.buf_request_sync(bufnr, "ponder/fix", actions[1].command.arguments[1], config.fixTimeoutMs)
  assert(fix_responses, "ponder/fix gave no response: " .. tostring(err))
  local response = fix_responses[client_id]
  if response.error then
    finish({ actions = actions, functionActions = function_actions, fixError = response.error })
    return
  end
  vim.lsp.util.apply_workspace_edit(response.result.edit, "utf-16")
  vim.cmd("write")
  finish({ actions = actions, functionActions = function_actions, fix = response.result, traces = traces })
end)
if not ok then finish({ error = tostring(problem) }) end
