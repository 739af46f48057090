// Runs the verdict benchmark suite through one engine: for each program and kind of scripted model, the real fix
// chain on the real runtime (a scripted GGUF model built here), real toolchains and real bubblewrap; afterwards
// the chosen patch is judged by the hidden inputs against the reference, with the judge of this checkout, so two
// engines (today's compiled `out/engine/testing.js` and another) are measured by the same judge in one run.

import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as judgeEngine from "../../../engine/testing.js";
import { buildScriptedModel, testModelDir } from "../../support/models/index.js";
import type { VerdictProgram } from "./VerdictProgram.js";
import { fixReply, hiddenJudgeFiles, malformedReply, sourceFile, workspaceFiles } from "./verdictFiles.js";
import { withDefaults } from "../../../engine/testing.js";

type Engine = typeof judgeEngine;

/** wrongOnly: two different wrong fixes with true but weak tests; correctOnly; mixed: correct, wrong, malformed; userTest: a correct model and the user's failing test in the workspace. */
export const verdictKinds = ["wrongOnly", "mixed", "correctOnly", "userTest"] as const;
export type VerdictKind = (typeof verdictKinds)[number];

export interface VerdictRun {
    engine: string;
    program: string;
    language: string;
    kind: VerdictKind;
    seed: number;
    /** The fix result's status, as a string (`plausible` exists only in newer engines). */
    status: string;
    /** The chosen patch passes the hidden inputs (false when there is none). */
    chosenCorrect: boolean;
    /** Some candidate's patch is the correct fix. */
    sampledCorrect: boolean;
    modelMs: number;
    totalMs: number;
    evidence?: string;
    error?: string;
}

export interface VerdictSuiteOptions {
    programs: VerdictProgram[];
    kinds?: readonly VerdictKind[];
    seeds?: number[];
    /** Compiled engine modules (`out/engine/testing.js` of a checkout); default this checkout's. */
    engines?: string[];
    candidates?: number;
    onRun?: (run: VerdictRun) => void;
}

function repliesOf(program: VerdictProgram, kind: VerdictKind): string[] {
    const correct = fixReply(
        program,
        program.correct,
        program.correctTests,
        `The bug is in ${program.name}; this is the fix.`,
        "fixed"
    );
    const wrong = program.wrong.map((w, i) =>
        fixReply(program, w.code, w.tests, `I am sure the bug in ${program.name} is fixed like this.`, `sure${i}`)
    );
    switch (kind) {
        case "wrongOnly":
            return wrong;
        case "mixed":
            return [correct, wrong[0]!, malformedReply(program)];
        case "correctOnly":
        case "userTest":
            return [correct];
    }
}

const normalized = (text: string | undefined) => (text ?? "").replace(/\s+/g, " ").trim();

async function loadEngine(path: string | undefined): Promise<Engine> {
    return path === undefined ? judgeEngine : ((await import(pathToFileURL(resolve(path)).href)) as Engine);
}

/** The chosen patch's text judged against the reference on the hidden inputs, in this checkout's sandbox. */
async function judged(
    program: VerdictProgram,
    root: string,
    patchedText: string | undefined,
    sandbox: judgeEngine.Sandbox
): Promise<boolean> {
    if (patchedText === undefined) return false;
    const { files, testFile } = hiddenJudgeFiles(program);
    const result = await judgeEngine.runTests({
        sandbox,
        workspaceRoot: root,
        toolchain: program.language === "python" ? "python" : "javascript",
        contents: { ...files, [sourceFile(program)]: patchedText },
        tests: [testFile],
        testTimeoutMs: 10_000
    });
    return result.kind === "ran" && result.tests.length > 0 && result.tests.every((t) => t.outcome === "passed");
}

/** One run: a fresh workspace, the engine's fix chain with the kind's scripted model, then the judge. */
async function runOne(
    engine: Engine,
    engineName: string,
    program: VerdictProgram,
    kind: VerdictKind,
    seed: number,
    candidates: number,
    sandboxes: { chain: judgeEngine.Sandbox; judge: judgeEngine.Sandbox }
): Promise<VerdictRun> {
    const root = await mkdtemp(join(tmpdir(), `ponder-verdict-${program.module}-`));
    for (const [path, text] of Object.entries(workspaceFiles(program, kind === "userTest"))) {
        await mkdir(dirname(join(root, path)), { recursive: true });
        await writeFile(join(root, path), text);
    }
    const base = { engine: engineName, program: program.name, language: program.language, kind, seed };
    const { path } = await buildScriptedModel(
        join(testModelDir(), `verdict-${program.language}-${program.name}-${kind}.gguf`),
        { replies: repliesOf(program, kind) }
    );
    const runtime = await engine.LocalModelRuntime.load({
        model: path,
        gpu: false,
        threads: 1,
        contextSize: 8192,
        expectedCandidates: candidates
    });
    try {
        const result = await engine.runFixChain(
            withDefaults("fix", {
                file: sourceFile(program),
                target: { name: program.name },
                candidates,
                extraRounds: 0,
                seed
            }),
            { runtime, sandbox: sandboxes.chain, workspace: new engine.DiskWorkspace(root) }
        );
        const chosen = result.patch
            ? result.candidates.find((c) => c.round === result.patch!.round && c.index === result.patch!.candidate)
            : undefined;
        const evidence = (result as { evidence?: { summary?: unknown } }).evidence?.summary;
        return {
            ...base,
            status: String(result.status),
            chosenCorrect: await judged(program, root, chosen?.patchedText, sandboxes.judge),
            sampledCorrect: result.candidates.some((c) => normalized(c.patchedText) === normalized(program.correct)),
            modelMs: result.timings.modelMs,
            totalMs: result.timings.totalMs,
            ...(typeof evidence === "string" ? { evidence } : {})
        };
    } catch (error) {
        return {
            ...base,
            status: "error",
            chosenCorrect: false,
            sampledCorrect: false,
            modelMs: 0,
            totalMs: 0,
            error: String(error)
        };
    } finally {
        await runtime.dispose();
    }
}

/** Every program × kind × seed through every engine; runs are returned in that order. */
export async function runVerdictSuite(options: VerdictSuiteOptions): Promise<VerdictRun[]> {
    const runs: VerdictRun[] = [];
    const judge = await judgeEngine.Sandbox.create({ workspaceTrusted: true });
    try {
        for (const enginePath of options.engines ?? [undefined]) {
            const engine = await loadEngine(enginePath);
            const chain = await engine.Sandbox.create({ workspaceTrusted: true });
            try {
                for (const program of options.programs) {
                    for (const kind of options.kinds ?? verdictKinds) {
                        // Wrong-only, correct-only and user-test models have one branch per reply; only mixed varies by seed.
                        for (const seed of kind === "mixed" ? (options.seeds ?? [1]) : [options.seeds?.[0] ?? 1]) {
                            const run = await runOne(
                                engine,
                                enginePath ?? "this checkout",
                                program,
                                kind,
                                seed,
                                options.candidates ?? 4,
                                { chain, judge }
                            );
                            runs.push(run);
                            options.onRun?.(run);
                        }
                    }
                }
            } finally {
                await chain.dispose();
            }
        }
    } finally {
        await judge.dispose();
    }
    return runs;
}
