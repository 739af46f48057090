// The server's settings: defaults filled in, verification limits converted, and every bad value refused with
// one message naming the setting.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readSettings } from "../../server/settings.js";

test("defaults, and the verification limits in the engine's units", () => {
    const defaults = readSettings(undefined);
    assert.equal(defaults.candidates, 4);
    assert.equal(defaults.extraRounds, 2);
    assert.deepEqual(defaults.endpoints, []);
    assert.equal(defaults.testTimeoutMs, undefined);
    const given = readSettings({ testTimeoutSeconds: 9, parallelRuns: 2, endpoints: ["http://127.0.0.1:8080"], apiKeyEnv: "KEY" });
    assert.equal(given.testTimeoutMs, 9000);
    assert.equal(given.parallelRuns, 2);
    assert.deepEqual(given.endpoints, ["http://127.0.0.1:8080"]);
    assert.equal(given.apiKeyEnv, "KEY");
});

test("bad values are refused with the setting named", () => {
    assert.throws(() => readSettings({ testTimeoutSeconds: 0 }), /ponder\.testTimeoutSeconds must be a whole number from 1 to 3600/);
    assert.throws(() => readSettings({ parallelRuns: 1.5 }), /ponder\.parallelRuns/);
    assert.throws(() => readSettings({ endpoints: "ftp://x" }), /ponder\.endpoints must be a list of http\(s\) URLs/);
    assert.throws(() => readSettings({ gpu: "tpu" }), /ponder\.gpu must be one of auto, cpu, cuda, vulkan, metal/);
    assert.throws(() => readSettings({ trustedWorkspace: "yes" }), /ponder\.trustedWorkspace must be true or false/);
});
