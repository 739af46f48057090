// The source and target backends the port chain knows, by language: the one place that names them, so the
// chain and the experts' evidence reach a language only through its backend.

import type { SourceLanguage } from "../../analysis/index.js";
import { javascriptSource } from "./javascriptSource.js";
import type { SourceBackend, TargetBackend } from "./PortBackends.js";
import type { PortTarget } from "./PortTypes.js";
import { pythonSource } from "./pythonSource.js";
import { rustTarget } from "./rustTarget.js";
import { typescriptTarget } from "./typescriptTarget.js";

const sourceBackends: Partial<Record<SourceLanguage, SourceBackend>> = { python: pythonSource, javascript: javascriptSource };
const targetBackends: Partial<Record<PortTarget, TargetBackend>> = { rust: rustTarget, typescript: typescriptTarget };

export function sourceBackendOf(language: SourceLanguage): SourceBackend | undefined {
    return sourceBackends[language];
}

export function targetBackendOf(target: PortTarget): TargetBackend | undefined {
    return targetBackends[target];
}
