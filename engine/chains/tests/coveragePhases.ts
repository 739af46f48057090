// The tests chain's coverage phases: the target's lines covered by the existing tests and by each passing test
// alone (phase 5), the greedy keep by new lines (phase 5), and the test-file edit with the kept tests run together
// for the final coverage (phase 6).

import { languageSupportOf } from "../../languages/index.js";
import { listTestUnits, type SourceLanguage } from "../../analysis/index.js";
import type { TestRunResult } from "../../toolchains/index.js";
import { overlayTexts } from "../fix/testPlacement.js";
import { inParallel } from "../inParallel.js";
import { selectByCoverage } from "./greedyCoverage.js";
import { onlyTests, type PoolResult, type PooledTest } from "./poolTests.js";
import { percentOf, targetLines } from "./targetCoverage.js";
import { mergeTestCode, mergedText, renameTest, testFileEdit, testFileFor } from "./testConventions.js";
import { unprovenKeptTests } from "./keptTestsProof.js";
import type { CoverageMeasure, KeptSelection, RanTest, TestFileChange, TestsRun } from "./TestsRun.js";
import type { DroppedTest, TestFileEdit } from "./TestsTypes.js";

/** Phase 5a: coverage of the existing tests (the baseline), then of each passing test on its own. */
export async function measureCoverage(testsRun: TestsRun, passing: RanTest[]): Promise<CoverageMeasure> {
    const { language, file, originalText, existingTestFiles, runTests, target } = testsRun;
    testsRun.emit({
        kind: "step",
        step: "coverage",
        detail: `${existingTestFiles.length} existing test files, ${passing.length} passing tests`
    });
    const linesOf = (result: TestRunResult | undefined) => targetLines(result, file, target.firstLine, target.lastLine);
    const coverable = new Set<number>();
    const coveredBy: (Set<number> | undefined)[] = passing.map(() => undefined);
    let baseline = new Set<number>();
    let measured = languageSupportOf(language).toolchain.measuresCoverage;
    if (measured && existingTestFiles.length > 0) {
        const lines = linesOf((await runTests({}, existingTestFiles, { coverage: true })).runs[0]);
        if (lines) {
            baseline = lines.covered;
            lines.coverable.forEach((line) => coverable.add(line));
        }
    }
    if (measured) {
        await inParallel(
            testsRun.parallelRuns,
            passing.map((entry, index) => ({ entry, index })),
            async ({ entry, index }) => {
                const lines = linesOf(
                    (
                        await runTests(
                            overlayTexts(language, file, originalText, [entry.placed]),
                            [entry.placed.file],
                            { coverage: true }
                        )
                    ).runs[0]
                );
                if (lines) {
                    coveredBy[index] = lines.covered;
                    lines.coverable.forEach((line) => coverable.add(line));
                }
            }
        );
        if (passing.length > 0 && coveredBy.every((covered) => covered === undefined)) measured = false;
    }
    const notes = measured
        ? []
        : [`Line coverage is not measured for ${language} here: passing tests were kept without a coverage check.`];
    return { measured, baseline, coverable, coveredBy, notes };
}

/** Phase 5b: the passing tests kept greedily by the new lines each adds; each decision is reported as it is made. */
export function keepByNewLines(testsRun: TestsRun, passing: RanTest[], coverage: CoverageMeasure): KeptSelection {
    const candidates = passing.map((entry, index) => ({
        test: entry,
        ...(coverage.coveredBy[index] ? { covered: coverage.coveredBy[index] } : {})
    }));
    const { decisions, covered } = selectByCoverage(candidates, coverage.baseline, coverage.measured);
    const kept: KeptSelection["kept"] = [];
    const dropped: DroppedTest[] = [];
    for (const decision of decisions) {
        const { test } = decision.test;
        if (decision.kept) kept.push({ entry: decision.test, newLines: decision.newLines });
        else dropped.push({ name: test.name, candidate: test.candidate, reason: decision.reason, code: test.code });
        testsRun.emit({
            kind: "test",
            name: test.name,
            verdict: decision.kept ? "kept" : "dropped",
            reason: decision.reason
        });
    }
    return { kept, dropped, covered };
}

/**
 * Phase 6: the kept tests merged into the test file's edit and run together on the current code, for the final
 * coverage and as their proof: a kept test the runner does not report as passed in that run is dropped, and the
 * rest merged and run again (once; if they still do not all pass, none is kept).
 */
export async function editTestFile(
    testsRun: TestsRun,
    pool: PoolResult,
    selection: KeptSelection,
    coverage: CoverageMeasure
): Promise<TestFileChange> {
    const { file, existingTestFiles, target } = testsRun;
    const testFile = testFileFor(testsRun.language, file, testsRun.project);
    let merged = await mergedEdit(testsRun, pool, selection);
    let together: TestRunResult | undefined;
    const notes: string[] = [];
    for (let attempt = 0; merged.edits.length > 0; attempt++) {
        const edit = merged.edits[0]!;
        together = (
            await testsRun.runTests(
                { [edit.file]: edit.newText },
                [...new Set([...existingTestFiles, edit.file])],
                coverage.measured ? { coverage: true } : {}
            )
        ).runs[0];
        const unproven = unprovenKeptTests(
            selection.kept.map((k) => k.entry.test.name),
            together,
            edit.file
        );
        if (unproven.length === 0) break;
        // The last attempt keeps nothing: tests that pass alone but not together are not a proven file.
        const dropping =
            attempt === 0
                ? unproven
                : selection.kept.map((k) => ({
                      name: k.entry.test.name,
                      reason:
                          unproven.find((u) => u.name === k.entry.test.name)?.reason ??
                          "the kept tests still do not all pass together"
                  }));
        for (const { name, reason } of dropping) {
            const index = selection.kept.findIndex((k) => k.entry.test.name === name);
            if (index < 0) continue;
            const [removed] = selection.kept.splice(index, 1);
            selection.dropped.push({
                name,
                candidate: removed!.entry.test.candidate,
                reason,
                code: removed!.entry.test.code
            });
            testsRun.emit({ kind: "test", name, verdict: "dropped", reason });
        }
        notes.push(
            `Dropped ${dropping.length} test(s) that did not pass when the kept tests ran together in ${edit.file}: ${dropping.map((d) => d.name).join(", ")}.`
        );
        together = undefined;
        merged = await mergedEdit(testsRun, pool, selection);
    }
    const coverable = new Set(coverage.coverable);
    // Without a run together, the final coverage is what the baseline and the kept tests covered one by one.
    let coverageAfter = percentOf(selection.covered.size, coverable.size);
    const lines =
        coverage.measured && together ? targetLines(together, file, target.firstLine, target.lastLine) : undefined;
    if (lines) {
        lines.coverable.forEach((line) => coverable.add(line));
        coverageAfter = percentOf(
            new Set([...lines.covered].filter((line) => coverable.has(line))).size,
            coverable.size
        );
    }
    const failing =
        together?.kind === "ran" ? together.tests.filter((t) => t.outcome !== "passed" && t.outcome !== "skipped") : [];
    if (failing.length > 0)
        notes.push(`Other tests fail beside the kept tests in ${testFile}: ${failing.map((t) => t.id).join(", ")}.`);
    // What proves the edits (see testsProven): the test file as they leave it, run whole, passed.
    const keptTogether: TestFileChange["keptTogether"] =
        merged.edits.length === 0 ? "notRun" : together?.kind === "ran" && failing.length === 0 ? "passed" : "failed";
    return { testFile, edits: merged.edits, keptCode: merged.keptCode, coverageAfter, coverable, notes, keptTogether };
}

/** The kept tests of `selection` merged into the test file's edit (none when nothing is kept). */
async function mergedEdit(
    testsRun: TestsRun,
    pool: PoolResult,
    selection: KeptSelection
): Promise<{ edits: TestFileEdit[]; keptCode: string }> {
    const { language, file, originalText, project } = testsRun;
    if (selection.kept.length === 0) return { edits: [], keptCode: "" };
    const testFile = testFileFor(language, file, project);
    const merged = mergeTestCode(
        language,
        await keptParts(
            selection.kept.map((k) => k.entry.test),
            pool.blocks,
            language
        )
    );
    const existing = testFile === file ? originalText : project.files.find((f) => f.path === testFile)?.text;
    return { edits: [testFileEdit(language, testFile, existing, merged)], keptCode: mergedText(language, merged) };
}

/** The kept tests as code, block by block: each block with only its kept tests, renamed where names repeat. */
async function keptParts(tests: PooledTest[], blocks: { code: string }[], language: SourceLanguage): Promise<string[]> {
    const parts: string[] = [];
    const byBlock = new Map<number, PooledTest[]>();
    for (const test of tests) byBlock.set(test.block, [...(byBlock.get(test.block) ?? []), test]);
    for (const [block, own] of [...byBlock.entries()].sort((a, b) => a[0] - b[0])) {
        const code = blocks[block]!.code;
        const units = await listTestUnits(code, language);
        const keep = units.filter((unit) => unit.kind === "test" && own.some((t) => t.unitText === unit.text));
        let text = onlyTests(code, units, keep);
        for (const test of own) {
            const unit = keep.find((u) => u.text === test.unitText);
            if (unit) text = renameTest(language, text, unit.qualifiedName, test.name);
        }
        parts.push(text);
    }
    return parts;
}
