// suspectContext: the top suspects' code for the repair prompt, with paths, line numbers and the evidence sentence,
// within a token budget.

import { test } from "node:test";
import assert from "node:assert/strict";
import type { Suspect } from "../../../../../engine/chains/repair/localisation/LocalisationTypes.js";
import { suspectContext } from "../../../../../engine/chains/repair/localisation/suspectContext.js";
import { MemoryWorkspace } from "../../../../../engine/workspace/Workspace.js";
import { shopFiles } from "./shopFixture.js";

const suspects: Suspect[] = [
    {
        rank: 1,
        file: "shop/pricing.py",
        name: "unit_price",
        startLine: 1,
        endLine: 2,
        score: 0.6,
        evidence: { traceback: { frames: 1, innermostDepth: 0 } },
        why: "The innermost frame of the failing traceback (1 frame in it)."
    },
    {
        rank: 2,
        file: "shop/cart.py",
        name: "total",
        startLine: 4,
        endLine: 7,
        score: 0.3,
        evidence: { references: { hops: 1, path: ["test_total", "total"] } },
        why: "Reached from test_total in 1 hop (test_total → total)."
    }
];

test("suspectContext renders each suspect's numbered lines under its path and evidence", async () => {
    const text = await suspectContext(suspects, new MemoryWorkspace(shopFiles), 2000);
    assert.equal(
        text,
        [
            "## 1. shop/pricing.py:1-2 unit_price",
            "The innermost frame of the failing traceback (1 frame in it).",
            "```",
            "1 | def unit_price(item):",
            "2 |     return item.price / item.quantity",
            "3 |",
            "4 |",
            "```",
            "",
            "## 2. shop/cart.py:4-7 total",
            "Reached from test_total in 1 hop (test_total → total).",
            "```",
            "2 |",
            "3 |",
            "4 | def total(items):",
            "5 |     if not items:",
            "6 |         return 0",
            "7 |     return rounded(sum(unit_price(item) for item in items))",
            "8 |",
            "9 |",
            "```"
        ].join("\n")
    );
});

test("suspectContext names the suspects past the budget instead of showing them", async () => {
    const text = await suspectContext(suspects, new MemoryWorkspace(shopFiles), 60);
    assert.match(text, /^## 1\. shop\/pricing\.py:1-2 unit_price\n/);
    assert.doesNotMatch(text, /def total/);
    assert.match(text, /Also suspected \(not shown\): shop\/cart\.py:4 total\.$/);
});

test("suspectContext cuts the first suspect at the budget rather than dropping it", async () => {
    const text = await suspectContext(suspects.slice(1), new MemoryWorkspace(shopFiles), 35);
    assert.match(text, /def total\(items\):/);
    assert.match(text, /… \(cut at the token budget\)\n```$/);
    assert.doesNotMatch(text, /return rounded/);
});
