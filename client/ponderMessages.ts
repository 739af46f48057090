// Sends Ponder's custom requests and listens to its notifications through the language client, typed by the
// descriptors of protocol/: the result type follows from the request, so no file pairs params and results by hand.

import {
    NotificationType,
    RequestType,
    type CancellationToken,
    type Disposable,
    type LanguageClient
} from "vscode-languageclient/node.js";
import type { PonderNotification, PonderRequest } from "../protocol/index.js";

/** Sends `type` with `params` (checked against the request's own parameter type) and resolves with its typed result. */
export function sendPonderRequest<Params, Result>(
    client: LanguageClient,
    type: PonderRequest<Params, Result>,
    params: NoInfer<Params>,
    token?: CancellationToken
): Promise<Result> {
    return client.sendRequest(new RequestType<Params, Result, void>(type.method), params, token);
}

/** Calls `handler` with each notification of `type`; the client keeps one handler per method, so register each once. */
export function onPonderNotification<Params>(
    client: LanguageClient,
    type: PonderNotification<Params>,
    handler: (params: Params) => void
): Disposable {
    return client.onNotification(new NotificationType<Params>(type.method), handler);
}
