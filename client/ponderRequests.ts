// The custom protocol of `protocol/` as vscode-languageclient message types: the one place the client names them.

import { NotificationType, RequestType } from "vscode-languageclient/node.js";
import {
    acceptedRequest, cancelRequest, fixRequest, loadModelRequest, portRequest, modelStatusNotification, modelStatusRequest, runTestsRequest, testsRequest, traceNotification,
    type AcceptedParams, type AcceptedResponse, type CancelParams, type CancelResponse, type FixParams, type FixResponse, type LoadModelParams, type ModelStatus,
    type PortParams, type PortResponse, type RunTestsParams, type RunTestsResponse, type TestsParams, type TestsResponse, type TraceParams
} from "../protocol/index.js";

export const FixRequestType = new RequestType<FixParams, FixResponse, void>(fixRequest.method);
export const TestsRequestType = new RequestType<TestsParams, TestsResponse, void>(testsRequest.method);
export const PortRequestType = new RequestType<PortParams, PortResponse, void>(portRequest.method);
export const RunTestsRequestType = new RequestType<RunTestsParams, RunTestsResponse, void>(runTestsRequest.method);
export const AcceptedRequestType = new RequestType<AcceptedParams, AcceptedResponse, void>(acceptedRequest.method);
export const CancelRequestType = new RequestType<CancelParams, CancelResponse, void>(cancelRequest.method);
export const LoadModelRequestType = new RequestType<LoadModelParams, ModelStatus, void>(loadModelRequest.method);
export const ModelStatusRequestType = new RequestType<null, ModelStatus, void>(modelStatusRequest.method);
export const TraceNotificationType = new NotificationType<TraceParams>(traceNotification.method);
export const ModelStatusNotificationType = new NotificationType<ModelStatus>(modelStatusNotification.method);
