// Benchmark of routing between experts: a set of scripted fix jobs (Python sum_to and TypeScript clamp) run by
// two scripted experts through the real runtime and sandbox. The fast expert thinks briefly and verifies only the
// Python bug; the strong one verifies both but thinks at length. Time to a verified result with the router
// (escalation and learning) against always the strong expert and always the fast one.

import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import {
    DiskWorkspace,
    LocalModelRuntime,
    Router,
    runWithExperts,
    Sandbox,
    seededRandom,
    type ExpertProfile,
    type GenerationRequest,
    type GenerationResult,
    type ModelRuntime,
    type RuntimeCallOptions
} from "../../engine/testing.js";
import { withDefaults } from "../../engine/testing.js";
import { buildScriptedModel, testModelDir } from "../support/models/index.js";
import { fixReplies } from "../support/fixReplies.js";
import type { BenchRow } from "./BenchRow.js";

const think = (text: string) => `<think>\n${text}\n</think>\n\n`;
/** A long, varied deliberation (no sentence repeats, so the loop guard lets it run). */
const deliberation = (topic: string) =>
    Array.from(
        { length: 80 },
        (_, i) =>
            `Case ${i + 1}: with input ${i * 3 + 1} the ${topic} should give ${i * 7 + 2} and I compare it with what the code does.`
    ).join(" ");
const tsFix =
    "```typescript\nexport function clamp(x: number, lo: number, hi: number): number {\n    if (x < lo) return lo;\n    if (x > hi) return hi;\n    return x;\n}\n```\n\n";
const tsWrongFix =
    "```typescript\nexport function clamp(x: number, lo: number, hi: number): number {\n    if (x < lo) return lo;\n    if (x > hi) return x;\n    return x;\n}\n```\n\n";
const tsTest =
    '```typescript\nimport { test } from "node:test";\nimport assert from "node:assert/strict";\n\ntest("clamps above the range to hi", () => {\n    assert.equal(clamp(15, 0, 10), 10);\n});\n```\n';

const replies = {
    fastPython: fixReplies.realFix,
    fastTypescript: think("Above the range it should keep x.") + tsWrongFix + tsTest,
    strongPython: fixReplies.realFix.replace("<think>\n", `<think>\n${deliberation("sum")}\n`),
    strongTypescript:
        think(`${deliberation("clamp")}\nAbove the range it returns lo; it must return hi.`) + tsFix + tsTest
};

/** Serves each prompt from the scripted model of its language (scripted models ignore the prompt). */
class ByLanguageRuntime implements ModelRuntime {
    constructor(
        private readonly python: ModelRuntime,
        private readonly typescript: ModelRuntime
    ) {}
    get description() {
        return this.python.description;
    }
    generate(request: GenerationRequest, options?: RuntimeCallOptions): Promise<GenerationResult> {
        const typescript = request.messages.some((m) => m.content.includes("```typescript"));
        return (typescript ? this.typescript : this.python).generate(request, options);
    }
    countTokens(text: string) {
        return this.python.countTokens(text);
    }
    /** The models stay loaded for the whole benchmark, as a language server keeps them. */
    async dispose() {}
}

const jobs = [
    { fixture: "sum-to", file: "series.py", line: 4 },
    { fixture: "ts-clamp", file: "clamp.ts", line: 4 },
    { fixture: "sum-to", file: "series.py", line: 4 },
    { fixture: "ts-clamp", file: "clamp.ts", line: 4 },
    { fixture: "ts-clamp", file: "clamp.ts", line: 4 },
    { fixture: "sum-to", file: "series.py", line: 4 },
    { fixture: "sum-to", file: "series.py", line: 4 },
    { fixture: "ts-clamp", file: "clamp.ts", line: 4 },
    { fixture: "sum-to", file: "series.py", line: 4 },
    { fixture: "ts-clamp", file: "clamp.ts", line: 4 }
];

export async function runRouterBenchmarks(): Promise<BenchRow[]> {
    const load = async (name: string, reply: string) => {
        const { path } = await buildScriptedModel(join(testModelDir(), `bench-router-${name}.gguf`), {
            replies: [reply],
            name
        });
        return LocalModelRuntime.load({
            model: path,
            gpu: false,
            threads: 1,
            contextSize: 8192,
            expectedCandidates: 1
        });
    };
    const loaded = {
        fastPython: await load("fast", replies.fastPython),
        fastTypescript: await load("fast-ts", replies.fastTypescript),
        strongPython: await load("strong", replies.strongPython),
        strongTypescript: await load("strong-ts", replies.strongTypescript)
    };
    const runtimes: Record<string, ModelRuntime> = {
        fast: new ByLanguageRuntime(loaded.fastPython, loaded.fastTypescript),
        strong: new ByLanguageRuntime(loaded.strongPython, loaded.strongTypescript)
    };
    const fast: ExpertProfile = { name: "fast", model: "fast", strength: 1, relativeCost: 1 };
    const strong: ExpertProfile = { name: "strong", model: "strong", strength: 2, relativeCost: 3 };
    const sandbox = await Sandbox.create({ workspaceTrusted: true });
    const rows: BenchRow[] = [];
    try {
        const policies: { name: string; experts: ExpertProfile[]; expert?: string }[] = [
            { name: "routing", experts: [fast, strong] },
            { name: "always strong", experts: [fast, strong], expert: "strong" },
            { name: "always fast", experts: [fast] }
        ];
        const tally = await Promise.all(
            policies.map(async () => ({
                router: await Router.open(await mkdtemp(join(tmpdir(), "ponder-bench-router-")), {
                    random: seededRandom(1)
                }),
                totalMs: 0,
                lateMs: 0,
                verified: 0,
                straightToRight: 0
            }))
        );
        // Policies take turns job by job, so a slower minute of this shared machine hits them alike.
        for (const [i, job] of jobs.entries()) {
            for (const [p, policy] of policies.entries()) {
                const root = await mkdtemp(join(tmpdir(), "ponder-bench-router-job-"));
                await cp(join("test/fixtures/fix", job.fixture), root, { recursive: true });
                const started = performance.now();
                const result = await runWithExperts({
                    kind: "fix",
                    request: withDefaults("fix", {
                        file: job.file,
                        target: { line: job.line },
                        candidates: 1,
                        extraRounds: 0,
                        seed: 1
                    }),
                    experts: policy.experts,
                    router: tally[p]!.router,
                    sandbox,
                    workspace: new DiskWorkspace(root),
                    createRuntime: async (expert) => runtimes[expert.name]!,
                    ...(policy.expert ? { expert: policy.expert } : {})
                });
                tally[p]!.totalMs += performance.now() - started;
                if (i >= jobs.length / 2) tally[p]!.lateMs += performance.now() - started;
                if (result.verified) tally[p]!.verified++;
                const right = job.fixture === "sum-to" ? "fast" : "strong";
                if (i >= jobs.length / 2 && result.attempts.length === 1 && result.attempts[0]!.expert === right)
                    tally[p]!.straightToRight++;
            }
        }
        for (const [p, policy] of policies.entries()) {
            const { totalMs, verified, straightToRight } = tally[p]!;
            rows.push({
                name: `router: ${policy.name}, ${jobs.length} fix jobs (5 Python, 5 TypeScript)`,
                value: totalMs / 1000,
                unit: "s",
                note:
                    `${verified} verified; ${(totalMs / 1000 / Math.max(verified, 1)).toFixed(1)} s per verified result` +
                    (policy.name === "routing"
                        ? `; last ${jobs.length / 2} jobs straight to the right expert: ${straightToRight}`
                        : "")
            });
        }
        rows.push({
            name: "router: routing time / always-strong time, all jobs",
            value: tally[0]!.totalMs / tally[1]!.totalMs,
            unit: "×",
            note: "below 1: routing is faster; includes learning"
        });
        rows.push({
            name: `router: routing time / always-strong time, last ${jobs.length / 2} jobs`,
            value: tally[0]!.lateMs / tally[1]!.lateMs,
            unit: "×",
            note: `once learnt: ${(tally[0]!.lateMs / 1000).toFixed(1)} s against ${(tally[1]!.lateMs / 1000).toFixed(1)} s`
        });
    } finally {
        await sandbox.dispose();
        for (const runtime of Object.values(loaded)) await runtime.dispose();
    }
    return rows;
}
