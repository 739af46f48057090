// The language server's API for the CLI (`ponder lsp`) and tests.

export { createServerConnection, transportFromArgs, type ServerTransport } from "./connection.js";
export { serve, keepServerAlive } from "./serve.js";
export { PonderServer, type PonderServerOptions } from "./PonderServer.js";
export { ModelLock, JobCancelledError, type LockHolder, type ModelTurn } from "./ModelLock.js";
export { fixTitle } from "./codeActions.js";
