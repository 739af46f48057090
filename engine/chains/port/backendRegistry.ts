// The source and target backends of the port chain, asked of each language's support: the chain and the experts'
// evidence reach a language only through its backend.

import { languageSupportOf, type SourceLanguage } from "../../languages/index.js";
import type { SourceBackend, TargetBackend } from "./PortBackends.js";
import type { PortTarget } from "./PortTypes.js";

export function sourceBackendOf(language: SourceLanguage): SourceBackend | undefined {
    return languageSupportOf(language).port?.source;
}

export function targetBackendOf(target: PortTarget): TargetBackend | undefined {
    return languageSupportOf(target).port?.target;
}
