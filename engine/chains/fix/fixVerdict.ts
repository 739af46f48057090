// The fix chain's verdict on one patch, as a pure function of what its tests said and where each test came from:
// "verified" only when a test the patch's own reply did not write fails before and passes after, "plausible" when
// only its own tests (or an undecided disagreement) stand behind it. It also writes the evidence's one-sentence summary.

/**
 * Where a test came from, seen from one patch: the user's or project's tests (`user`), the original failing to build
 * (`build`), the examples in the target's docstring (`doctest`), another sample whose patch differs (`otherSample`),
 * the tests-only pass that saw no patch (`testsPass`), or the patch's own reply or an identical copy (`own`).
 */
export type TestSourceKind = "user" | "build" | "doctest" | "otherSample" | "testsPass" | "own";

/** One test a patch was judged on. */
export interface JudgedTest {
    id: string;
    /** The test's short name, for sentences. */
    name: string;
    source: TestSourceKind;
    /** Who wrote it (`"round 1, candidate 2"`, `"tests-only sample 0"`, `"your tests"`): one voice, whatever its number of tests. */
    writer: string;
    /** Fails on the original code because of the bug (a reproduction); otherwise it pins behaviour the original has. */
    failsOnOriginal: boolean;
    passed: boolean;
}

/** What a verdict is made from. */
export interface VerdictInput {
    hasPatch: boolean;
    buildFailure?: string;
    /** Why the patch's run ended before every test reported (the memory limit, a deadline, an early exit), in words. */
    interrupted?: string;
    /** Signs that the patch or its tests tried to write their own verdict. */
    tampering?: string[];
    /** Existing tests that passed before and fail with the patch. */
    regressions: string[];
    /** Existing tests that passed before and still pass. */
    existingStillPassing: number;
    tests: JudgedTest[];
    /** Sentences of undecided disagreements with other candidates, survivors or challengers ("A and B disagree on f(0): …"). */
    disagreements: string[];
}

export type CandidateStatus = "verified" | "plausible" | "unverified";

/** The tests of one source that support the patch, by role. */
export interface EvidenceSource {
    kind: TestSourceKind;
    /** Tests of this source that fail on the original and pass with the patch. */
    reproduces: string[];
    /** Tests of this source that pass on the original and still pass: behaviour the patch kept. */
    pins: string[];
}

/** What supports a patch, by source, and one sentence in words. */
export interface PatchEvidence {
    sources: EvidenceSource[];
    /** Existing tests that passed before the patch and still pass. */
    existingStillPassing: number;
    /** Tests from a single other voice that the patch fails, outvoted by at least two independent voices. */
    outvoted: string[];
    /** Undecided disagreements with other candidates (survivors, or rivals only this patch's own tests rejected). */
    disagreements: string[];
    summary: string;
}

export interface CandidateVerdict {
    status: CandidateStatus;
    /** Why it is not verified, when it is not. */
    reason?: string;
    evidence: PatchEvidence;
}

const independentKinds: ReadonlySet<TestSourceKind> = new Set(["user", "build", "doctest", "otherSample", "testsPass"]);
/** Sources whose failing test always blocks: the user's, the build, the code's own examples, and the patch's own tests. */
const authoritativeKinds: ReadonlySet<TestSourceKind> = new Set(["user", "build", "doctest", "own"]);

/**
 * The rule: a patch is verified when it builds, breaks no existing test, passes every test it is judged on (a
 * model-written test from another voice may be outvoted by two independent voices), at least one test from a source
 * its reply did not write fails before and passes after, and no other candidate behaves differently undecided
 * (`behaviourCheck.ts` decides which disagreements are undecided).
 */
export function judgeCandidate(input: VerdictInput): CandidateVerdict {
    const evidence = (summary: string, outvoted: string[] = []): PatchEvidence => ({
        sources: sourcesOf(input.tests),
        existingStillPassing: input.existingStillPassing,
        outvoted,
        disagreements: input.disagreements,
        summary
    });
    const notVerified = (reason: string, outvoted: string[] = []): CandidateVerdict => ({
        status: "unverified",
        reason,
        evidence: evidence(`Not verified: ${reason}`, outvoted)
    });
    if (!input.hasPatch) return notVerified("the reply has no usable patch");
    if (input.buildFailure !== undefined)
        return notVerified(`the patched code does not build: ${input.buildFailure.split("\n")[0]}`);
    // A run with signs of tampering proves nothing, and its failures are the tampering's, not regressions.
    if (input.tampering !== undefined)
        return notVerified(
            `its test run shows signs of writing its own verdict (${input.tampering.slice(0, 3).join("; ")})`
        );
    // A run cut short says so: the tests it did not reach look like failures, but the cause is the cut.
    if (input.interrupted !== undefined) return notVerified(`its test run was ${input.interrupted}`);
    if (input.regressions.length > 0) return notVerified(`it breaks existing tests: ${input.regressions.join(", ")}`);
    const independentVoices = new Set(
        input.tests.filter((t) => t.passed && t.failsOnOriginal && independentKinds.has(t.source)).map((t) => t.writer)
    );
    const failed = input.tests.filter((t) => !t.passed);
    const outvoted = failed.filter(
        (t) => !authoritativeKinds.has(t.source) && [...independentVoices].filter((v) => v !== t.writer).length >= 2
    );
    const blocking = failed.filter((t) => !outvoted.includes(t));
    const outvotedNames = outvoted.map((t) => t.name);
    if (blocking.length > 0)
        return notVerified(
            `it fails ${blocking.length} of ${input.tests.length} tests: ${blocking
                .slice(0, 4)
                .map((t) => t.name)
                .join(", ")}`,
            outvotedNames
        );
    const reproducing = input.tests.filter((t) => t.passed && t.failsOnOriginal);
    if (reproducing.length === 0)
        return notVerified(
            "no test reproduced the bug on the current code, so nothing shows the patch fixes it",
            outvotedNames
        );
    const kept = keptPart(input);
    if (independentVoices.size === 0) {
        // Identical copies (the same test from several samples) are counted once, by name.
        const reason = `it passes the ${plural(unique(reproducing.map((t) => t.name)).length, "test")} written with it; no independent test confirms it`;
        return {
            status: "plausible",
            reason,
            evidence: evidence(`Not proven: ${reason}${kept ? `; ${kept}` : ""}`, outvotedNames)
        };
    }
    if (input.disagreements.length > 0) {
        const reason = `${input.disagreements[0]}; no test decides between them`;
        return { status: "plausible", reason, evidence: evidence(`Not proven: ${reason}`, outvotedNames) };
    }
    const parts = [
        ...supportParts(input.tests),
        ...(kept ? [kept] : []),
        ...(outvoted.length > 0
            ? [
                  `${plural(outvoted.length, "test")} from another sample (${outvotedNames.join(", ")}) disagreed and ${outvoted.length === 1 ? "was" : "were"} outvoted`
              ]
            : [])
    ];
    return { status: "verified", evidence: evidence(`Verified: ${parts.join("; ")}`, outvotedNames) };
}

/** The evidence of a result with no patch at all. */
export function noCandidateEvidence(): PatchEvidence {
    return {
        sources: [],
        existingStillPassing: 0,
        outvoted: [],
        disagreements: [],
        summary: "No candidate: no reply gave a usable patch"
    };
}

/** Identical test sources: whitespace and comments do not make a test different. */
export function normalizedTestSource(code: string): string {
    return code
        .split("\n")
        .map((line) => line.replace(/\s+#.*$|\s+\/\/.*$/, "").trim())
        .filter((line) => line !== "" && !line.startsWith("#"))
        .join("\n");
}

function sourcesOf(tests: JudgedTest[]): EvidenceSource[] {
    const order: TestSourceKind[] = ["user", "build", "doctest", "otherSample", "testsPass", "own"];
    return order
        .map((kind): EvidenceSource => {
            const passed = tests.filter((t) => t.source === kind && t.passed);
            return {
                kind,
                reproduces: unique(passed.filter((t) => t.failsOnOriginal).map((t) => t.name)),
                pins: unique(passed.filter((t) => !t.failsOnOriginal).map((t) => t.name))
            };
        })
        .filter((s) => s.reproduces.length + s.pins.length > 0);
}

/** The independent reproductions in words, strongest source first. */
function supportParts(tests: JudgedTest[]): string[] {
    const parts: string[] = [];
    for (const source of sourcesOf(tests)) {
        const n = source.reproduces.length;
        if (n === 0) continue;
        const failsPasses = n === 1 ? "fails before and passes after" : "fail before and pass after";
        switch (source.kind) {
            case "user":
                parts.push(
                    `your ${n === 1 ? "test" : "tests"} ${source.reproduces.slice(0, 3).join(", ")}${n > 3 ? ` and ${n - 3} more` : ""} ${failsPasses}`
                );
                break;
            case "build":
                parts.push("the code did not build and now builds");
                break;
            case "doctest":
                parts.push("the examples in its docstring fail before and pass after");
                break;
            case "otherSample":
                parts.push(`${plural(n, "test")} written by other samples ${failsPasses}`);
                break;
            case "testsPass":
                parts.push(`${plural(n, "test")} written without seeing any patch ${failsPasses}`);
                break;
            case "own":
                parts.push(`${n === 1 ? "its own test passes" : `its own ${n} tests pass`}`);
                break;
        }
    }
    return parts;
}

/** What the patch kept: existing tests and pinning tests still passing. */
function keptPart(input: VerdictInput): string {
    const pins = unique(input.tests.filter((t) => t.passed && !t.failsOnOriginal).map((t) => t.name)).length;
    const parts = [
        ...(input.existingStillPassing > 0
            ? [
                  `${plural(input.existingStillPassing, "existing test")} still ${input.existingStillPassing === 1 ? "passes" : "pass"}`
              ]
            : []),
        ...(pins > 0 ? [`${plural(pins, "test")} of today's behaviour still ${pins === 1 ? "passes" : "pass"}`] : [])
    ];
    return parts.join("; ");
}

function plural(n: number, word: string): string {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function unique(values: string[]): string[] {
    return [...new Set(values)];
}
