// Localisation by evidence: ranks the workspace's functions by how strongly five sources point at them (traceback
// frames, the coverage spectrum, static references from the failing tests, recent changes, the bug report's words),
// deterministically, so the model is asked to choose only among suspects the evidence cannot separate.
//
// The score. Each source gives a function a strength in [0, 1]:
// - traceback: the mean over failures with frames of 1/(1 + depth), depth 0 being the innermost frame outside test
//   code (so the innermost frame weighs most, its caller half, …);
// - spectrum: Ochiai of its most suspicious line (header lines, which run at import, excluded);
// - references: 1, 0.85, 0.7 for 1, 2, 3 hops from a failing test's code, shared among namesakes it cannot choose from;
// - recency: 1/(1 + commitsAgo/2), 0 commits ago being the working tree;
// - report: 1 for a name written as code, 0.5 for a plain word, 0.4 for its file only.
// score = Σ weight × strength with the weights below (they sum to 1). Recency only adds to functions some other
// source points at (alone it would rank every recently changed function), unless no other source says anything.
// Ties: the top two are `tied` when the second's score is within max(0.02, 10 % of the first's) of the first's.

import { CodeParser } from "../../../analysis/index.js";
import type { TestCaseResult } from "../../../toolchains/TestRunResult.js";
import type {
    Localisation,
    LocalisationInput,
    LocalisationSource,
    Suspect,
    SuspectEvidence
} from "./LocalisationTypes.js";
import { recencyEvidence } from "./recencyEvidence.js";
import { referenceEvidence } from "./referenceEvidence.js";
import { reportEvidence } from "./reportEvidence.js";
import { functionKey, SourceIndex, type IndexedFunction } from "./SourceIndex.js";
import { spectrumEvidence } from "./spectrumEvidence.js";
import { testOutputSections } from "./testOutputSections.js";
import { tracebackEvidence, type FailureText } from "./tracebackEvidence.js";

/** What each source's strength is worth in the score. */
export const sourceWeights: Readonly<Record<LocalisationSource, number>> = {
    traceback: 0.35,
    spectrum: 0.3,
    references: 0.15,
    recency: 0.1,
    report: 0.1
};

/** The top two are tied when the second is within this share of the first's score… */
export const tieRelativeMargin = 0.1;
/** …or within this absolute difference (for low scores). */
export const tieAbsoluteMargin = 0.02;
const defaultLimit = 10;

interface Candidate {
    fn: IndexedFunction;
    evidence: SuspectEvidence;
    strengths: Partial<Record<LocalisationSource, number>>;
}

/** True when the evidence cannot tell the top two apart (see the margins above). */
export function isTied(scores: readonly number[]): boolean {
    if (scores.length < 2) return false;
    // The epsilon keeps a difference of exactly the margin (0.1 − 0.08) inside it despite floating point.
    return scores[0]! - scores[1]! <= Math.max(tieAbsoluteMargin, tieRelativeMargin * scores[0]!) + 1e-9;
}

/** The file a failing test's id names when the result does not say (`tests/test_x.py::test_y`, `src/a.test.ts::name`). */
function testFileOf(test: TestCaseResult): string | undefined {
    return test.file ?? (test.id.includes("::") ? test.id.split("::")[0] || undefined : undefined);
}

/** A failing test's own code: by its file and name, else the test code its traceback passes through. */
function failingTestCode(
    index: SourceIndex,
    test: TestCaseResult,
    frames: IndexedFunction[]
): IndexedFunction | undefined {
    const file = testFileOf(test);
    const path = file === undefined ? undefined : index.resolvePath(file);
    const byName = path === undefined ? undefined : index.testNamed(path, test.name);
    if (byName) return byName;
    const fromFrames = frames.find((fn) => fn.qualifiedName !== "<module>");
    if (fromFrames) return fromFrames;
    // A test id without a file (a Rust test path, a Go test name): the one test of the workspace it names.
    if (test.name === "" && test.id === "") return undefined;
    const named = [...index.files.values()].flatMap((indexed) =>
        indexed.tests.filter(
            (unit) =>
                unit.qualifiedName === test.name ||
                (test.id !== "" && test.id.endsWith(unit.qualifiedName)) ||
                (!/[.:> ]/.test(test.name) && unit.name === test.name)
        )
    );
    return named.length === 1 ? named[0] : undefined;
}

export async function localise(input: LocalisationInput): Promise<Localisation> {
    const parser = input.parser ?? CodeParser.shared();
    const index = await SourceIndex.build(input.workspace, parser, input.signal);
    const notes: string[] = [];
    if (index.truncated) notes.push(`Only the first ${index.files.size} source files of the project were read.`);
    const candidates = new Map<string, Candidate>();
    const add = (fn: IndexedFunction, source: LocalisationSource, strength: number, evidence: SuspectEvidence) => {
        const candidate = candidates.get(functionKey(fn)) ?? { fn, evidence: {}, strengths: {} };
        Object.assign(candidate.evidence, evidence);
        candidate.strengths[source] = strength;
        candidates.set(functionKey(fn), candidate);
    };

    // A run's raw output stands for the results when there are none: one failure per section the runner printed.
    const failing: TestCaseResult[] =
        input.failing.length > 0
            ? input.failing
            : testOutputSections(input.testOutput ?? "")
                  .filter((section) => section.message.trim() !== "")
                  .map(({ name, message }) => ({ id: "", name: name ?? "", outcome: "failed", message }));
    const failures: FailureText[] = failing.map((test) => ({ message: test.message ?? "", file: testFileOf(test) }));
    const traceback = tracebackEvidence(index, failures);
    for (const { fn, frames, innermostDepth, strength } of traceback.byFunction.values())
        add(fn, "traceback", strength, { traceback: { frames, innermostDepth } });

    const spectrum = spectrumEvidence(index, {
        failingIds: input.failing.map((test) => test.id),
        passingIds: input.passing.map((test) => test.id),
        coverageByTest: input.coverageByTest,
        runCoverage: input.runCoverage
    });
    for (const { fn, ochiai, failingCovered, passingCovered, strength } of spectrum.byFunction.values())
        add(fn, "spectrum", strength, { spectrum: { ochiai: round(ochiai), failingCovered, passingCovered } });
    if (spectrum.kind === "none" && failures.length > 0)
        notes.push("No coverage of the failing tests: the coverage spectrum was not used.");
    if (spectrum.kind === "perRun")
        notes.push(
            "Coverage of whole runs only, not per test: the spectrum compares the failing run with the passing one, coarsely."
        );

    const tests = failing.map((test, position) => failingTestCode(index, test, traceback.testCode[position] ?? []));
    const testCode = [...new Map(tests.flatMap((fn) => (fn ? [[functionKey(fn), fn] as const] : []))).values()];
    for (const { fn, hops, path, strength } of referenceEvidence(index, testCode).values())
        add(fn, "references", strength, { references: { hops, path } });

    if (input.issue)
        for (const { fn, mentions, strength } of reportEvidence(index, input.issue).values())
            add(fn, "report", strength, { report: { mentions } });

    const pointedAt = new Set(candidates.keys());
    const suspectFiles = [...new Set([...candidates.values()].map((candidate) => candidate.fn.file))].sort();
    const recency = await recencyEvidence(index, suspectFiles, input.signal);
    for (const { fn, changedLines, commitsAgo, strength } of recency?.values() ?? []) {
        if (pointedAt.size > 0 && !pointedAt.has(functionKey(fn))) continue;
        add(fn, "recency", strength, { recency: { changedLines, commitsAgo } });
    }

    const suspects = rank([...candidates.values()], input.limit ?? defaultLimit);
    if (suspects.length === 0) notes.push("No evidence pointed at a function of the workspace outside its tests.");
    const sources = (Object.keys(sourceWeights) as LocalisationSource[]).filter((source) =>
        [...candidates.values()].some((candidate) => candidate.strengths[source] !== undefined)
    );
    return { suspects, sources, tied: isTied(suspects.map((suspect) => suspect.score)), notes };
}

function round(value: number): number {
    return Math.round(value * 1000) / 1000;
}

/** The candidates by score, then by file and line (so equal scores come out in the same order every run). */
function rank(candidates: Candidate[], limit: number): Suspect[] {
    const scored = candidates.map((candidate) => ({
        candidate,
        score: round(
            (Object.entries(candidate.strengths) as [LocalisationSource, number][]).reduce(
                (sum, [source, strength]) => sum + sourceWeights[source] * strength,
                0
            )
        )
    }));
    scored.sort(
        (a, b) =>
            b.score - a.score ||
            a.candidate.fn.file.localeCompare(b.candidate.fn.file) ||
            a.candidate.fn.startLine - b.candidate.fn.startLine
    );
    return scored.slice(0, limit).map(({ candidate, score }, position) => ({
        rank: position + 1,
        file: candidate.fn.file,
        name: candidate.fn.qualifiedName,
        startLine: candidate.fn.startLine,
        endLine: candidate.fn.endLine,
        score,
        evidence: candidate.evidence,
        why: whyOf(candidate.evidence)
    }));
}

/** The evidence in one sentence: "innermost frame of 2 failing tracebacks; Ochiai 0.71 (…); called by test_total (2 hops)". */
export function whyOf(evidence: SuspectEvidence): string {
    const parts: string[] = [];
    const { traceback, spectrum, references, recency, report } = evidence;
    if (traceback) {
        const where =
            traceback.innermostDepth === 0
                ? "the innermost frame"
                : `${traceback.innermostDepth} frame${traceback.innermostDepth === 1 ? "" : "s"} above the innermost`;
        parts.push(
            `${where} of the failing traceback (${traceback.frames} frame${traceback.frames === 1 ? "" : "s"} in it)`
        );
    }
    if (spectrum)
        parts.push(
            `Ochiai ${spectrum.ochiai.toFixed(2)} (run by ${spectrum.failingCovered} failing and ${spectrum.passingCovered} passing test${spectrum.passingCovered === 1 ? "" : "s"})`
        );
    if (references)
        parts.push(
            `reached from ${references.path[0]} in ${references.hops} hop${references.hops === 1 ? "" : "s"} (${references.path.join(" → ")})`
        );
    if (recency)
        parts.push(
            `${recency.changedLines} line${recency.changedLines === 1 ? "" : "s"} changed ${recency.commitsAgo === 0 ? "in the working tree" : recency.commitsAgo === 1 ? "in the last commit" : `${recency.commitsAgo} commits ago`}`
        );
    if (report)
        parts.push(`named in the bug report (${report.mentions.map((mention) => `\`${mention}\``).join(", ")})`);
    const sentence = parts.join("; ");
    return sentence.charAt(0).toUpperCase() + sentence.slice(1) + ".";
}
