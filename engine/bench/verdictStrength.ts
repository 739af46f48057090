// The bench's verdicts by strength: for each fix status (`verified`, `plausible`, `unverified`, `noCandidate`)
// and for each kind of evidence a result names, how many tasks got it and how many of those offered a patch the
// hidden checks fail. Statuses and evidence kinds are read as strings, so a status the fix chain adds later is
// counted too, and the evidence is optional (a result that names none is counted by status only).

import type { Rate, TaskOutcome } from "./BenchTypes.js";

/** The fix statuses a report always lists, strongest first; any other status a result carries follows them. */
export const fixStatuses = ["verified", "plausible", "unverified", "noCandidate"] as const;

/** How often a verdict was given and how often the patch it came with was wrong. */
export interface VerdictStrength {
    /** Fix tasks with this status (or evidence kind), of fix tasks. */
    share: Rate;
    /** Of those, the ones whose chosen patch fails the hidden checks (a patch offered and wrong). */
    wrong: Rate;
}

/** The evidence kinds that support the chosen patch (those with a test that fails before and passes after), from a fix result's optional `evidence`. */
export function evidenceKindsOf(result: unknown): string[] | undefined {
    const evidence = (result as { evidence?: unknown } | undefined)?.evidence as { sources?: unknown } | undefined;
    if (!evidence || !Array.isArray(evidence.sources)) return undefined;
    const kinds = evidence.sources.flatMap((source: unknown) => {
        const { kind, reproduces } = (source ?? {}) as { kind?: unknown; reproduces?: unknown };
        return typeof kind === "string" && (!Array.isArray(reproduces) || reproduces.length > 0) ? [kind] : [];
    });
    return [...new Set(kinds)];
}

/** The one-sentence summary of a fix result's evidence, when it has one. */
export function evidenceSummaryOf(result: unknown): string | undefined {
    const summary = (result as { evidence?: { summary?: unknown } } | undefined)?.evidence?.summary;
    return typeof summary === "string" ? summary : undefined;
}

function strength(fix: readonly TaskOutcome[], matches: (outcome: TaskOutcome) => boolean): VerdictStrength {
    const given = fix.filter(matches);
    const wrong = given.filter((o) => o.hidden.kind === "fail").length;
    return {
        share: { count: given.length, of: fix.length, value: fix.length === 0 ? 0 : given.length / fix.length },
        wrong: { count: wrong, of: given.length, value: given.length === 0 ? 0 : wrong / given.length }
    };
}

/** Each status's share of the fix tasks and its wrong rate (the four statuses always, then any other seen). */
export function strengthByStatus(fix: readonly TaskOutcome[]): Record<string, VerdictStrength> {
    const statuses = [...new Set<string>([...fixStatuses, ...fix.map((o) => o.claim)])];
    return Object.fromEntries(statuses.map((status) => [status, strength(fix, (o) => o.claim === status)]));
}

/** Each evidence kind's share of the fix tasks and its wrong rate; empty when no result named its evidence. */
export function strengthByEvidence(fix: readonly TaskOutcome[]): Record<string, VerdictStrength> {
    const kinds = [...new Set(fix.flatMap((o) => o.evidenceKinds ?? []))];
    return Object.fromEntries(
        kinds.map((kind) => [kind, strength(fix, (o) => o.evidenceKinds?.includes(kind) === true)])
    );
}
