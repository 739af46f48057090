// Test ids in the runners' own syntax, read without the language registry: splitting an id into its place (a file
// or a folder) and the names after `::`, and telling whether a run's result is a requested test. The drivers filter
// their results with it; each language's syntax (engine/languages/*/…TestIds.ts) splits ids with it.

import { posix } from "node:path";
import type { TestCaseResult } from "./TestRunResult.js";

/** One test id split into where the test is and its names there. */
export interface ParsedTestId {
    /** The id as given, trimmed, without a leading `./`. */
    id: string;
    /** The file the id names (relative to the root), when it names one. */
    file?: string;
    /** The folder the id names (Go's package folder), when it names a folder rather than a file. */
    folder?: string;
    /**
     * The names after the file or folder, outermost first: pytest's class and function (parameters kept), a JS
     * test's suites and name (split at " > "), cargo's module path and test, Go's test and subtests. Empty: every
     * test of the file or folder.
     */
    names: string[];
}

/** An id trimmed and without a leading `./`, split at the first `::` into its place and the rest. */
export function splitTestId(id: string): { id: string; head: string; rest?: string } {
    const clean = id.trim().replace(/^\.\//, "");
    const split = clean.indexOf("::");
    return split < 0
        ? { id: clean, head: clean }
        : { id: clean, head: clean.slice(0, split), rest: clean.slice(split + 2) };
}

/** A relative path inside the project: no absolute path, no `..` segment, no empty segment. */
export function isProjectPath(path: string): boolean {
    if (path === "" || path.startsWith("/") || /\\/.test(path)) return false;
    return path.split("/").every((segment) => segment !== "" && segment !== "..");
}

/** The test's names after its file in a result's id (`TestSign::test_positive`, `math > adds`, `tests::adds`). */
function pathInFile(result: TestCaseResult): string {
    if (result.file && result.id.startsWith(`${result.file}::`)) return result.id.slice(result.file.length + 2);
    return result.id;
}

/** `path` is `wanted`, or a test inside it: a class's method, a parameter set, a suite's test, a subtest. */
function pathIsOrIsInside(path: string, wanted: string): boolean {
    if (path === wanted) return true;
    return ["::", "[", " > ", "/"].some((separator) => path.startsWith(wanted + separator));
}

/** A result's file is the place `head` names: the file itself, or a file directly in that folder (Go's package). */
function placeMatches(head: string, result: TestCaseResult): boolean {
    const file = result.file ?? splitTestId(result.id).head;
    return file === head || posix.dirname(file) === head;
}

/**
 * Whether a result is the test `requested` names (or one inside it: every test of a named file, class, suite, or a
 * test's parameter sets and subtests). `requested` is in the runner's syntax (see `parseTestId`); a result's id
 * is the run's (`TestCaseResult.id`). A JS test may be named by its name alone after the file (`a.test.ts::adds`
 * for `a.test.ts::math > adds`); a cargo test by its path alone (`tests::adds` for `src/lib.rs::tests::adds`); a Go
 * test by its package folder (`pkg::TestX` for `pkg/x_test.go::TestX`) or its name alone.
 */
export function testIdMatches(requested: string, result: TestCaseResult): boolean {
    const { id, head, rest } = splitTestId(requested);
    if (result.id === id) return true;
    const path = pathInFile(result);
    // A bare head (no dot, no slash) is a test path (cargo's `tests::adds`, Go's `TestX`) or a folder (Go's `pricing::TestX`).
    if (!/[./]/.test(head) && (pathIsOrIsInside(path, id) || result.name === id)) return true;
    if (!placeMatches(head, result)) return false;
    if (rest === undefined) return true;
    return pathIsOrIsInside(path, rest) || result.name === rest;
}

/**
 * Whether a result holds a requested test: a file that did not import (pytest's collection error `tests/test_x.py`),
 * a JS file that failed to load, Go's parent test of a requested subtest. Such a result is kept beside the requested
 * tests, never dropped: it says why they did not run, or its outcome includes theirs.
 */
export function resultHoldsRequested(requested: string, result: TestCaseResult): boolean {
    const { head, rest } = splitTestId(requested);
    if (result.id === head || (result.file !== undefined && result.id === result.file && result.file === head))
        return true;
    return rest !== undefined && placeMatches(head, result) && pathIsOrIsInside(rest, pathInFile(result));
}

/** The results a run of `requested` tests reports: the requested ones and the failures of the files holding them. */
export function resultsOfRequested(requested: readonly string[], results: TestCaseResult[]): TestCaseResult[] {
    return results.filter((result) =>
        requested.some((wanted) => testIdMatches(wanted, result) || resultHoldsRequested(wanted, result))
    );
}

/** The files (relative paths) that requested ids name: what a runner that runs whole files is given. */
export function filesOfRequested(requested: readonly string[]): string[] {
    return [...new Set(requested.map((wanted) => splitTestId(wanted).head))];
}
