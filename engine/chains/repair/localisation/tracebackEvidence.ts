// Evidence from the failing tests' stack frames: each frame's language reads it (`failureFrames`), the frame is
// matched to a workspace file and the function around its line; the innermost frame outside test code weighs most.

import { languageOfPath, languageSupportOf, sourceLanguageNames } from "../../../languages/index.js";
import type { FailureSite } from "../../../languages/LanguageSupport.js";
import { folderOf, functionKey, type IndexedFunction, type SourceIndex } from "./SourceIndex.js";

/** A failure to read frames from: a failing test's message, or a whole run's output. */
export interface FailureText {
    message: string;
    /** The test's file, when known: its language reads the message, and a Go check line's base name is found near it. */
    file?: string;
}

export interface TracebackFinding {
    fn: IndexedFunction;
    /** Frames inside the function, over every failure. */
    frames: number;
    /** The least depth it was seen at (0: the innermost frame outside test code). */
    innermostDepth: number;
    /** Mean over the failures with frames of 1/(1 + depth): 1 when it is every failure's innermost frame. */
    strength: number;
}

export interface TracebackEvidence {
    byFunction: Map<string, TracebackFinding>;
    /** The test code each failure's frames pass through (the failing test itself), outermost first. */
    testCode: IndexedFunction[][];
}

/** The frames of a message in the language of its test file, else in every registered language (each reads its own extensions). */
function framesOf(failure: FailureText): FailureSite[] {
    const language = failure.file === undefined ? undefined : languageOfPath(failure.file);
    const languages = language ? [language] : sourceLanguageNames();
    const seen = new Set<object>();
    const frames: FailureSite[] = [];
    for (const name of languages) {
        const conventions = languageSupportOf(name).tests;
        if (seen.has(conventions.failureFrames)) continue;
        seen.add(conventions.failureFrames);
        frames.push(...conventions.failureFrames(failure.message));
    }
    return frames;
}

export function tracebackEvidence(index: SourceIndex, failures: readonly FailureText[]): TracebackEvidence {
    const byFunction = new Map<string, TracebackFinding>();
    const testCode: IndexedFunction[][] = [];
    const sums = new Map<string, number>();
    let failuresWithFrames = 0;
    for (const failure of failures) {
        const near = failure.file === undefined ? undefined : folderOf(failure.file);
        const functions: IndexedFunction[] = [];
        for (const frame of framesOf(failure)) {
            const path = index.resolvePath(frame.file, near);
            const fn = path === undefined ? undefined : index.functionAt(path, frame.line);
            if (!fn) continue;
            functions.push(fn);
            if (!fn.isTestCode) {
                const finding = byFunction.get(functionKey(fn));
                if (finding) finding.frames++;
                else byFunction.set(functionKey(fn), { fn, frames: 1, innermostDepth: Infinity, strength: 0 });
            }
        }
        testCode.push(functions.filter((fn) => fn.isTestCode));
        // Consecutive frames in one function (a generator, a recursion) are one step of the call chain.
        const chain = functions
            .filter((fn) => !fn.isTestCode)
            .filter((fn, position, all) => position === 0 || functionKey(all[position - 1]!) !== functionKey(fn));
        if (chain.length === 0) continue;
        failuresWithFrames++;
        const depthOf = new Map<string, number>();
        chain.forEach((fn, position) => depthOf.set(functionKey(fn), chain.length - 1 - position));
        for (const [key, depth] of depthOf) {
            const finding = byFunction.get(key)!;
            finding.innermostDepth = Math.min(finding.innermostDepth, depth);
            sums.set(key, (sums.get(key) ?? 0) + 1 / (1 + depth));
        }
    }
    for (const [key, finding] of byFunction) finding.strength = (sums.get(key) ?? 0) / Math.max(1, failuresWithFrames);
    return { byFunction, testCode };
}
