// A test-generation job's result as plain JSON, written once: the CLI's `--json` prints it (with the edits), and the
// language server sends it as `ponder/tests`'s response (each test file's path turned into a URI, with the edit),
// so the terminal, the editor and the panel read the same fields.

import type { TestsResult } from "../chains/tests/TestsTypes.js";
import { testsProven } from "../chains/tests/testsProven.js";

export interface TestsReport {
    /** `kept` when at least one generated test was kept. */
    status: "kept" | "noneKept";
    /** Tests were kept and, together in the test file as the edits leave it, all pass: only then are the edits proven. */
    proven: boolean;
    file: string;
    target: string;
    framework: string;
    kept: { name: string; file: string; coverageGain: number; newLines: number[]; candidate: number; code: string }[];
    dropped: { name: string; reason: string; candidate: number }[];
    possibleBugs: { name: string; failure: string; candidate: number; code: string }[];
    coverage: { before: number; after: number; measured: boolean; coverableLines: number };
    mutation: { killed: number; total: number; score: number; survivors: { description: string; line: number }[] };
    keptTogether: TestsResult["keptTogether"];
    notes: string[];
    timings: TestsResult["timings"];
}

export function testsReport(result: TestsResult): TestsReport {
    return {
        status: result.kept.length > 0 ? "kept" : "noneKept",
        proven: testsProven(result),
        file: result.file,
        target: result.target,
        framework: result.framework,
        kept: result.kept.map((k) => ({
            name: k.name,
            file: k.file,
            coverageGain: k.coverageGain,
            newLines: k.newLines,
            candidate: k.candidate,
            code: k.code
        })),
        dropped: result.dropped.map((d) => ({ name: d.name, reason: d.reason, candidate: d.candidate })),
        possibleBugs: result.possibleBugs.map((b) => ({
            name: b.name,
            failure: b.failure,
            candidate: b.candidate,
            code: b.code
        })),
        coverage: { ...result.coverage },
        mutation: {
            killed: result.mutation.killed,
            total: result.mutation.total,
            score: result.mutation.score,
            survivors: result.mutation.survivors.map((s) => ({ description: s.description, line: s.line }))
        },
        keptTogether: result.keptTogether,
        notes: result.notes,
        timings: result.timings
    };
}
