// Wires a PonderServer to a connection: every handler goes through `guard` once, which turns anything it
// throws into a clear ResponseError (RequestCancelled for a cancelled job) so no request can kill the process.

import { RequestType, type CancellationToken, type Connection } from "vscode-languageserver/node.js";
import {
    acceptedRequest,
    cancelRequest,
    jobRequests,
    projectTestsRequest,
    runProjectTestsRequest,
    loadModelRequest,
    modelStatusRequest,
    runTestsRequest,
    type JobKind,
    type PonderRequest
} from "../protocol/index.js";
import { PonderServer, type PonderServerOptions } from "./PonderServer.js";
import { toResponseError } from "./responseErrors.js";

/** Starts serving on the connection and returns the server; the connection is listening when this returns. */
export function serve(connection: Connection, options: PonderServerOptions): PonderServer {
    const server = new PonderServer(connection, options);
    const log = (message: string) => connection.console.error(message);
    const guard =
        <P, R>(method: string, handler: (params: P, token: CancellationToken) => R | Promise<R>) =>
        async (params: P, token: CancellationToken): Promise<R> => {
            try {
                return await handler(params, token);
            } catch (error) {
                throw toResponseError(error, method, log);
            }
        };
    const onPonderRequest = <P, R>(
        type: PonderRequest<P, R>,
        handler: (params: P, token: CancellationToken) => R | Promise<R>
    ) => connection.onRequest(new RequestType<P, R, void>(type.method), guard(type.method, handler));

    connection.onInitialize(guard("initialize", server.initialize.bind(server)));
    connection.onCodeAction(guard("textDocument/codeAction", server.codeActions.bind(server)));
    connection.onExecuteCommand(guard("workspace/executeCommand", server.executeCommand.bind(server)));
    connection.onDidChangeConfiguration((params) => server.settingsChanged(params));
    // One request per job kind, from the one table, so no kind goes unwired. `jobHandlers` is typed per kind; the loop
    // variable ranges over every kind, which TypeScript cannot correlate, hence the one widening here.
    for (const kind of Object.keys(jobRequests) as JobKind[])
        onPonderRequest(
            jobRequests[kind].request as PonderRequest<never, object>,
            server.jobHandlers[kind] as (params: never, token: CancellationToken) => Promise<object>
        );
    onPonderRequest(projectTestsRequest, server.projectTests.bind(server));
    onPonderRequest(runProjectTestsRequest, server.runProjectTests.bind(server));
    onPonderRequest(runTestsRequest, server.runTests.bind(server));
    onPonderRequest(loadModelRequest, server.loadModel.bind(server));
    onPonderRequest(cancelRequest, server.cancel.bind(server));
    onPonderRequest(acceptedRequest, server.accepted.bind(server));
    onPonderRequest(modelStatusRequest, () => server.modelStatus());
    const shutdown = guard("shutdown", () => server.dispose());
    connection.onShutdown((token) => shutdown(undefined, token));
    server.documents.listen(connection);
    connection.listen();
    return server;
}

/** Keeps a server process alive through faults no request caught (a stray rejection in a library): they are logged, not fatal. */
export function keepServerAlive(connection: Connection): void {
    process.on("uncaughtException", (error) => connection.console.error(`Uncaught: ${error.stack ?? error.message}`));
    process.on("unhandledRejection", (reason) =>
        connection.console.error(`Unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`)
    );
}
