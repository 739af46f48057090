// runTests' `toolchainOptions` is keyed by toolchain name with each language's own options type, declared in its
// folder and reached through the registry: a wrong option fails to compile, and every registered toolchain is typed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { registeredToolchains, toolchainsWithOptions } from "../../../engine/languages/index.js";
import type { RunTestsOptions } from "../../../engine/toolchains/runTests.js";

type ToolchainOptions = NonNullable<RunTestsOptions["toolchainOptions"]>;

test("each toolchain's options are its language's own type", () => {
    const options: ToolchainOptions = {
        python: { pythonPath: "/usr/bin/python3", runner: "pytest" },
        go: { goPath: "/usr/bin/go" }
    };
    // @ts-expect-error: a Python runner is pytest or unittest.
    const wrongRunner: ToolchainOptions = { python: { runner: "cargo" } };
    // @ts-expect-error: no toolchain is named "cobol".
    const unknownToolchain: ToolchainOptions = { cobol: {} };
    assert.deepEqual(Object.keys(options), ["python", "go"]);
    void wrongRunner;
    void unknownToolchain;
});

test("every registered toolchain is one of the typed toolchains", () => {
    const typed: readonly unknown[] = toolchainsWithOptions;
    for (const toolchain of registeredToolchains())
        assert.ok(typed.includes(toolchain), `${toolchain.name} has no typed options entry in the registry`);
});
