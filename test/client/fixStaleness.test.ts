// When a fix's result no longer fits the editor's document: the client checks this before it shows the engine's
// patched text and again before it applies the edit (the in-editor suite drives the whole flow). Table-driven.
// The client is its own project that the test project does not reference, so this test loads the compiled
// module at run time and takes its types from the client's declaration output.
import { test } from "node:test";
import assert from "node:assert/strict";
import type * as FixStaleness from "../../out/client/fixStaleness.js";

const { documentChangedSince } = (await import(
    new URL("../../client/fixStaleness.js", import.meta.url).href
)) as typeof FixStaleness;

const cases: { name: string; basis: FixStaleness.FixBasis; current: number; stale: boolean }[] = [
    {
        name: "nothing typed during the job",
        basis: { versionAtStart: 3, documentVersion: 3 },
        current: 3,
        stale: false
    },
    { name: "typed during the job", basis: { versionAtStart: 3, documentVersion: 3 }, current: 4, stale: true },
    // A change sent before the job reached the server is in the text the engine read.
    {
        name: "a change the server read before the job",
        basis: { versionAtStart: 3, documentVersion: 4 },
        current: 4,
        stale: false
    },
    {
        name: "typed after the server read it",
        basis: { versionAtStart: 3, documentVersion: 4 },
        current: 5,
        stale: true
    },
    // Read from disk: only the version the job started at says what the engine saw.
    {
        name: "read from disk, unchanged",
        basis: { versionAtStart: 7, documentVersion: null },
        current: 7,
        stale: false
    },
    {
        name: "read from disk, typed since",
        basis: { versionAtStart: 7, documentVersion: null },
        current: 8,
        stale: true
    }
];

for (const c of cases) test(c.name, () => assert.equal(documentChangedSince(c.basis, c.current), c.stale));
