// The custom protocol of `protocol/` as vscode-languageclient message types: the one place the client names them.

import { NotificationType, RequestType } from "vscode-languageclient/node.js";
import {
    cancelRequest, fixRequest, traceNotification,
    type CancelParams, type CancelResponse, type FixParams, type FixResponse, type TraceParams
} from "../protocol/index.js";

export const FixRequestType = new RequestType<FixParams, FixResponse, void>(fixRequest.method);
export const CancelRequestType = new RequestType<CancelParams, CancelResponse, void>(cancelRequest.method);
export const TraceNotificationType = new NotificationType<TraceParams>(traceNotification.method);
