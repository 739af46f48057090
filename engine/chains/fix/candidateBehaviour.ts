// Whether candidate patches behave alike: the original file and every candidate run the target function on the
// same generated inputs, each in sandboxed processes of its own, and their typed outcomes are compared here,
// outside every tested process. Two candidates that differ on an input cannot both be proven until a test decides it.

import { CodeParser, type SourceLanguage } from "../../analysis/index.js";
import { InvalidRequestError } from "../../errors.js";
import { languageSupportOf } from "../../languages/index.js";
import type { Sandbox } from "../../sandbox/index.js";
import type { Workspace } from "../../workspace/Workspace.js";
import { writeExactJson, type ExactJson } from "../port/exactJson.js";
import { behaviourCases, sortLiterals } from "./candidateBehaviourInputs.js";
import { runSubject, type BehaviourCase, type SubjectOutcome } from "./candidateBehaviourRuns.js";
import type { BehaviourTarget } from "./candidateBehaviourTarget.js";
import { behaviourPhrase, describeBehaviour, sameBehaviour, writeCall } from "./candidateBehaviourValues.js";

export interface BehaviourSubject {
    label: string;
    text: string;
}
export interface BehaviourRequest {
    /** The patched file, relative to the workspace root. */
    file: string;
    language: SourceLanguage;
    /** The top-level function whose behaviour is compared. */
    targetName: string;
    originalText: string;
    /** Each candidate's whole patched file. Labels are unique and not "original". */
    subjects: BehaviourSubject[];
    sandbox: Sandbox;
    /** Its Python files are copied beside each version, so the file's imports of them work. */
    workspace: Workspace;
    /** Test code the chain pooled: its calls of the target with literal arguments are examples (Python reads them). */
    testTexts?: string[];
    /** Seed of input generation; the same seed gives the same inputs. Default 1. */
    seed?: number;
    /** Inputs to generate (the file's own examples count among them). Default 100. */
    cases?: number;
    /** Time one input may take in one version before it counts as "times out". Default 1000 ms. */
    timeoutMs?: number;
    signal?: AbortSignal;
}
export interface BehaviourDisagreement {
    /** The two candidates that differ here; absent, read them from `outputs`. */
    pair?: [string, string];
    /** The input as a call in the target language: "gcd(0, 49)". */
    call: string;
    /** Each version's rendered result (or raised error), "original" first. */
    outputs: { label: string; output: string }[];
    /** "A and B disagree on gcd(0, 49): A gives 0, B gives 49". */
    sentence: string;
}
export interface BehaviourComparison {
    /** False when the language or target cannot be compared (with `reason`). */
    compared: boolean;
    reason?: string;
    /** Generated inputs run. */
    inputs: number;
    /** A few examples for each pair of candidates that differs, simplest calls first. */
    disagreements: BehaviourDisagreement[];
    /** Every pair of candidate labels that differs on some input. */
    pairsThatDiffer: [string, string][];
    /**
     * Every input on which each pair differs, shortest calls first (`disagreements` holds the first few): a verdict
     * asks, input by input, whether a test decides it. Absent, only the examples are known.
     */
    differences?: BehaviourDisagreement[];
    /** Per candidate: inputs on which it differs from the original. */
    changesFromOriginal: Record<string, number>;
}

const defaults = { seed: 1, cases: 100, timeoutMs: 1000, examplesPerPair: 3 };

export async function compareBehaviour(request: BehaviourRequest): Promise<BehaviourComparison> {
    const notCompared = (reason: string): BehaviourComparison => ({
        compared: false,
        reason,
        inputs: 0,
        disagreements: [],
        pairsThatDiffer: [],
        differences: [],
        changesFromOriginal: {}
    });
    const labels = request.subjects.map((subject) => subject.label);
    if (new Set([...labels, "original"]).size !== labels.length + 1)
        throw new InvalidRequestError(`Candidate labels must be unique and not "original": ${labels.join(", ")}.`);
    const target = await readTarget(request);
    if ("reason" in target) return notCompared(target.reason);
    const cases = casesFor(target, request.cases ?? defaults.cases, request.seed ?? defaults.seed);
    const caseTimeoutMs = request.timeoutMs ?? defaults.timeoutMs;
    // Each version's own bound: a version that hangs on every input costs this much, never the others' time.
    const bound = { caseTimeoutMs, boundMs: 5000 + 5 * caseTimeoutMs };
    const texts = new Map([
        ["original", request.originalText],
        ...request.subjects.map((subject) => [subject.label, subject.text] as const)
    ]);
    // Outcomes come back in the order asked and are kept by input id.
    const run = async (label: string, some: BehaviourCase[], timeoutMs: number) => {
        const ran = await runSubject(some, target.launcher(texts.get(label)!, timeoutMs, request.signal), {
            ...bound,
            caseTimeoutMs: timeoutMs
        });
        const byId: SubjectOutcome[] = cases.map(() => ({ kind: "notRun" }));
        some.forEach((item, i) => {
            byId[item.id] = ran[i]!;
        });
        return byId;
    };
    const original = await run("original", cases, caseTimeoutMs);
    if (request.signal?.aborted) return notCompared("the comparison was cancelled");
    const load = original.find((outcome) => outcome.kind === "loadFails");
    if (load?.kind === "loadFails")
        return notCompared(`the original ${request.file} does not load in the sandbox: ${load.message}`);
    const outcomes = new Map<string, SubjectOutcome[]>([["original", original]]);
    // Inputs the original did not finish come last: a candidate's bound goes first to the inputs that tell most.
    const order = [
        ...cases.filter((item) => original[item.id]!.kind !== "timeout"),
        ...cases.filter((item) => original[item.id]!.kind === "timeout")
    ];
    for (const subject of request.subjects) outcomes.set(subject.label, await run(subject.label, order, caseTimeoutMs));
    await confirmTimeouts(cases, outcomes, async (label, some) => {
        const again = await run(label, some, caseTimeoutMs * 3);
        return some.map((item) => again[item.id]!);
    });
    if (request.signal?.aborted) return notCompared("the comparison was cancelled");
    return comparison(request, target, cases, outcomes);
}

async function readTarget(request: BehaviourRequest): Promise<BehaviourTarget | { reason: string }> {
    const support = languageSupportOf(request.language);
    if (!support.behaviour)
        return { reason: `comparing the behaviour of ${support.displayName} candidates is not supported yet` };
    return support.behaviour.readTarget(request, CodeParser.shared());
}

/** The file's own examples first, then generated inputs, `count` in all, each once. */
function casesFor(target: BehaviourTarget, count: number, seed: number): BehaviourCase[] {
    const seen = new Set<string>();
    const unique: ExactJson[][] = [];
    // Some generated inputs may not be accepted (JavaScript's 64-bit boundaries): generate a few more.
    const generated = behaviourCases(
        target.types,
        sortLiterals(target.literals),
        target.accepts ? count + 30 : count,
        seed
    );
    for (const args of [...target.examples, ...generated]) {
        const key = writeExactJson(args);
        if (!seen.has(key) && unique.length < count && (target.accepts?.(args) ?? true)) {
            seen.add(key);
            unique.push(args);
        }
    }
    return unique.map((args, id) => ({ id, args }));
}

/**
 * A time-out where another version gives an answer is tried once more with three times the time: on a busy machine
 * a slow answer must not pass for a hang and make two candidates differ. A version with more than three such
 * time-outs hangs for real, and trying again would only cost time.
 */
async function confirmTimeouts(
    cases: BehaviourCase[],
    outcomes: Map<string, SubjectOutcome[]>,
    rerun: (label: string, some: BehaviourCase[]) => Promise<SubjectOutcome[]>
): Promise<void> {
    for (const [label, own] of outcomes) {
        const doubtful = cases.filter(
            (item) =>
                own[item.id]!.kind === "timeout" &&
                [...outcomes.values()].some((other) => !["timeout", "notRun"].includes(other[item.id]!.kind))
        );
        if (doubtful.length === 0 || doubtful.length > 3) continue;
        const again = await rerun(label, doubtful);
        doubtful.forEach((item, i) => {
            if (again[i]!.kind !== "notRun") own[item.id] = again[i]!;
        });
    }
}

function comparison(
    request: BehaviourRequest,
    target: BehaviourTarget,
    cases: BehaviourCase[],
    outcomes: Map<string, SubjectOutcome[]>
): BehaviourComparison {
    const original = outcomes.get("original")!;
    const labels = request.subjects.map((subject) => subject.label);
    const changesFromOriginal = Object.fromEntries(
        labels.map((label) => [
            label,
            outcomes.get(label)!.filter((outcome, i) => sameBehaviour(outcome, original[i]!, target.syntax) === false)
                .length
        ])
    );
    const disagreements: BehaviourDisagreement[] = [];
    const differences: BehaviourDisagreement[] = [];
    const pairsThatDiffer: [string, string][] = [];
    const callOf = (item: BehaviourCase) => writeCall(request.targetName, item.args, target.syntax);
    for (const [i, a] of labels.entries()) {
        for (const b of labels.slice(i + 1)) {
            const differing = cases.filter(
                (item) => sameBehaviour(outcomes.get(a)![item.id]!, outcomes.get(b)![item.id]!, target.syntax) === false
            );
            if (differing.length === 0) continue;
            pairsThatDiffer.push([a, b]);
            // The shortest calls are the easiest to read and to turn into a test.
            const sorted = differing
                .map((item) => ({ item, call: callOf(item) }))
                .sort((x, y) => x.call.length - y.call.length || x.item.id - y.item.id);
            const described = sorted.map(({ item, call }): BehaviourDisagreement => {
                const of = (label: string) => outcomes.get(label)![item.id]!;
                return {
                    pair: [a, b],
                    call,
                    outputs: ["original", ...labels].map((label) => ({
                        label,
                        output: describeBehaviour(of(label), target.syntax)
                    })),
                    sentence: `${a} and ${b} disagree on ${call}: ${a} ${behaviourPhrase(of(a), target.syntax)}, ${b} ${behaviourPhrase(of(b), target.syntax)}`
                };
            });
            differences.push(...described);
            disagreements.push(...described.slice(0, defaults.examplesPerPair));
        }
    }
    return { compared: true, inputs: cases.length, disagreements, pairsThatDiffer, differences, changesFromOriginal };
}
