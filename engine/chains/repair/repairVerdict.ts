// The verdict rule of the repository-level fix as one pure function of a candidate's evidence (DECISIONS.md):
// verified only when every failing test passes on every rerun, nothing that passed before breaks, the regression run
// was complete, no test file changed and no run showed tampering; a changed test caps it at `changesTest`.

import type { RepairStatus } from "./RepairTypes.js";

export type CandidateRepairStatus = Exclude<RepairStatus, "noCandidate" | "nothingFails">;

export interface RepairVerdictInput {
    /** Whose failing tests decide: the project's, or Ponder's reproduction tests written before any patch. */
    oracle: "project" | "reproduction";
    /** The failing tests the fix starts from. */
    failing: string[];
    /** Those that passed on every rerun with the patch. */
    fixed: string[];
    /** Reruns of the decisive tests. */
    reruns: number;
    /** Tests whose outcome differed between reruns (decisive or not): listed, never proof. */
    flaky: string[];
    /** Tests that passed before and fail with the patch. */
    regressions: string[];
    passToPass: { run: number; total: number };
    /** Test files the patch changes. */
    changesTests: string[];
    /** Signs that the patched code tried to decide its own verdict, in any of its runs. */
    tampering: string[];
    /** Why the patch could not be run at all (a build failure), when it could not. */
    notRun?: string;
}

export interface RepairVerdict {
    status: CandidateRepairStatus;
    /** One sentence: what proved it, or what is missing. */
    summary: string;
}

export function repairVerdict(input: RepairVerdictInput): RepairVerdict {
    const whose =
        input.oracle === "reproduction"
            ? "Ponder's reproduction tests (written before the patch)"
            : "the project's failing tests";
    if (input.notRun) return { status: "unverified", summary: `Not verified: ${input.notRun}.` };
    if (input.tampering.length > 0)
        return {
            status: "unverified",
            summary: `Not verified: its runs are no evidence, the patched code may have written its own verdict (${input.tampering[0]}).`
        };
    const stillFailing = input.failing.filter((id) => !input.fixed.includes(id));
    if (input.failing.length === 0 || stillFailing.length > 0) {
        const flaky = stillFailing.filter((id) => input.flaky.includes(id));
        return {
            status: "unverified",
            summary:
                `Not verified: ${stillFailing.length} of ${input.failing.length} of ${whose} still fail` +
                (flaky.length > 0 ? ` (${flaky.length} flaky across reruns, never proof)` : "") +
                `: ${stillFailing.slice(0, 3).join(", ")}.`
        };
    }
    if (input.regressions.length > 0)
        return {
            status: "unverified",
            summary: `Not verified: it breaks ${input.regressions.length} test(s) that passed before: ${input.regressions.slice(0, 3).join(", ")}.`
        };
    const passes = `${whose} (${input.failing.length}) pass on every one of ${input.reruns} run(s)`;
    if (input.changesTests.length > 0)
        return {
            status: "changesTest",
            summary: `Changes your test: ${passes}, but only with its change to ${input.changesTests.join(", ")}; apply it only if the test is wrong.`
        };
    const regression =
        input.passToPass.total === 0
            ? "no other test passed before"
            : `${input.passToPass.run} of ${input.passToPass.total} tests that passed before still pass`;
    const cut = input.passToPass.run < input.passToPass.total;
    const flakyElsewhere = input.flaky.filter((id) => !input.failing.includes(id));
    if (cut || flakyElsewhere.length > 0)
        return {
            status: "plausible",
            summary:
                `Plausible: ${passes} and ${regression}` +
                (cut
                    ? `; ${input.passToPass.total - input.passToPass.run} were left unrun by the regression budget`
                    : "") +
                (flakyElsewhere.length > 0 ? `; flaky (not proof): ${flakyElsewhere.slice(0, 3).join(", ")}` : "") +
                "."
        };
    return { status: "verified", summary: `Verified: ${passes}, and ${regression}.` };
}
