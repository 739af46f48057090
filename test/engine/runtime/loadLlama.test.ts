// The backend choice: a GPU that is not there falls back to CPU cleanly and says why.
import { test } from "node:test";
import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import { defaultThreadCount, loadLlama } from "../../../engine/index.js";

test("threads fit the cores", () => {
    assert.equal(defaultThreadCount(), availableParallelism());
});

test("asking for CUDA on a machine without it falls back to the CPU backend with a reason", async () => {
    const backend = await loadLlama("cuda", 2);
    assert.equal(backend.backend, "cpu");
    assert.match(backend.fallbackReason ?? "", /cuda backend did not load/);
    assert.equal(backend.threads, 2);
});

test("auto picks what works here and reports it", async () => {
    const backend = await loadLlama("auto", 2);
    assert.ok(["cpu", "cuda", "vulkan", "metal"].includes(backend.backend));
});
