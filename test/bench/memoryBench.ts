// Benchmarks of the solution memory and symbolic candidates: recall latency over a memory of 10,000 stored
// solutions (generated: varied Python, Rust and TypeScript functions with varied messages), the memory file's
// size and load time, and the time to a verified fix of the compile-error fixtures with and without symbolic
// candidates (scripted models through the real runtime, real cargo / node in bubblewrap).

import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import {
    defaultSymbolicSources,
    describeProblem,
    DiskWorkspace,
    LocalModelRuntime,
    runFixChain,
    Sandbox,
    SolutionMemory,
    type FixRequest,
    type NewSolution,
    type SourceLanguage
} from "../../engine/testing.js";
import { buildScriptedModel, testModelDir } from "../support/models/index.js";
import { symbolicReplies } from "../support/symbolicReplies.js";
import type { BenchRow } from "./BenchRow.js";
import { withDefaults } from "../../engine/testing.js";

const words = [
    "total",
    "count",
    "value",
    "items",
    "index",
    "limit",
    "scale",
    "range",
    "price",
    "score",
    "width",
    "depth",
    "name",
    "path",
    "line",
    "text"
];
const pick = (i: number, k: number) => words[(i * 7 + k * 13) % words.length]!;

/** The i-th generated problem: a small function in one of three languages with one of several bug shapes. */
function generatedProblem(i: number): { language: SourceLanguage; code: string; message: string } {
    const a = pick(i, 1),
        b = pick(i, 2),
        c = pick(i, 3);
    const shape = i % 5;
    if (i % 3 === 0) {
        const body = [
            `    for ${a} in range(${b}):\n        ${c} += ${a}\n`,
            `    if ${a} < ${b}:\n        return ${c}\n`,
            `    return [${a} * ${i % 10} for ${a} in ${b} if ${a} % 2]\n`,
            `    while ${a} > 0:\n        ${a} -= ${b}\n`,
            `    return ${b}.get("${c}", ${i % 100})\n`
        ][shape]!;
        return {
            language: "python",
            code: `def ${a}_${c}_${i}(${b}, ${c}=0):\n    ${a} = ${i % 17}\n${body}    return ${c}\n`,
            message:
                [
                    `AssertionError: assert ${i} == ${i + 1}`,
                    `TypeError: '<' not supported between instances of 'str' and 'int'`,
                    `IndexError: list index out of range`,
                    `KeyError: '${c}'`,
                    `RecursionError: maximum recursion depth exceeded`
                ][shape]! + ` in file_${i}.py:${i % 90}`
        };
    }
    if (i % 3 === 1) {
        const body = [
            `    for ${a} in ${b}.iter() { ${c} += ${a}; }\n`,
            `    if ${a} < ${b}.len() { return ${c}; }\n`,
            `    let ${a}: Vec<u32> = ${b}.iter().map(|x| x * ${i % 10}).collect();\n`,
            `    while ${c} > 0 { ${c} -= 1; }\n`,
            `    ${b}.get(${i % 7}).copied().unwrap_or(0);\n`
        ][shape]!;
        return {
            language: "rust",
            code: `pub fn ${a}_${c}_${i}(${b}: &[u32]) -> u32 {\n    let mut ${c} = ${i % 13};\n    let ${a} = 0;\n${body}    ${c}\n}\n`,
            message: [
                `error[E0308]: mismatched types: expected \`u32\`, found \`usize\``,
                `error[E0502]: cannot borrow \`${b}\` as mutable`,
                `error[E0425]: cannot find value \`${a}\` in this scope`,
                `thread 'tests::t${i}' panicked at src/lib.rs:${i % 50}:5`,
                `error[E0599]: no method named \`${c}\` found`
            ][shape]!
        };
    }
    const body = [
        `    for (const ${a} of ${b}) ${c} += ${a};\n`,
        `    if (${a} < ${b}.length) return ${c};\n`,
        `    const ${a} = ${b}.map((x) => x * ${i % 10});\n`,
        `    while (${c} > 0) ${c}--;\n`,
        `    return ${b}[${i % 7}] ?? 0;\n`
    ][shape]!;
    return {
        language: "typescript",
        code: `export function ${a}${c}${i}(${b}: number[]): number {\n    let ${c} = ${i % 11};\n    const ${a} = 0;\n${body}    return ${c};\n}\n`,
        message: [
            `TS2304: Cannot find name '${a}'.`,
            `AssertionError [ERR_ASSERTION]: Expected values to be strictly equal: ${i} !== ${i + 1}`,
            `TS2322: Type 'string' is not assignable to type 'number'.`,
            `TypeError: Cannot read properties of undefined (reading '${c}')`,
            `RangeError: Maximum call stack size exceeded`
        ][shape]!
    };
}

async function memoryOf(count: number, file?: string): Promise<{ memory: SolutionMemory; describeMs: number }> {
    const memory = await SolutionMemory.open({ maxEntries: count, ...(file ? { file } : {}) });
    const solutions: NewSolution[] = [];
    const started = performance.now();
    for (let i = 0; i < count; i++) {
        const problem = generatedProblem(i);
        solutions.push({
            kind: "fix",
            signature: await describeProblem(problem),
            file: `src/file_${i}`,
            target: `f${i}`,
            example: {
                before: problem.code,
                after: problem.code.replace("0", "1"),
                diff: `--- a/f\n+++ b/f\n@@ -1 +1 @@\n-${problem.code.split("\n")[1]}\n+changed\n`
            },
            pattern: ["1", "+"]
        });
    }
    const describeMs = (performance.now() - started) / count;
    await memory.rememberMany(solutions);
    return { memory, describeMs };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (values: number[], p: number) =>
    [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

export async function recallBenchmarks(): Promise<BenchRow[]> {
    const file = join(await mkdtemp(join(tmpdir(), "ponder-memory-bench-")), "memory.json");
    const { memory, describeMs } = await memoryOf(10_000, file);
    const stats = await memory.stats();
    const recallMs: number[] = [];
    const recallCpuMs: number[] = [];
    const endToEndMs: number[] = [];
    for (let q = 0; q < 60; q++) {
        const problem = generatedProblem(10_000 + q * 17);
        const started = performance.now();
        const signature = await describeProblem(problem);
        const recallStarted = performance.now();
        const cpuStarted = process.cpuUsage();
        const recalled = memory.recall(signature);
        const cpu = process.cpuUsage(cpuStarted);
        const done = performance.now();
        if (recalled.length === 0) throw new Error("the benchmark's query recalled nothing");
        if (q >= 10) {
            recallMs.push(done - recallStarted);
            recallCpuMs.push((cpu.user + cpu.system) / 1000);
            endToEndMs.push(done - started);
        }
    }
    const loadStarted = performance.now();
    const reopened = await SolutionMemory.open({ file, maxEntries: 10_000 });
    const loadMs = performance.now() - loadStarted;
    if (reopened.size !== 10_000) throw new Error(`the memory file held ${reopened.size} solutions`);
    return [
        {
            name: "memory recall over 10,000 solutions (median)",
            value: median(recallMs),
            unit: "ms",
            note: "weighted Jaccard, structure + message, top 3"
        },
        { name: "memory recall over 10,000 solutions (p95)", value: percentile(recallMs, 0.95), unit: "ms" },
        {
            name: "memory recall over 10,000 solutions, CPU time (median)",
            value: median(recallCpuMs),
            unit: "ms",
            note: "less sensitive to a loaded machine"
        },
        {
            name: "memory recall incl. the query's signature (median)",
            value: median(endToEndMs),
            unit: "ms",
            note: "tree-sitter parse + normalisation + recall"
        },
        { name: "problem signature per stored solution", value: describeMs, unit: "ms" },
        { name: "memory file with 10,000 solutions", value: stats.bytes / (1024 * 1024), unit: "MiB" },
        { name: "memory file load, 10,000 solutions", value: loadMs, unit: "ms" }
    ];
}

/** One copy per fixture, reused by every run, so cargo's caches are warm as in a real workspace. */
const fixtureRoots = new Map<string, string>();

async function timeToVerifiedFix(
    sandbox: Sandbox,
    fixture: string,
    request: FixRequest,
    reply: string,
    symbolic: boolean
) {
    let root = fixtureRoots.get(fixture);
    if (!root) {
        root = await mkdtemp(join(tmpdir(), "ponder-symbolic-bench-"));
        await cp(join("test/fixtures/symbolic", fixture), root, { recursive: true });
        fixtureRoots.set(fixture, root);
    }
    const { path } = await buildScriptedModel(join(testModelDir(), `bench-symbolic-${fixture}-${reply.length}.gguf`), {
        replies: [reply]
    });
    const runtime = await LocalModelRuntime.load({
        model: path,
        gpu: false,
        threads: 1,
        contextSize: 8192,
        expectedCandidates: 2
    });
    try {
        const started = performance.now();
        const result = await runFixChain(withDefaults("fix", request), {
            runtime,
            sandbox,
            workspace: new DiskWorkspace(root),
            ...(symbolic ? { symbolic: defaultSymbolicSources() } : {})
        });
        return { ms: performance.now() - started, result };
    } finally {
        await runtime.dispose();
    }
}

async function symbolicBenchmarks(): Promise<BenchRow[]> {
    const sandbox = await Sandbox.create({ workspaceTrusted: true });
    const rows: BenchRow[] = [];
    const rust: FixRequest = { file: "src/lib.rs", target: { line: 10 }, candidates: 2, extraRounds: 0, seed: 1 };
    try {
        // A warm-up fills cargo's caches (the test build and the check) so every arm starts alike.
        await timeToVerifiedFix(sandbox, "rust-words", rust, symbolicReplies.rustWordsRight, true);
        await timeToVerifiedFix(
            sandbox,
            "ts-missing-import",
            { file: "scale.ts", target: { line: 3 }, candidates: 2, extraRounds: 0, seed: 1 },
            symbolicReplies.tsScaleWrong,
            true
        );
        const cases: [string, string, boolean][] = [
            ["rust E0308, right model, no symbolic", symbolicReplies.rustWordsRight, false],
            ["rust E0308, right model + symbolic", symbolicReplies.rustWordsRight, true],
            ["rust E0308, slow wrong model + symbolic", symbolicReplies.rustWordsWrongAndSlow, true],
            ["rust E0308, slow wrong model, no symbolic", symbolicReplies.rustWordsWrongAndSlow, false]
        ];
        for (const [name, reply, symbolic] of cases) {
            const times: number[] = [];
            let note = "";
            for (let i = 0; i < 2; i++) {
                const { ms, result } = await timeToVerifiedFix(sandbox, "rust-words", rust, reply, symbolic);
                times.push(ms);
                note =
                    `${result.status}${result.patch?.origin ? ` by ${result.patch.origin.tool}` : result.patch ? " by the model" : ""}` +
                    `${result.symbolic?.modelCancelled ? ", model cancelled" : ""}; model ${result.timings.modelMs} ms`;
            }
            rows.push({ name: `time to result: ${name}`, value: median(times), unit: "ms", note });
        }
        const ts: FixRequest = { file: "scale.ts", target: { line: 3 }, candidates: 2, extraRounds: 0, seed: 1 };
        for (const symbolic of [false, true]) {
            const { ms, result } = await timeToVerifiedFix(
                sandbox,
                "ts-missing-import",
                ts,
                symbolicReplies.tsScaleWrong,
                symbolic
            );
            rows.push({
                name: `time to result: ts missing import, wrong model${symbolic ? " + symbolic" : ", no symbolic"}`,
                value: ms,
                unit: "ms",
                note: `${result.status}${result.patch?.origin ? ` by ${result.patch.origin.tool}` : ""}`
            });
        }
    } finally {
        await sandbox.dispose();
    }
    return rows;
}

export async function runMemoryBenchmarks(): Promise<BenchRow[]> {
    return [...(await recallBenchmarks()), ...(await symbolicBenchmarks())];
}
