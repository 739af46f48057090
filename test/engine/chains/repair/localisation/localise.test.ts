// Localisation on a small Python shop whose bug sits in a helper of another module (`shop/pricing.py`'s
// `unit_price`, called by `shop/cart.py`'s `total`): each source of evidence alone, combined, the test files kept out,
// ties, and the same ranking on every run. Pure: a MemoryWorkspace and hand-made results and coverage.

import { test } from "node:test";
import assert from "node:assert/strict";
import { localise, isTied, whyOf } from "../../../../../engine/chains/repair/localisation/localise.js";
import type {
    Localisation,
    LocalisationInput
} from "../../../../../engine/chains/repair/localisation/LocalisationTypes.js";
import type { TestCaseResult } from "../../../../../engine/toolchains/TestRunResult.js";
import { MemoryWorkspace } from "../../../../../engine/workspace/Workspace.js";
import { shopFiles, totalTraceback } from "./shopFixture.js";

const failingTotal: TestCaseResult = {
    id: "tests/test_cart.py::test_total",
    name: "test_total",
    file: "tests/test_cart.py",
    outcome: "error",
    message: totalTraceback
};
const passing: TestCaseResult[] = [
    {
        id: "tests/test_cart.py::test_total_empty",
        name: "test_total_empty",
        file: "tests/test_cart.py",
        outcome: "passed"
    },
    { id: "tests/test_cart.py::test_count", name: "test_count", file: "tests/test_cart.py", outcome: "passed" }
];

/** Per-test coverage as coverage.py's contexts give it (module-level and header lines run at import for every test). */
const importLines = { "shop/pricing.py": [1, 5], "shop/cart.py": [1, 4, 10] };
function covered(lines: Record<string, number[]>) {
    return Object.fromEntries(
        Object.entries(importLines).map(([file, atImport]) => [
            file,
            { coveredLines: [...atImport, ...(lines[file] ?? [])].sort((a, b) => a - b), coverableLines: [] }
        ])
    );
}
const coverageByTest = {
    "tests/test_cart.py::test_total": covered({ "shop/cart.py": [5, 7], "shop/pricing.py": [2] }),
    "tests/test_cart.py::test_total_empty": covered({ "shop/cart.py": [5, 6] }),
    "tests/test_cart.py::test_count": covered({ "shop/cart.py": [11] })
};

function run(input: Partial<LocalisationInput>, files = shopFiles): Promise<Localisation> {
    return localise({ workspace: new MemoryWorkspace(files), failing: [], passing: [], ...input });
}

const ranking = (localisation: Localisation) =>
    localisation.suspects.map((suspect) => `${suspect.file} ${suspect.name}`);

test("traceback: the innermost frame outside the tests ranks first, its caller next, the test itself never", async () => {
    const found = await run({ failing: [{ ...failingTotal }] });
    const [first, second] = found.suspects;
    assert.deepEqual(
        [first?.file, first?.name, first?.startLine, first?.endLine],
        ["shop/pricing.py", "unit_price", 1, 2]
    );
    assert.deepEqual(first?.evidence.traceback, { frames: 1, innermostDepth: 0 });
    assert.deepEqual([second?.file, second?.name], ["shop/cart.py", "total"]);
    assert.deepEqual(second?.evidence.traceback, { frames: 2, innermostDepth: 1 });
    assert.ok(
        found.suspects.every((suspect) => !suspect.file.startsWith("tests/")),
        ranking(found).join("\n")
    );
    assert.ok(found.sources.includes("traceback"));
    assert.deepEqual(found.notes, ["No coverage of the failing tests: the coverage spectrum was not used."]);
    assert.match(first!.why, /^The innermost frame of the failing traceback/);
});

test("spectrum: Ochiai per line from per-test coverage, a function scored by its best line", async () => {
    const found = await run({ failing: [{ ...failingTotal, message: "" }], passing, coverageByTest });
    const spectrum = Object.fromEntries(found.suspects.map((suspect) => [suspect.name, suspect.evidence.spectrum]));
    // unit_price's line 2 ran only in the failing test: 1/√(1·1). total's best line 7 likewise; count never failed.
    assert.deepEqual(spectrum["unit_price"], { ochiai: 1, failingCovered: 1, passingCovered: 0 });
    assert.deepEqual(spectrum["total"], { ochiai: 1, failingCovered: 1, passingCovered: 0 });
    assert.equal(spectrum["count"], undefined);
    // Header lines (`def rounded`) run at import for every test: rounded's body did not run, so no spectrum.
    assert.equal(spectrum["rounded"], undefined);
    assert.ok(found.sources.includes("spectrum"));
    assert.deepEqual(found.notes, []);
});

test("spectrum: a line the passing tests also run is less suspicious", async () => {
    const withPassingLine7 = {
        ...coverageByTest,
        "tests/test_cart.py::test_total_empty": covered({ "shop/cart.py": [5, 7] })
    };
    const found = await run({ failing: [{ ...failingTotal, message: "" }], passing, coverageByTest: withPassingLine7 });
    const total = found.suspects.find((suspect) => suspect.name === "total");
    assert.deepEqual(total?.evidence.spectrum, { ochiai: 0.707, failingCovered: 1, passingCovered: 1 });
    assert.equal(found.suspects[0]?.name, "unit_price");
});

test("spectrum: whole-run coverage only is used and said to be coarse", async () => {
    const found = await run({
        failing: [{ ...failingTotal, message: "" }],
        passing,
        runCoverage: {
            failing: coverageByTest["tests/test_cart.py::test_total"],
            passing: covered({ "shop/cart.py": [5, 6, 7, 11] })
        }
    });
    assert.deepEqual(found.suspects[0]?.evidence.spectrum, { ochiai: 1, failingCovered: 1, passingCovered: 0 });
    assert.equal(found.suspects[0]?.name, "unit_price");
    assert.deepEqual(found.notes, [
        "Coverage of whole runs only, not per test: the spectrum compares the failing run with the passing one, coarsely."
    ]);
});

test("references: from the failing test's body to its callee and the callee's helpers in another module", async () => {
    const found = await run({ failing: [{ ...failingTotal, message: "assert 0 == 2" }] });
    const references = Object.fromEntries(found.suspects.map((suspect) => [suspect.name, suspect.evidence.references]));
    assert.deepEqual(references["total"], { hops: 1, path: ["test_total", "total"] });
    assert.deepEqual(references["unit_price"], { hops: 2, path: ["test_total", "total", "unit_price"] });
    assert.deepEqual(references["rounded"], { hops: 2, path: ["test_total", "total", "rounded"] });
    assert.equal(references["count"], undefined, "test_total does not call count");
    assert.deepEqual(found.sources, ["references"]);
    assert.equal(found.suspects[0]?.name, "total");
    // unit_price and rounded are equally far: the evidence cannot choose between them, and says so only at the top.
    assert.equal(found.tied, false);
});

test("references follow three hops and no further", async () => {
    const files = {
        "a.py": "from b import one\n\ndef zero():\n    return one()\n",
        "b.py": "from c import two\n\ndef one():\n    return two()\n",
        "c.py": "from d import three\n\ndef two():\n    return three()\n",
        "d.py": "def three():\n    return four()\n\ndef four():\n    return 4\n",
        "test_a.py": "from a import zero\n\ndef test_zero():\n    assert zero() == 0\n"
    };
    const found = await run(
        {
            failing: [
                { id: "test_a.py::test_zero", name: "test_zero", file: "test_a.py", outcome: "failed", message: "" }
            ]
        },
        files
    );
    assert.deepEqual(
        found.suspects.map((suspect) => [suspect.name, suspect.evidence.references?.hops]),
        [
            ["zero", 1],
            ["one", 2],
            ["two", 3]
        ]
    );
});

test("report: the names and files a bug report mentions", async () => {
    const found = await run({
        issue: "Checkout crashes with ZeroDivisionError in `unit_price` when an item's quantity is 0 (see shop/cart.py).",
        failing: []
    });
    const mentions = Object.fromEntries(
        found.suspects.map((suspect) => [suspect.name, suspect.evidence.report?.mentions])
    );
    assert.deepEqual(mentions["unit_price"], ["unit_price"]);
    assert.deepEqual(mentions["total"], ["shop/cart.py"]);
    assert.deepEqual(mentions["count"], ["shop/cart.py"]);
    assert.equal(found.suspects[0]?.name, "unit_price");
    assert.deepEqual(found.sources, ["report"]);
});

test("combined: traceback, spectrum, references and the report agree on the helper, with the evidence in words", async () => {
    const found = await run({
        failing: [{ ...failingTotal }],
        passing,
        coverageByTest,
        issue: "unit_price divides by the quantity"
    });
    assert.deepEqual(ranking(found).slice(0, 3), [
        "shop/pricing.py unit_price",
        "shop/cart.py total",
        "shop/pricing.py rounded"
    ]);
    assert.deepEqual(found.sources, ["traceback", "spectrum", "references", "report"]);
    assert.equal(found.tied, false);
    assert.equal(
        found.suspects[0]?.why,
        "The innermost frame of the failing traceback (1 frame in it); Ochiai 1.00 (run by 1 failing and 0 passing tests); reached from test_total in 2 hops (test_total → total → unit_price); named in the bug report (`unit_price`)."
    );
    // 0.35·1 + 0.3·1 + 0.15·0.85 + 0.1·1 = 0.8775, rounded to three places (down, in binary floating point)
    assert.equal(found.suspects[0]?.score, 0.877);
});

test("test files are never suspects, even as a traceback's innermost frame", async () => {
    const message = "tests/test_cart.py:6: in test_total\ntests/helpers.py:4: AttributeError";
    const found = await run({ failing: [{ ...failingTotal, message }] });
    assert.ok(
        found.suspects.every((suspect) => !suspect.file.startsWith("tests/")),
        ranking(found).join("\n")
    );
    assert.equal(
        found.suspects.some((suspect) => suspect.evidence.traceback !== undefined),
        false
    );
});

test("testOutput: a run's raw output is read when there are no per-test results", async () => {
    const found = await run({ testOutput: `FAILED tests/test_cart.py::test_total\n${totalTraceback}` });
    assert.deepEqual(ranking(found).slice(0, 2), ["shop/pricing.py unit_price", "shop/cart.py total"]);
    // The test code the frames pass through is where references start.
    assert.deepEqual(found.suspects[0]?.evidence.references, { hops: 2, path: ["test_total", "total", "unit_price"] });
});

test("tied: equal evidence for two functions leaves the choice to the model; the margins are documented", async () => {
    const found = await run({ issue: "`unit_price` or `rounded` is wrong" });
    assert.deepEqual(ranking(found).slice(0, 2), ["shop/pricing.py unit_price", "shop/pricing.py rounded"]);
    assert.equal(found.tied, true);
    assert.equal(isTied([0.5, 0.45]), true);
    assert.equal(isTied([0.5, 0.44]), false);
    assert.equal(isTied([0.1, 0.08]), true);
    assert.equal(isTied([0.1, 0.07]), false);
    assert.equal(isTied([0.5]), false);
});

test("deterministic: the same input gives the same localisation", async () => {
    const input = { failing: [{ ...failingTotal }], passing, coverageByTest, issue: "total is wrong" };
    assert.deepEqual(await run(input), await run(input));
});

test("no evidence: no suspects, and a note", async () => {
    const found = await run({ failing: [] });
    assert.deepEqual(found, {
        suspects: [],
        sources: [],
        tied: false,
        notes: ["No evidence pointed at a function of the workspace outside its tests."]
    });
});

test("the why sentence names each source in words", () => {
    assert.equal(
        whyOf({ traceback: { frames: 3, innermostDepth: 1 }, recency: { changedLines: 2, commitsAgo: 0 } }),
        "1 frame above the innermost of the failing traceback (3 frames in it); 2 lines changed in the working tree."
    );
    assert.equal(whyOf({ recency: { changedLines: 1, commitsAgo: 3 } }), "1 line changed 3 commits ago.");
});

test("testOutput: each failing test's section of the output is its own call chain, found by the section's name", async () => {
    const output = [
        "=================================== FAILURES ===================================",
        "__________________________________ test_total __________________________________",
        totalTraceback,
        "__________________________________ test_count __________________________________",
        "",
        "    def test_count():",
        ">       assert count([]) == 0",
        "",
        "tests/test_cart.py:14: ",
        "",
        "shop/cart.py:11: TypeError",
        "=========================== short test summary info ============================",
        "FAILED tests/test_cart.py::test_total - ZeroDivisionError: division by zero",
        "FAILED tests/test_cart.py::test_count - TypeError"
    ].join("\n");
    const found = await run({ testOutput: output });
    const evidence = Object.fromEntries(found.suspects.map((suspect) => [suspect.name, suspect.evidence]));
    // Read as one chain, count (the last frame) would be the only innermost frame and unit_price one above it.
    assert.deepEqual(evidence["unit_price"]?.traceback, { frames: 1, innermostDepth: 0 });
    assert.deepEqual(evidence["count"]?.traceback, { frames: 1, innermostDepth: 0 });
    assert.deepEqual(evidence["count"]?.references, { hops: 1, path: ["test_count", "count"] });
});
