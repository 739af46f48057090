// Checks before a model is downloaded or read: a catalog model too big for all of this machine's memory, and a split
// GGUF with a part missing, each a named error that says what is needed.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { copyFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
    cpuMachine,
    estimatedBandwidth,
    inspectModelFile,
    MissingModelPartError,
    ModelDownloadError,
    ModelTooBigError,
    readMachine,
    resolveModelSource,
    type MachineMemory
} from "../../../engine/testing.js";
import { buildRandomModel, testModelDir } from "../../support/models/index.js";

const GB = 1e9;
const gpuMachine: MachineMemory = {
    ...cpuMachine(128 * GB, 128 * GB, 16),
    backend: "cuda",
    freeVram: 140 * GB,
    totalVram: 140 * GB,
    bandwidth: estimatedBandwidth("cuda", 140 * GB)
};

test("a catalog model bigger than all the machine's memory is refused before any download, naming need and have", async () => {
    const modelsDir = await mkdtemp(join(tmpdir(), "ponder-models-"));
    const here = await readMachine({ gpu: false });
    const cases: [string, MachineMemory, RegExp | "downloads"][] = [
        [
            "r1-0528",
            here,
            /r1-0528\) needs about 1\d\d GB of memory \(a 185 GB download, and it runs through llama-server.*this machine has [\d.]+ GB of RAM and no GPU backend\..*ponder models/
        ],
        [
            "r1-llama-70b",
            cpuMachine(8 * GB),
            /needs about 4\d\.\d GB of memory.*this machine has 8\.0 GB of RAM and no GPU backend/
        ],
        // Big enough in total (140 GB VRAM + 128 GB RAM): not refused, so it goes on to the (offline) download.
        ["r1-0528", gpuMachine, "downloads"],
        ["r1-qwen-1.5b", here, "downloads"]
    ];
    for (const [id, machine, expected] of cases) {
        await assert.rejects(
            resolveModelSource(id, { modelsDir, offline: true, machine }),
            (error: unknown) => {
                if (expected === "downloads") {
                    assert.ok(error instanceof ModelDownloadError, `${id}: ${String(error)}`);
                    assert.match(error.message, /downloads are off/);
                } else {
                    assert.ok(error instanceof ModelTooBigError, `${id}: ${String(error)}`);
                    assert.match(error.message, expected);
                    assert.equal(error.badInput, true);
                }
                return true;
            },
            id
        );
    }
});

const dir = testModelDir();
const wholeModel = join(dir, "split-source.gguf");
before(async () => {
    await buildRandomModel(wholeModel, {
        embeddingLength: 32,
        blockCount: 1,
        feedForwardLength: 64,
        headCount: 2,
        contextLength: 512
    });
});

test("a split GGUF with a part missing says which part, for a path, for the header reader and for a catalog download", async () => {
    const folder = await mkdtemp(join(tmpdir(), "ponder-split-"));
    const first = join(folder, "tiny-00001-of-00003.gguf");
    await copyFile(wholeModel, first);
    await copyFile(wholeModel, join(folder, "tiny-00003-of-00003.gguf"));
    const checks: [string, () => Promise<unknown>][] = [
        ["path", () => resolveModelSource(first)],
        ["header", () => inspectModelFile(first)]
    ];
    for (const [what, run] of checks) {
        await assert.rejects(
            run(),
            (error: unknown) => {
                assert.ok(error instanceof MissingModelPartError, `${what}: ${String(error)}`);
                assert.deepEqual(error.missingParts, ["tiny-00002-of-00003.gguf"]);
                assert.match(error.message, /-00002-of-00003\.gguf is missing/);
                return true;
            },
            what
        );
    }
    // A catalog split model whose download stopped after part 1 of 4: offline, the missing parts are named.
    const modelsDir = await mkdtemp(join(tmpdir(), "ponder-models-"));
    await copyFile(wholeModel, join(modelsDir, "DeepSeek-R1-0528-UD-IQ1_S-00001-of-00004.gguf"));
    await assert.rejects(
        resolveModelSource("r1-0528", { modelsDir, offline: true, machine: gpuMachine }),
        (error: unknown) => {
            assert.ok(error instanceof MissingModelPartError, String(error));
            assert.deepEqual(
                error.missingParts,
                ["00002", "00003", "00004"].map((n) => `DeepSeek-R1-0528-UD-IQ1_S-${n}-of-00004.gguf`)
            );
            return true;
        }
    );
});
