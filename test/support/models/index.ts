// Test-model builders: random dense and mixture-of-experts models, and scripted models whose decoding
// reproduces chosen R1-style replies. Every prompt gets the same reply set from a scripted model.

import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export { writeGguf, gguf, type GgufValue, type GgufTensorSpec, type GgufFileSpec } from "./GgufWriter.js";
export { buildRandomModel, seededNormal, type RandomModelOptions, type BuiltModel } from "./buildRandomModel.js";
export { buildScriptedModel, type ScriptedModelOptions, type ScriptedModel } from "./buildScriptedModel.js";
export { r1ChatTemplate } from "./r1ModelParts.js";

/** A per-process temp folder for generated models, so tests never write into the repository. */
export function testModelDir(): string {
    const dir = join(tmpdir(), "ponder-test-models", String(process.pid));
    mkdirSync(dir, { recursive: true });
    return dir;
}
