// Naming a model: paths, catalog ids and hf: URIs, and the offline failure that points to a local file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import {
    cpuMachine,
    modelCatalog,
    ModelDownloadError,
    ModelFileNotFoundError,
    resolveModelSource
} from "../../../engine/testing.js";

test("a catalog model that is not downloaded, offline, names the flag and the setting for a local file", async () => {
    const modelsDir = await mkdtemp(join(tmpdir(), "ponder-models-"));
    for (const offline of [true, false]) {
        // With downloads on, this machine cannot reach the hub either: both paths must say what to do.
        await assert.rejects(resolveModelSource("r1-qwen-1.5b", { modelsDir, offline }), (error: unknown) => {
            assert.ok(error instanceof ModelDownloadError);
            assert.match(
                error.message,
                offline ? /downloads are off/ : /unreachable \(this machine seems to be offline\)/
            );
            assert.match(error.message, /--model \/path\/to\/model\.gguf/);
            assert.match(error.message, /ponder\.model/);
            assert.match(error.message, /DeepSeek-R1-Distill-Qwen-1\.5B-Q4_K_M\.gguf/);
            return true;
        });
    }
});

test("with downloads on and no hub in reach, every catalog model says so at once, whatever form its URI takes", async () => {
    const modelsDir = await mkdtemp(join(tmpdir(), "ponder-models-"));
    const machine = cpuMachine(1e15);
    for (const model of modelCatalog) {
        const started = performance.now();
        await assert.rejects(resolveModelSource(model.id, { modelsDir, offline: false, machine }), (error: unknown) => {
            assert.ok(error instanceof ModelDownloadError, `${model.id}: ${String(error)}`);
            assert.match(error.message, /unreachable \(this machine seems to be offline\)/, model.id);
            return true;
        });
        assert.ok(
            performance.now() - started < 10_000,
            `${model.id} took ${Math.round(performance.now() - started)} ms to fail`
        );
    }
});

test("a missing path is a missing file, resolved against the working directory", async () => {
    await assert.rejects(resolveModelSource("models/none.gguf", { cwd: "/tmp/somewhere" }), (error: unknown) => {
        assert.ok(error instanceof ModelFileNotFoundError);
        assert.equal(error.path, "/tmp/somewhere/models/none.gguf");
        return true;
    });
});
