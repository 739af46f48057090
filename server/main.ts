// The server as a Node script: `node out/server/main.js --node-ipc` (how the VS Code client starts it) or `--stdio`.

import { createServerConnection, transportFromArgs } from "./connection.js";
import { keepServerAlive, serve } from "./serve.js";

const transport = transportFromArgs(process.argv.slice(2));
if (!transport) {
    process.stderr.write("Usage: node out/server/main.js --stdio | --node-ipc\n");
    process.exitCode = 2;
} else {
    const connection = createServerConnection(transport);
    keepServerAlive(connection);
    serve(connection, { cwd: process.cwd(), env: process.env });
}
