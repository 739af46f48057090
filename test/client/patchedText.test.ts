// The diff preview's patched text: a fix's text edits applied to the document's text, data-driven.
// The client is its own project that the test project does not reference, so this test loads the compiled
// module at run time and takes its types from the client's declaration output.
import { test } from "node:test";
import assert from "node:assert/strict";
import type * as PatchedText from "../../out/client/patchedText.js";

const { applyOffsetEdits } = await import(new URL("../../client/patchedText.js", import.meta.url).href) as typeof PatchedText;

function check(text: string, edits: PatchedText.OffsetEdit[], expected: string): void {
    assert.equal(applyOffsetEdits(text, edits), expected);
}

test("one replacement in the middle", () => check("    n ^= n - 1\n", [{ start: 6, end: 7, newText: "&" }], "    n &= n - 1\n"));
test("edits out of order are applied by position", () =>
    check("abcdef", [{ start: 4, end: 5, newText: "E" }, { start: 0, end: 1, newText: "A" }], "AbcdEf"));
test("insertion and deletion", () => check("abc", [{ start: 0, end: 0, newText: ">" }, { start: 1, end: 3, newText: "" }], ">a"));
test("no edits keeps the text", () => check("same", [], "same"));
test("overlapping edits are refused", () =>
    assert.throws(() => applyOffsetEdits("abcdef", [{ start: 0, end: 3, newText: "" }, { start: 2, end: 4, newText: "" }]), RangeError));
