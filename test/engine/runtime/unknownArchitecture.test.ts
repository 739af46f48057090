// A model whose general.architecture node-llama-cpp's build does not know: openModelRuntime hands it to the managed
// llama-server (which may be built from a newer llama.cpp) and, when there is none or it refuses the model too, fails
// with UnsupportedArchitectureError naming the architecture and the way out (exit code 2, bad input).
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openModelRuntime, UnsupportedArchitectureError } from "../../../engine/testing.js";
import { buildRandomModel, testModelDir } from "../../support/models/index.js";

async function foreignModel(): Promise<string> {
    const path = join(testModelDir(), "unknown-arch.gguf");
    await buildRandomModel(path, {
        embeddingLength: 32,
        blockCount: 1,
        feedForwardLength: 64,
        headCount: 2,
        architecture: "notarealarch"
    });
    return path;
}

test("with no llama-server to try, the error names the architecture, says none was found and what to do", async () => {
    const model = await foreignModel();
    // No $PONDER_LLAMA_SERVER and an empty PATH; the build script's cache is absent on a machine that never built it
    // (where it is present, that server is tried and refuses the architecture: the second test's outcome).
    await assert.rejects(
        openModelRuntime({ model, gpu: false, threads: 1, llamaServer: { env: { PATH: "" } } }),
        (error: unknown) => {
            assert.ok(error instanceof UnsupportedArchitectureError, String(error));
            assert.equal(error.fault, "badInput");
            assert.equal(error.architecture, "notarealarch");
            assert.match(
                error.message,
                /uses the model architecture "notarealarch", which this build of llama\.cpp cannot run; (no llama-server was found to serve it instead|the llama-server at \S+ cannot load it either)\./
            );
            assert.match(error.message, /set PONDER_LLAMA_SERVER to its path/);
            return true;
        }
    );
});

test("a llama-server is tried for it, and its own refusal of the architecture gives the same named error", async () => {
    const model = await foreignModel();
    // A stand-in binary that fails as llama.cpp's loader does for an architecture it lacks (no real llama-server is
    // built here, and one built from node-llama-cpp's own llama.cpp source would refuse it the same way).
    const binary = join(testModelDir(), "llama-server-without-notarealarch");
    writeFileSync(
        binary,
        "#!/bin/sh\necho \"llama_model_load: error loading model: error loading model architecture: unknown model architecture: 'notarealarch'\" >&2\nexit 1\n"
    );
    chmodSync(binary, 0o755);
    await assert.rejects(
        openModelRuntime({ model, gpu: false, threads: 1, llamaServer: { binary, startTimeoutMs: 20_000 } }),
        (error: unknown) => {
            assert.ok(error instanceof UnsupportedArchitectureError, String(error));
            assert.match(
                error.message,
                new RegExp(
                    `"notarealarch".*the llama-server at ${binary} cannot load it either\\. Run it through a llama-server`
                )
            );
            return true;
        }
    );
});

test("an explicit node-llama-cpp backend never falls back to the server", async () => {
    const model = await foreignModel();
    await assert.rejects(
        openModelRuntime({
            model,
            gpu: false,
            threads: 1,
            backend: "node-llama-cpp",
            llamaServer: { binary: "/nonexistent/llama-server" }
        }),
        (error: unknown) => error instanceof UnsupportedArchitectureError && error.tried === undefined
    );
});
