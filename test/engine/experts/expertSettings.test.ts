// Expert settings, the default experts per machine, job features, and the fix prompt's evidence section: data in,
// data out.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
    byStrength,
    cpuMachine,
    defaultExperts,
    diagnosticKind,
    estimatedBandwidth,
    featureKeys,
    InvalidExpertSettingsError,
    mergeExperts,
    nextStronger,
    parseExpertSettings,
    type MachineMemory
} from "../../../engine/testing.js";
import { fixPrompt } from "../../../engine/chains/fix/fixPrompt.js";

const GB = 1024 ** 3;

test("settings are read with relative paths resolved against the file's folder, and checked field by field", () => {
    const settings = parseExpertSettings(
        {
            experts: [
                {
                    name: "tuned",
                    model: "models/base.gguf",
                    lora: { path: "adapters/a.gguf", scale: 0.5 },
                    sampling: { temperature: 0.5 },
                    candidates: 2,
                    strength: 3
                },
                { name: "served", endpoints: ["http://127.0.0.1:8080"], model: "r1", apiKeyEnv: "KEY", strength: 5 },
                { name: "catalog", model: "r1-qwen-7b" }
            ],
            includeDefaults: false
        },
        "experts.json",
        "/home/u/cfg"
    );
    assert.equal(settings.includeDefaults, false);
    assert.deepEqual(settings.experts[0], {
        name: "tuned",
        model: "/home/u/cfg/models/base.gguf",
        lora: { path: "/home/u/cfg/adapters/a.gguf", scale: 0.5 },
        sampling: { temperature: 0.5 },
        candidates: 2,
        strength: 3
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
        [
            { experts: [{ name: "r", endpoints: ["http://x"], lora: { path: "a.gguf" } }] },
            /a LoRA adapter applies only to a local model/
        ],
        [
            { experts: [{ name: "r", model: "m", lora: { path: "a.gguf", scale: "big" } }] },
            /lora\.scale must be a number/
        ],
        [{ experts: [{ name: "r", model: "m", sampling: { heat: 1 } }] }, /sampling has an unknown field "heat"/],
        [{ experts: [{ name: "r", model: "m", thinkBudget: 0 }] }, /thinkBudget must be a whole number from 1/],
        [{ experts: [{ name: "r", model: "m" }], includeDefaults: "yes" }, /"includeDefaults" must be true or false/]
    ];
    for (const [value, message] of bad) {
        assert.throws(
            () => parseExpertSettings(value, "experts.json", "/"),
            (error: unknown) =>
                error instanceof InvalidExpertSettingsError && message.test(error.message) && error.badInput,
            JSON.stringify(value)
        );
    }
});

test("defaults: the best small model that fits is fast, the best dense one strong, a MoE only where it fits", () => {
    const names = (machine: MachineMemory) => defaultExperts(machine).map((e) => `${e.name}=${e.model}`);
    const cpu = (ram: number) => cpuMachine(ram * GB, ram * GB, 8);
    assert.deepEqual(names(cpu(4)), ["fast=r1-qwen-1.5b"]);
    // 16 GiB holds gpt-oss-20b (12.1 GB, 3.6B active), the only mixture of experts that fits; with no published score
    // it is not a default expert (the router would send jobs to it first as the cheapest), only the user's choice.
    assert.deepEqual(names(cpu(16)), ["fast=qwen3-4b-thinking-2507", "strong=r1-0528-qwen3-8b"]);
    assert.deepEqual(names(cpu(40)), ["fast=qwen3-4b-thinking-2507", "strong=r1-0528-qwen3-8b", "moe=qwen3.6-35b-a3b"]);
    const withGpu: MachineMemory = {
        ...cpu(32),
        backend: "cuda",
        freeVram: 16 * GB,
        totalVram: 16 * GB,
        bandwidth: estimatedBandwidth("cuda", 16 * GB)
    };
    // Qwen3.6-27B (16.0 GB) splits across 16 GB of VRAM and RAM and still decodes fast enough by the estimate.
    assert.deepEqual(names(withGpu), ["fast=qwen3-4b-thinking-2507", "strong=qwen3.6-27b", "moe=qwen3.6-35b-a3b"]);
    // Nothing fits: still one expert, the smallest.
    assert.deepEqual(names(cpu(0.5)), ["fast=r1-qwen-1.5b"]);
    const experts = defaultExperts(cpu(40));
    assert.deepEqual(
        byStrength(experts).map((e) => e.name),
        ["fast", "strong", "moe"]
    );
    assert.ok(
        experts[0]!.relativeCost! < experts[1]!.relativeCost!,
        "the fast expert is estimated cheaper than the strong one"
    );
    assert.equal(nextStronger(experts, experts[0]!, new Set(["fast"]))!.name, "strong");
    assert.equal(nextStronger(experts, experts[2]!, new Set()), undefined);
    // A user expert with a default's name replaces it.
    const merged = mergeExperts(experts, {
        experts: [{ name: "fast", model: "mine.gguf", strength: 1 }],
        includeDefaults: true
    });
    assert.deepEqual(
        merged.map((e) => `${e.name}=${e.model}`),
        ["strong=r1-0528-qwen3-8b", "moe=qwen3.6-35b-a3b", "fast=mine.gguf"]
    );
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
    assert.deepEqual(featureKeys({ kind: "fix", language: "python", contextSize: "small", diagnostic: "none" }), [
        "kind=fix",
        "kind=fix|lang=python",
        "kind=fix|lang=python|size=small",
        "kind=fix|lang=python|size=small|diag=none"
    ]);
});

test("the fix prompt is unchanged without prior attempts and lists them when given", () => {
    const input = {
        file: "series.py",
        language: "python" as const,
        targetName: "sum_to",
        context: "def sum_to(n): ...",
        importHint: "Import it."
    };
    assert.equal(fixPrompt({ ...input, priorAttempts: [] }), fixPrompt(input));
    assert.doesNotMatch(fixPrompt(input), /Earlier attempts/);
    const withEvidence = fixPrompt({
        ...input,
        priorAttempts: [
            { by: "fast", diff: "-a\n+b", failures: ["it fails 1 of 1 reproducing tests"] },
            { by: "mid", failures: [] }
        ]
    });
    assert.match(
        withEvidence,
        /Earlier attempts at this bug were not verified:\nAttempt 1 \(fast\):\n```diff\n-a\n\+b\n```\n- it fails 1 of 1 reproducing tests\nAttempt 2 \(mid\):\n\(no usable patch\)/
    );
});
