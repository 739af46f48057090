// The server's settings: defaults filled in, verification limits converted, and every bad value refused with
// one message naming the setting.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RecordedRuntime, type OpenModelRuntimeOptions } from "../../engine/testing.js";
import { ModelHost } from "../../server/ModelHost.js";
import { readSettings, runtimeSettingsOf } from "../../server/settings.js";

test("defaults, and the verification limits in the engine's units", () => {
    const defaults = readSettings(undefined);
    assert.equal(defaults.candidates, 4);
    assert.equal(defaults.extraRounds, 2);
    assert.deepEqual(defaults.endpoints, []);
    assert.equal(defaults.testTimeoutMs, undefined);
    const given = readSettings({
        testTimeoutSeconds: 9,
        parallelRuns: 2,
        endpoints: ["http://127.0.0.1:8080"],
        apiKeyEnv: "KEY"
    });
    assert.equal(given.testTimeoutMs, 9000);
    assert.equal(given.parallelRuns, 2);
    assert.deepEqual(given.endpoints, ["http://127.0.0.1:8080"]);
    assert.equal(given.apiKeyEnv, "KEY");
    assert.equal(defaults.backend, undefined);
    assert.equal(readSettings({ backend: "llama-server" }).backend, "llama-server");
});

test("ponder.backend reaches the runtime the model host opens, and a change of backend reloads", async () => {
    const opened: OpenModelRuntimeOptions[] = [];
    const host = new ModelHost({
        cwd: "/",
        env: {},
        loadRuntime: async (options) => {
            opened.push(options);
            return new RecordedRuntime([]);
        }
    });
    const expert = { name: "r1", model: "/models/r1.gguf", strength: 1 };
    await host.runtimeFor(expert, runtimeSettingsOf(readSettings({ backend: "llama-server" }), "/"));
    await host.runtimeFor(expert, runtimeSettingsOf(readSettings({ backend: "llama-server" }), "/"));
    await host.runtimeFor(expert, runtimeSettingsOf(readSettings({}), "/"));
    assert.deepEqual(
        opened.map((o) => o.backend),
        ["llama-server", "auto"]
    );
    await host.dispose();
});

test("bad values are refused with the setting named", () => {
    assert.throws(
        () => readSettings({ testTimeoutSeconds: 0 }),
        /ponder\.testTimeoutSeconds must be a whole number from 1 to 3600/
    );
    assert.throws(() => readSettings({ parallelRuns: 1.5 }), /ponder\.parallelRuns/);
    assert.throws(() => readSettings({ endpoints: "ftp://x" }), /ponder\.endpoints must be a list of http\(s\) URLs/);
    assert.throws(() => readSettings({ gpu: "tpu" }), /ponder\.gpu must be one of auto, cpu, cuda, vulkan, metal/);
    assert.throws(
        () => readSettings({ backend: "ollama" }),
        /ponder\.backend must be one of auto, node-llama-cpp, llama-server/
    );
    assert.throws(() => readSettings({ trustedWorkspace: "yes" }), /ponder\.trustedWorkspace must be true or false/);
});
