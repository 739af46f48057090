// Small builders of the fix chain's plain data (test runs, candidates, rankings, verifications) for the table tests
// of its pure functions, so each case states only what it is about.

import type {
    CandidateEvidence,
    CandidatePatch,
    CandidateReply,
    RankedCandidate,
    SandboxRunResult,
    TestCaseResult,
    TestRunResult,
    VerificationRun
} from "../../engine/testing.js";
import type { FixBaseline, RankedRoundCandidate, RoundCandidate } from "../../engine/chains/fix/FixRun.js";
import type { RunInterruption } from "../../engine/toolchains/TestRunResult.js";

const sandboxRun: SandboxRunResult = {
    exitCode: 0,
    signal: null,
    timedOut: false,
    oomKilled: false,
    cancelled: false,
    stdout: "",
    stderr: "",
    stdoutTruncated: false,
    stderrTruncated: false,
    durationMs: 1,
    files: {}
};

const runFacts = { toolchain: "python" as const, runner: "pytest" as const, durationMs: 1, notes: [] };

/** A pytest-style result: `file::name`, in `file`. */
export function testCase(id: string, outcome: TestCaseResult["outcome"], message?: string): TestCaseResult {
    return {
        id,
        name: id.split("::").at(-1)!,
        file: id.split("::")[0]!,
        outcome,
        ...(message !== undefined ? { message } : {})
    };
}

export function ranRun(tests: TestCaseResult[], interrupted?: RunInterruption): TestRunResult {
    return { ...runFacts, kind: "ran", tests, run: sandboxRun, ...(interrupted ? { interrupted } : {}) };
}

export function buildFailedRun(message: string, stage: "build" | "collect" = "build"): TestRunResult {
    return { ...runFacts, kind: "buildFailed", stage, message };
}

export function cancelledRun(): TestRunResult {
    return { ...runFacts, kind: "cancelled" };
}

export function baselineFacts(overrides: Partial<FixBaseline> = {}): FixBaseline {
    return { existingTestFiles: [], passed: new Set(), reproduction: { ids: [], buildFailed: false }, ...overrides };
}

/** A model's reply with a closed thought and this answer. */
export function candidateReply(index: number, answer: string, thought = ""): CandidateReply {
    return {
        index,
        seed: index,
        thought,
        answer,
        stopReason: "endOfReply",
        thoughtClosedBy: "model",
        flags: [],
        usage: { promptTokens: 0, thoughtTokens: 0, answerTokens: 0 },
        timings: { firstTokenMs: 0, totalMs: 0, tokensPerSecond: 0 }
    };
}

/** A candidate of `round` with a patch (none when `noPatch`) and the given evidence, ranking aside. */
export function roundCandidate(
    round: number,
    index: number,
    parts: {
        noPatch?: boolean;
        answer?: string;
        origin?: CandidatePatch["origin"];
        reproducing?: string[];
        ownTests?: string[];
        verification?: VerificationRun;
    } = {}
): RoundCandidate {
    const patch: CandidatePatch = {
        round,
        index,
        parseProblems: [],
        ...(parts.noPatch ? {} : { patchedText: `patch ${round}.${index}` }),
        ...(parts.origin ? { origin: parts.origin } : {}),
        reply: candidateReply(index, parts.answer ?? `answer ${round}.${index}`)
    };
    const evidence: CandidateEvidence = {
        index,
        hasPatch: patch.patchedText !== undefined,
        hasTests: true,
        thoughtClosed: true,
        thought: "",
        testsRun: [],
        testsPassed: [],
        ownTests: parts.ownTests ?? [],
        regressions: [],
        existingTests: 0
    };
    return {
        patch,
        evidence,
        reproducing: parts.reproducing ?? [],
        ownSources: new Set(),
        disagreements: [],
        ...(parts.verification ? { verification: parts.verification } : {})
    };
}

/** A ranking with only the fields the chain's choices read set to something other than neutral. */
export function ranking(
    parts: {
        verified?: boolean;
        status?: RankedCandidate["status"];
        accuracy?: number;
        clusterSize?: number;
        agreement?: number;
        total?: number;
        rank?: number;
    } = {}
): RankedCandidate {
    const status = parts.status ?? (parts.verified ? "verified" : "unverified");
    return {
        index: 0,
        advantage: 0,
        clusterId: 0,
        clusterSize: parts.clusterSize ?? 1,
        agreement: parts.agreement ?? 0,
        status,
        verified: status === "verified",
        rank: parts.rank ?? 1,
        reward: { accuracy: parts.accuracy ?? 0, format: 1, language: 1, total: parts.total ?? parts.accuracy ?? 0 }
    };
}

export function ranked(candidate: RoundCandidate, parts: Parameters<typeof ranking>[0] = {}): RankedRoundCandidate {
    return { round: candidate, ranking: ranking(parts) };
}

export function verificationRun(
    round: number,
    candidate: number,
    parts: Partial<VerificationRun> = {}
): VerificationRun {
    return {
        round,
        candidate,
        testsRun: [],
        testsPassed: [],
        pinsRun: [],
        pinsPassed: [],
        regressions: [],
        existingTests: 0,
        durationMs: 1,
        ...parts
    };
}
