// A `RecordingSandbox` answer that plays pytest under Ponder's Python driver, for unit tests of chain phases: it
// reads the driver's arguments, finds the test functions in the files it is asked to run, and answers on the run's
// channel (and with coverage.py's JSON report in scratch when coverage is asked) as the real driver would, with
// outcomes from a script. Repeats over one scratch copy count up, so a flaky test answers differently each run.

import type { TestOutcome } from "../../engine/toolchains/index.js";
import { driverArguments, driverChannel, type DriverResult } from "./pythonDriverChannel.js";
import type { SandboxAnswer } from "./RecordingSandbox.js";

/** How one scripted test behaves; default: it passes every run and covers nothing. */
export interface ScriptedPytestTest {
    /** Outcome of each repeat over one scratch copy; the last one stands for later repeats. */
    outcomes?: Exclude<TestOutcome, "timedOut">[];
    /** The failure's message when an outcome is not a pass. */
    message?: string;
    /** Its file fails collection with this message: pytest then runs no test at all (exit code 2). */
    collectionError?: string;
    /** The driver dies before writing any report, with this on stderr. */
    crash?: string;
    /** Lines of the target file it executes. */
    covers?: number[];
    /** It fails when run from this file (as once merged into the project's test file, beside a name it clashes with). */
    failsIn?: string;
    /** It fails when its file holds other tests (it passes alone, as in the runs phase, and fails in the merged test file). */
    failsBesideOthers?: boolean;
}

export interface FakePytestScript {
    /** Scripted tests by function name; an unscripted test passes. */
    tests: Record<string, ScriptedPytestTest>;
    /** The file under test, for coverage and mutants. */
    targetFile: string;
    /** Its text unchanged: a run on another text is a mutant, and the tests covering a changed line fail on it. */
    originalText: string;
    /** The target's executable lines (coverage's executed plus missing). */
    coverable: number[];
    /** coverage.py writes no report (as when it fails at exit): no run's coverage can be read. */
    noCoverageReport?: boolean;
}

export function fakePytest(script: FakePytestScript): SandboxAnswer {
    const repeats = new Map<string, number>();
    return async ({ request, scratch }) => {
        const { coveragePath, targets } = driverArguments(request);
        const repeat = repeats.get(scratch.path) ?? 0;
        repeats.set(scratch.path, repeat + 1);
        const files = await Promise.all(
            targets.map(async (file) => ({
                file,
                names: [...((await scratch.readFile(file)) ?? "").matchAll(/^def (test_\w+)/gm)].map((m) => m[1]!)
            }))
        );
        const scripted = (name: string): ScriptedPytestTest => script.tests[name] ?? {};
        const crash = files
            .flatMap((f) => f.names)
            .map(scripted)
            .find((t) => t.crash !== undefined);
        if (crash) return { exitCode: 1, stderr: crash.crash! };
        const broken = files.filter((f) => f.names.some((name) => scripted(name).collectionError !== undefined));
        const changedLine = mutatedLine(
            script.originalText,
            (await scratch.readFile(script.targetFile)) ?? script.originalText
        );
        const cases: DriverResult[] = [];
        const executed = new Set<number>();
        for (const { file, names } of broken.length > 0 ? broken : files) {
            if (broken.length > 0) {
                const message = names.map(scripted).find((t) => t.collectionError !== undefined)!.collectionError!;
                cases.push({
                    id: file,
                    outcome: "error",
                    message: `collection failure\n\n${message}`,
                    collectionError: true
                });
                continue;
            }
            for (const name of names) {
                const test = scripted(name);
                (test.covers ?? []).forEach((line) => executed.add(line));
                const killed = changedLine !== undefined && (test.covers ?? []).includes(changedLine);
                const beside = test.failsBesideOthers === true && names.length > 1;
                const outcome =
                    killed || beside || test.failsIn === file
                        ? "failed"
                        : (test.outcomes?.[Math.min(repeat, test.outcomes.length - 1)] ?? "passed");
                const message = killed
                    ? "AssertionError: the mutant changed the result"
                    : (test.message ?? "AssertionError");
                // As the driver sends it: the message's last line, a blank line, the whole failure.
                cases.push({
                    id: `${file}::${name}`,
                    outcome,
                    ...(outcome === "passed" ? {} : { message: `${message.split("\n").at(-1)!}\n\n${message}` })
                });
            }
        }
        if (coveragePath !== "-" && broken.length === 0 && !script.noCoverageReport) {
            const executedLines = [...executed].sort((a, b) => a - b);
            const missingLines = script.coverable.filter((line) => !executed.has(line));
            await scratch.writeFile(
                coveragePath!,
                JSON.stringify({
                    files: { [script.targetFile]: { executed_lines: executedLines, missing_lines: missingLines } }
                })
            );
        }
        return {
            exitCode: broken.length > 0 ? 2 : cases.some((c) => c.outcome !== "passed") ? 1 : 0,
            channel: driverChannel(request, cases)
        };
    };
}

/** The first 1-based line where a mutant's text differs from the original; undefined when it is the original. */
function mutatedLine(original: string, text: string): number | undefined {
    if (text === original) return undefined;
    const before = original.split("\n");
    const index = text.split("\n").findIndex((line, i) => line !== before[i]);
    return index < 0 ? undefined : index + 1;
}
