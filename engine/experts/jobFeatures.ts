// What the router knows about a job before it runs: its kind, language, how much code it reads and what kind of
// failure it is about. Features become keys from general to specific, so what is learnt on one job kind
// carries (weakly) to its narrower cases.

import type { SourceLanguage } from "../analysis/index.js";
import type { JobKind } from "../jobKind.js";

export type { JobKind };

export interface JobFeatures {
    kind: JobKind;
    language: SourceLanguage | "unknown";
    /** Size of the code the job reads: small (under 200 lines), medium (under 1,000), large. */
    contextSize: "small" | "medium" | "large";
    /** The kind of failure a fix is about ("assertion", "exception", "timeout", "panic", "build", "none"). */
    diagnostic: string;
}

export function contextSizeBucket(lines: number): JobFeatures["contextSize"] {
    return lines < 200 ? "small" : lines < 1000 ? "medium" : "large";
}

/** The kind of failure a test run's output shows, from the most telling line. */
export function diagnosticKind(testOutput: string | undefined): string {
    if (!testOutput || testOutput.trim() === "") return "none";
    if (/timed? ?out|Timeout|took too long/i.test(testOutput)) return "timeout";
    if (/panicked at/.test(testOutput)) return "panic";
    if (/error\[E\d+\]|SyntaxError|IndentationError|TS\d{4}:|cannot find/i.test(testOutput)) return "build";
    if (/AssertionError|assert(ion)? failed|\bexpected\b/i.test(testOutput)) return "assertion";
    const exception = /\b([A-Z]\w*(?:Error|Exception))\b/.exec(testOutput);
    return exception ? `exception:${exception[1]}` : "other";
}

/** The router's keys for a job, from general to specific. */
export function featureKeys(features: JobFeatures): string[] {
    const kind = `kind=${features.kind}`;
    const language = `${kind}|lang=${features.language}`;
    const size = `${language}|size=${features.contextSize}`;
    return [kind, language, size, `${size}|diag=${features.diagnostic}`];
}
