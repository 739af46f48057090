// The status bar's backend names: a table of what runtimes report and what the user reads.
import { test } from "node:test";
import assert from "node:assert/strict";
import { backendLabel } from "../../client/backendLabel.js";

test("short backends in capitals, the managed llama-server's description as written", () => {
    const cases: [string, string][] = [
        ["cpu", "CPU"],
        ["cuda", "CUDA"],
        ["vulkan", "VULKAN"],
        ["metal", "METAL"],
        ["remote", "REMOTE"],
        [
            "llama-server (managed), 49 of 58 expert layers on CPU",
            "llama-server (managed), 49 of 58 expert layers on CPU"
        ]
    ];
    for (const [backend, label] of cases) assert.equal(backendLabel(backend), label, backend);
});
