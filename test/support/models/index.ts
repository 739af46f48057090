// Test-model builders: GGUF files written from TypeScript, random dense and mixture-of-experts models, and scripted
// models whose decoding reproduces chosen replies in R1's, Qwen3's or gpt-oss's chat format (every prompt gets the
// same reply set), plus the temp folder tests keep them in.

import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export {
    GgufWriter,
    writeGguf,
    elementCount,
    gguf,
    type GgufValue,
    type GgufScalarType,
    type GgufNumberType,
    type GgufBigIntType,
    type GgufTensor,
    type GgufTensorFill,
    type GgufFileSpec,
    type GgufWriterOptions,
    type GgufWriteResult
} from "./GgufWriter.js";
export { buildRandomModel, type RandomModelOptions, type BuiltModel } from "./buildRandomModel.js";
export { buildScriptedModel, type ScriptedModelOptions, type ScriptedModel } from "./buildScriptedModel.js";
export { r1ChatTemplate, SpecialToken, type ExpertShape } from "./r1ModelParts.js";
export {
    r1Format,
    qwen3Format,
    qwen3Thinking2507Format,
    harmonyFormat,
    qwen35Format,
    qwen36Format,
    glm47FlashFormat,
    gemma4Format,
    mistralThinkFormat,
    nemotron3NanoFormat,
    formatTokenId,
    type ChatFormatParts,
    type FormatToken
} from "./chatFormatParts.js";

const modelRoot = join(tmpdir(), "ponder-test-models");
let processModelDir: string | undefined;

/**
 * This process's folder for generated models, under `os.tmpdir()/ponder-test-models/`, so tests never write into
 * the repository and parallel test files never overwrite each other's models. It is removed when the process
 * exits, and the first call removes folders left by processes that no longer run (PONDER_KEEP_TEST_MODELS=1
 * keeps both, to look at the files).
 */
export function testModelDir(): string {
    if (processModelDir) return processModelDir;
    const keep = process.env.PONDER_KEEP_TEST_MODELS === "1";
    if (!keep) removeAbandonedModelDirs();
    const dir = join(modelRoot, String(process.pid));
    mkdirSync(dir, { recursive: true });
    if (!keep) process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    processModelDir = dir;
    return dir;
}

function removeAbandonedModelDirs(): void {
    let entries: string[];
    try {
        entries = readdirSync(modelRoot);
    } catch {
        return;
    }
    for (const entry of entries) {
        const pid = Number(entry);
        if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || isRunning(pid)) continue;
        rmSync(join(modelRoot, entry), { recursive: true, force: true });
    }
}

function isRunning(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        return (error as NodeJS.ErrnoException).code === "EPERM";
    }
}
export { buildLoraAdapter, type LoraAdapterOptions } from "./buildLoraAdapter.js";
