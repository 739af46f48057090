// Steps 7–8 of the port chain: the file's tests ported to the target and the counterexamples kept as
// regression tests, both run on the final port; then each unit's verdict, the proven functions settled into
// the solution memory, and the result with the port's new files.

import { performance } from "node:perf_hooks";
import { solutionPattern } from "../../memory/index.js";
import type { MemoryReport } from "../ChainTypes.js";
import { assemblePort } from "./buildPhase.js";
import { keptCounterexamples } from "./caseSelection.js";
import type { AssembledPort, PortedSignature, PortedTestCode } from "./PortBackends.js";
import { harnessedUnits, isHarnessed, type PortRun, type PortTestCode } from "./PortRun.js";
import type { PortedTest, PortResult } from "./PortTypes.js";
import { portStatus, unitStatus } from "./unitVerdicts.js";

/** The final port and what became of each of the file's tests. */
export interface PortedFileTests {
    port: AssembledPort;
    tests: PortedTest[];
}

/** The tests the final port carries: the file's tests rendered for the harnessed functions, and the kept counterexamples. */
async function testCodeOf(run: PortRun): Promise<PortTestCode> {
    const functions = new Map<string, PortedSignature>(
        harnessedUnits(run).map((s) => [s.unit.name, s.item!.signature!])
    );
    const portedTests = run.target.renderTests(
        await run.source.planTests(run.decomposed.tests, new Set(functions.keys()), run.parser),
        functions
    );
    const kept = run.units.flatMap((state) => {
        const signature = state.item?.signature;
        if (!signature || !state.inBuild || !isHarnessed(run, state)) return [];
        return keptCounterexamples(state.report.counterexamples).map((c) => ({
            signature,
            args: c.args,
            expected: c.expected
        }));
    });
    return { portedTests, counterexampleTests: run.target.counterexampleTests(kept) };
}

/** Each ported test's outcome from the target's run of the tests (or why they did not build). */
async function runPortedTests(
    run: PortRun,
    port: AssembledPort,
    portedTests: readonly PortedTestCode[],
    tests: PortedTest[]
): Promise<void> {
    const ran = await run.target.runTests(port, run.context);
    for (const test of tests.filter((t) => t.ported)) {
        const id = portedTests.find((p) => p.name === test.name)!.id!;
        const outcome = ran.kind === "ran" ? ran.outcomes.get(id) : undefined;
        test.outcome = outcome?.passed ? "passed" : "failed";
        if (!outcome?.passed)
            test.reason =
                ran.kind === "failed"
                    ? `the tests do not build: ${ran.message.split("\n")[0]}`
                    : (outcome?.message ?? "the runner did not report it");
    }
    if (ran.kind === "failed") run.notes.push(`the ported tests do not build: ${ran.message}`);
}

/** 7. The file's tests, and the counterexamples, as tests of the port: assembled into the final port and run when it built. */
export async function portFileTests(run: PortRun): Promise<PortedFileTests> {
    const testCode = await testCodeOf(run);
    const { portedTests, counterexampleTests } = testCode;
    const tests: PortedTest[] = portedTests.map((t) =>
        t.code
            ? { name: t.name, ported: true, outcome: "failed" }
            : { name: t.name, ported: false, outcome: "notPorted", reason: t.reason! }
    );
    const included = run.units.filter((state) => state.inBuild);
    const port = assemblePort(run, included.length > 0 ? included : run.units.filter((state) => state.item), testCode);
    if (run.crate && (portedTests.some((t) => t.code) || counterexampleTests.length > 0)) {
        run.emit({
            kind: "step",
            step: "tests",
            round: 0,
            detail: `${portedTests.filter((t) => t.code).length} ported tests, ${counterexampleTests.length} counterexample tests`
        });
        await runPortedTests(run, port, portedTests, tests);
    }
    return { port, tests };
}

/** Every proven function is stored; each recalled port is judged by whether its pattern reappears in the unit's final code. */
function settleMemory(run: PortRun): Promise<MemoryReport | undefined> {
    if (!run.memory) return Promise.resolve(undefined);
    return run.memory.settle(
        run.units.flatMap((state) => {
            const code = state.report.status === "equivalent" ? state.report.code : undefined;
            return code === undefined
                ? []
                : [
                      {
                          target: state.unit.name,
                          file: run.file,
                          example: { before: state.unit.source, after: code, diff: "" },
                          pattern: solutionPattern("", code)
                      }
                  ];
        })
    );
}

/** 8. Result: each unit's final code and verdict, the port's status, the memory settled, the new files under the port's folder. */
export async function portResult(run: PortRun, { port, tests }: PortedFileTests): Promise<PortResult> {
    for (const state of run.units) {
        const report = state.report;
        report.compiled = state.inBuild;
        if (state.item) report.code = state.item.code;
        if (state.item?.modelCall !== undefined) report.modelCall = state.item.modelCall;
        report.status = unitStatus({ inBuild: state.inBuild, harnessed: isHarnessed(run, state), report });
    }
    const reports = run.units.map((state) => state.report);
    const status = portStatus(reports);
    run.emit({
        kind: "step",
        step: "assemble",
        round: 0,
        detail: `${status}: ${Object.keys(port.files).length} files in ${run.outDir}`
    });
    const memory = await settleMemory(run);
    const { timings } = run;
    return {
        status,
        file: run.file,
        to: run.request.to,
        outDir: run.outDir,
        ...(memory ? { memory } : {}),
        outputs: Object.entries(port.files).map(([path, fileText]) => ({
            path: `${run.outDir}/${path}`,
            text: fileText
        })),
        units: reports,
        order: run.units.map((state) => state.unit.name),
        imports: run.imports,
        tests,
        notes: run.notes,
        timings: {
            modelMs: Math.round(timings.modelMs),
            buildMs: Math.round(timings.buildMs),
            differentialMs: Math.round(timings.differentialMs),
            totalMs: Math.round(performance.now() - timings.startedAt)
        }
    };
}
