// Expert settings, the default experts per machine, job features, and the fix prompt's evidence section: data in,
// data out.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
    byStrength, defaultExperts, diagnosticKind, featureKeys, InvalidExpertSettingsError, mergeExperts, nextStronger, parseExpertSettings
} from "../../../engine/index.js";
import { fixPrompt } from "../../../engine/chains/fix/fixPrompt.js";

const GB = 1024 ** 3;

test("settings are read with relative paths resolved against the file's folder, and checked field by field", () => {
    const settings = parseExpertSettings({
        experts: [
            { name: "tuned", model: "models/base.gguf", lora: { path: "adapters/a.gguf", scale: 0.5 }, sampling: { temperature: 0.5 }, candidates: 2, strength: 3 },
            { name: "served", endpoints: ["http://127.0.0.1:8080"], model: "r1", apiKeyEnv: "KEY", strength: 5 },
            { name: "catalog", model: "r1-qwen-7b" }
        ],
        includeDefaults: false
    }, "experts.json", "/home/u/cfg");
    assert.equal(settings.includeDefaults, false);
    assert.deepEqual(settings.experts[0], {
        name: "tuned", model: "/home/u/cfg/models/base.gguf", lora: { path: "/home/u/cfg/adapters/a.gguf", scale: 0.5 },
        sampling: { temperature: 0.5 }, candidates: 2, strength: 3
    });
    assert.equal(settings.experts[1]!.model, "r1", "a served model's name is not a path");
    assert.equal(settings.experts[2]!.model, "r1-qwen-7b", "a catalog id is not a path");
    assert.equal(settings.experts[2]!.strength, 1);
    assert.deepEqual(parseExpertSettings([{ name: "a", model: "x.gguf" }], "s", "/").includeDefaults, true);

    const bad: [unknown, RegExp][] = [
        [42, /expected an object with an "experts" array/],
        [{ experts: [], extra: 1 }, /unknown field "extra"/],
        [{ experts: [{ name: "has space", model: "m" }] }, /may hold only letters/],
        [{ experts: [{ name: "r", endpoints: ["ftp://x"] }] }, /endpoints must be a non-empty array of http\(s\) URLs/],
        [{ experts: [{ name: "r", endpoints: ["http://x"], lora: { path: "a.gguf" } }] }, /a LoRA adapter applies only to a local model/],
        [{ experts: [{ name: "r", model: "m", lora: { path: "a.gguf", scale: "big" } }] }, /lora\.scale must be a number/],
        [{ experts: [{ name: "r", model: "m", sampling: { heat: 1 } }] }, /sampling has an unknown field "heat"/],
        [{ experts: [{ name: "r", model: "m", thinkBudget: 0 }] }, /thinkBudget must be a whole number from 1/],
        [{ experts: [{ name: "r", model: "m" }], includeDefaults: "yes" }, /"includeDefaults" must be true or false/]
    ];
    for (const [value, message] of bad) {
        assert.throws(() => parseExpertSettings(value, "experts.json", "/"), (error: unknown) =>
            error instanceof InvalidExpertSettingsError && message.test(error.message) && error.badInput, JSON.stringify(value));
    }
});

test("defaults: the smallest distill that fits is fast, the best is strong, a MoE only where it fits", () => {
    const names = (ram: number) => defaultExperts({ freeRam: ram * GB, freeVram: 0, cores: 8 }).map((e) => `${e.name}=${e.model}`);
    assert.deepEqual(names(4), ["fast=r1-qwen-1.5b"]);
    assert.deepEqual(names(16), ["fast=r1-qwen-1.5b", "strong=r1-llama-8b"]);
    assert.deepEqual(names(40), ["fast=r1-qwen-1.5b", "strong=r1-llama-8b", "moe=qwen3-30b-a3b"]);
    const withGpu = defaultExperts({ freeRam: 32 * GB, freeVram: 16 * GB, cores: 8 }).map((e) => `${e.name}=${e.model}`);
    assert.deepEqual(withGpu, ["fast=r1-qwen-1.5b", "strong=r1-qwen-32b", "moe=qwen3-30b-a3b"]);
    // Nothing fits: still one expert, the smallest.
    assert.deepEqual(names(0.5), ["fast=r1-qwen-1.5b"]);
    const experts = defaultExperts({ freeRam: 40 * GB, freeVram: 0, cores: 8 });
    assert.deepEqual(byStrength(experts).map((e) => e.name), ["fast", "strong", "moe"]);
    assert.equal(nextStronger(experts, experts[0]!, new Set(["fast"]))!.name, "strong");
    assert.equal(nextStronger(experts, experts[2]!, new Set()), undefined);
    // A user expert with a default's name replaces it.
    const merged = mergeExperts(experts, { experts: [{ name: "fast", model: "mine.gguf", strength: 1 }], includeDefaults: true });
    assert.deepEqual(merged.map((e) => `${e.name}=${e.model}`), ["strong=r1-llama-8b", "moe=qwen3-30b-a3b", "fast=mine.gguf"]);
});

test("job features: diagnostic kinds from test output, keys from general to specific", () => {
    const cases: [string | undefined, string][] = [
        [undefined, "none"],
        ["E   AssertionError: assert 3 == 6", "assertion"],
        ["E   Failed: Timeout >3.0s", "timeout"],
        ["thread 'tests::t' panicked at src/lib.rs:4:5:", "panic"],
        ["error[E0308]: mismatched types", "build"],
        ["Traceback ...\nZeroDivisionError: division by zero", "exception:ZeroDivisionError"],
        ["something odd", "other"]
    ];
    for (const [output, kind] of cases) assert.equal(diagnosticKind(output), kind, String(output));
    assert.deepEqual(featureKeys({ kind: "fix", language: "python", contextSize: "small", diagnostic: "none" }),
        ["kind=fix", "kind=fix|lang=python", "kind=fix|lang=python|size=small", "kind=fix|lang=python|size=small|diag=none"]);
});

test("the fix prompt is unchanged without prior attempts and lists them when given", () => {
    const input = { file: "series.py", language: "python" as const, targetName: "sum_to", context: "def sum_to(n): ...", importHint: "Import it." };
    assert.equal(fixPrompt({ ...input, priorAttempts: [] }), fixPrompt(input));
    assert.doesNotMatch(fixPrompt(input), /Earlier attempts/);
    const withEvidence = fixPrompt({ ...input, priorAttempts: [{ by: "fast", diff: "-a\n+b", failures: ["it fails 1 of 1 reproducing tests"] }, { by: "mid", failures: [] }] });
    assert.match(withEvidence, /Earlier attempts at this bug were not verified:\nAttempt 1 \(fast\):\n```diff\n-a\n\+b\n```\n- it fails 1 of 1 reproducing tests\nAttempt 2 \(mid\):\n\(no usable patch\)/);
});
