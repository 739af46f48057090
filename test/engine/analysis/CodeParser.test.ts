// Grammar loading (once per language, named errors for a broken install), and the text-offset helpers every
// other feature relies on: UTF-16 offsets, line/character positions with CRLF, and edit application.

import { test } from "node:test";
import assert from "node:assert/strict";
import {
    applyTextEdits,
    CodeParser,
    GrammarLoadError,
    offsetAt,
    OverlappingEditsError,
    positionAt,
    sourceLanguageNames
} from "../../../engine/analysis/index.js";

test("every language loads once and parses; offsets are UTF-16 indices", async () => {
    const parser = new CodeParser();
    try {
        for (const language of sourceLanguageNames()) {
            const first = parser.load(language);
            assert.equal(parser.load(language), first, `${language} is loaded once`);
            await first;
        }
        const text = "s = '😀'\ndef f(): pass\n";
        const start = await parser.parse(text, "python", (source) => source.root.namedChildren[1]!.startIndex);
        assert.equal(start, text.indexOf("def"));
    } finally {
        parser.dispose();
    }
});

test("a broken install is a named error, not a crash", async () => {
    const missingWasm = new CodeParser({ grammarFiles: { python: "/nonexistent/tree-sitter-python.wasm" } });
    await assert.rejects(missingWasm.load("python"), GrammarLoadError);
    const missingQueries = new CodeParser({ queriesDir: "/nonexistent/queries" });
    await assert.rejects(
        missingQueries.load("rust"),
        (error: unknown) =>
            error instanceof GrammarLoadError &&
            /queries in \/nonexistent\/queries\/rust do not load/.test(error.message) &&
            !error.badInput
    );
});

test("positions and offsets: zero-based lines, UTF-16 characters, CRLF, clamping", () => {
    const text = "a😀b\r\nsecond\nthird";
    assert.deepEqual(positionAt(text, text.indexOf("b")), { line: 0, character: 3 });
    assert.deepEqual(positionAt(text, text.indexOf("third") + 2), { line: 2, character: 2 });
    assert.equal(offsetAt(text, { line: 1, character: 0 }), text.indexOf("second"));
    assert.equal(offsetAt(text, { line: 0, character: 99 }), text.indexOf("\r"), "clamped before the CRLF");
    assert.equal(offsetAt(text, { line: 9, character: 0 }), text.length);
});

test("edits apply against the original offsets; overlapping edits are a programming error", () => {
    assert.equal(
        applyTextEdits("abcdef", [
            { start: 4, end: 6, newText: "X" },
            { start: 0, end: 0, newText: ">" },
            { start: 0, end: 0, newText: ">" },
            { start: 1, end: 2, newText: "" }
        ]),
        ">>acdX"
    );
    assert.throws(
        () =>
            applyTextEdits("abc", [
                { start: 0, end: 2, newText: "" },
                { start: 1, end: 3, newText: "" }
            ]),
        OverlappingEditsError
    );
});
