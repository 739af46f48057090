// An in-process LSP client for server tests: the server and a JSON-RPC client talk over a pair of streams,
// the client answers `workspace/configuration` from a settings object the test may change, and records
// every notification the server sends.

import { cp, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { pathToFileURL } from "node:url";
import {
    createMessageConnection,
    StreamMessageReader,
    StreamMessageWriter,
    type MessageConnection
} from "vscode-jsonrpc/node.js";
import { WorkDoneProgress } from "vscode-languageserver-protocol";
import type { PonderSettings } from "../../protocol/index.js";
import { createServerConnection, serve } from "../../server/index.js";
import { bitcountFix } from "../support/bitcountReplies.js";
import { buildScriptedModel, testModelDir } from "../support/models/index.js";

export interface LspTestClient {
    rpc: MessageConnection;
    root: string;
    settings: PonderSettings;
    /** Every notification from the server, in order. */
    notifications: { method: string; params: unknown }[];
    uriOf(file: string): string;
    open(file: string, text?: string): Promise<string>;
    close(): Promise<void>;
}

/** A copy of examples/sample-bug (bitcount hangs) in a fresh temp folder. */
export async function sampleBugWorkspace(): Promise<string> {
    const root = await mkdtemp(join(tmpdir(), "ponder-lsp-"));
    await cp("examples/sample-bug", root, { recursive: true });
    return root;
}

export async function startLspClient(root: string, settings: PonderSettings): Promise<LspTestClient> {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const connection = createServerConnection({ input: toServer, output: toClient });
    const server = serve(connection, { cwd: root, env: { PONDER_STATE_DIR: join(tmpdir(), "ponder-test-state") } });
    const rpc = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    const client: LspTestClient = {
        rpc,
        root,
        settings,
        notifications: [],
        uriOf: (file) => pathToFileURL(join(root, file)).href,
        open: async (file, text) => {
            const uri = client.uriOf(file);
            await rpc.sendNotification("textDocument/didOpen", {
                textDocument: {
                    uri,
                    languageId: "python",
                    version: 1,
                    text: text ?? (await readFile(join(root, file), "utf8"))
                }
            });
            return uri;
        },
        close: async () => {
            await server.dispose();
            rpc.dispose();
            connection.dispose();
        }
    };
    rpc.onRequest("workspace/configuration", (params: { items: { section?: string }[] }) =>
        params.items.map((item) => (item.section === "ponder" ? client.settings : null))
    );
    // The JSON-RPC library delivers `$/progress` only to handlers of a known token; record it like any notification.
    rpc.onRequest("window/workDoneProgress/create", (params: { token: string | number }) => {
        rpc.onProgress(WorkDoneProgress.type, params.token, (value) =>
            client.notifications.push({ method: "$/progress", params: { token: params.token, value } })
        );
        return null;
    });
    rpc.onNotification((method, params) => client.notifications.push({ method, params }));
    rpc.listen();
    await rpc.sendRequest("initialize", {
        processId: null,
        rootUri: pathToFileURL(root).href,
        workspaceFolders: [{ uri: pathToFileURL(root).href, name: "sample" }],
        capabilities: {
            workspace: {
                configuration: true,
                workspaceEdit: { documentChanges: true, resourceOperations: ["create"] }
            },
            window: { workDoneProgress: true }
        }
    });
    await rpc.sendNotification("initialized", {});
    return client;
}

/**
 * A server over the README's sample bug with a scripted model that fixes it, one candidate and no memory; each
 * reproduction of the hang runs into a 2 s limit, so a fix job verifies for seconds.
 */
export async function startBitcountClient(modelName: string): Promise<LspTestClient> {
    const model = join(testModelDir(), `${modelName}.gguf`);
    await buildScriptedModel(model, { replies: [bitcountFix] });
    return startLspClient(await sampleBugWorkspace(), {
        model,
        candidates: 1,
        extraRounds: 0,
        threads: 1,
        contextSize: 4096,
        trustedWorkspace: true,
        testTimeoutSeconds: 2,
        memorySize: 0
    });
}
