// JavaScript and TypeScript through the sandbox: node --test over compiled TypeScript with passing, failing,
// erroring, flaky, slow and skipped tests, coverage on the TypeScript lines, build failures as values, and
// the reports of vitest, jest and mocha (recorded from real runs in the sandbox).

import { after, test } from "node:test";
import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import { Sandbox } from "../../../engine/sandbox/index.js";
import { runTests, runTestsRepeatedly, type TestCaseResult } from "../../../engine/toolchains/index.js";
import { codeLines } from "../../../engine/languages/ecmascript/toolchain/javascriptCoverage.js";
import {
    jestReportResults,
    mochaReportResults
} from "../../../engine/languages/ecmascript/toolchain/projectRunnerReports.js";
import { checkOutcomes, fixturePath, writeProject } from "./toolchainFixtures.js";

const sandbox = await Sandbox.create({ workspaceTrusted: true });

const project = await writeProject(`
//- package.json
{ "name": "calc", "type": "module" }
//- src/calc.ts
// Arithmetic for the tests.

export interface Pair { a: number; b: number }

export function add(a: number, b: number): number {
    return a + b;
}

export function sign(x: number): number {
    if (x > 0) {
        return 1;
    }
    if (x < 0) {
        return -1;
    }
    return 0;
}
//- src/label.mjs
// Labels, plain JavaScript.

/* A block
   comment. */
export function label(n) {
    if (n === 1) {
        return "one";
    }
    return "many";
}
//- test/calc.test.ts
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { add, sign } from "../src/calc.js";
import { label } from "../src/label.mjs";

describe("calc", () => {
    test("adds", () => {
        assert.equal(add(1, 2), 3);
    });
    test("adds wrong", () => {
        assert.equal(add(1, 2), 4);
    });
    test("throws", () => {
        throw new TypeError("boom");
    });
    test.skip("skipped", () => {});
    test("sign and label", () => {
        assert.equal(sign(5), 1);
        assert.equal(label(1), "one");
    });
});

test("flaky", () => {
    const count = existsSync("counter.txt") ? Number(readFileSync("counter.txt", "utf8")) : 0;
    writeFileSync("counter.txt", String(count + 1));
    assert.equal(count % 2, 0);
});
//- test/slow.test.mjs
import { test } from "node:test";
test("quick", () => {});
test("slow", async () => { await new Promise((resolve) => setTimeout(resolve, 10_000)); });
test("after slow", () => {});
//- test/broken.test.mjs
import { nothing } from "./missing.mjs";
`);

after(() => rm(project, { recursive: true, force: true }));

test("node --test: outcomes from reporter events, a file's time limit, flakiness, coverage mapped to TypeScript", async () => {
    const repeated = await runTestsRepeatedly({
        sandbox,
        workspaceRoot: project,
        coverage: true,
        testTimeoutMs: 1500,
        times: 3
    });
    const first = checkOutcomes(repeated.runs[0]!, {
        "test/calc.test.ts::calc > adds": "passed",
        "test/calc.test.ts::calc > adds wrong": "failed",
        "test/calc.test.ts::calc > throws": "error",
        "test/calc.test.ts::calc > skipped": "skipped",
        "test/calc.test.ts::calc > sign and label": "passed",
        "test/calc.test.ts::flaky": "passed",
        "test/slow.test.mjs::quick": "passed",
        "test/slow.test.mjs::slow": "timedOut",
        "test/slow.test.mjs::after slow": "skipped",
        "test/broken.test.mjs": "error"
    });
    assert.equal(first.runner, "node");
    const byId = Object.fromEntries(first.tests.map((test) => [test.id, test]));
    assert.match(byId["test/calc.test.ts::calc > adds wrong"]!.message!, /3 !== 4/);
    assert.match(byId["test/calc.test.ts::calc > throws"]!.message!, /TypeError: boom/);
    assert.match(byId["test/broken.test.mjs"]!.message!, /Cannot find module .*missing\.mjs/);
    assert.equal(byId["test/calc.test.ts::calc > adds"]!.file, "test/calc.test.ts");
    // calc.ts through esbuild's source map: comments, blank lines and the interface are not code; sign(5)
    // returns at line 11, so lines 13–16 never run (V8 counts the closing brace of a taken branch as run).
    assert.deepEqual(first.coverage!["src/calc.ts"], {
        coveredLines: [5, 6, 7, 9, 10, 11, 12, 17],
        coverableLines: [5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17]
    });
    // label.mjs as written: comment and blank lines 1–4 are not code; label(1) never reaches line 9.
    assert.deepEqual(first.coverage!["src/label.mjs"], {
        coveredLines: [5, 6, 7, 8, 10],
        coverableLines: [5, 6, 7, 8, 9, 10]
    });
    assert.deepEqual(repeated.tests.find((test) => test.id === "test/calc.test.ts::flaky")!.outcomes, [
        "passed",
        "failed",
        "passed"
    ]);
    assert.equal(repeated.tests.find((test) => test.id === "test/calc.test.ts::flaky")!.verdict, "flaky");
    assert.equal(repeated.tests.find((test) => test.id === "test/slow.test.mjs::slow")!.verdict, "failing");
});

test("a TypeScript syntax error is a build failure value with esbuild's location", async () => {
    const result = await runTests({
        sandbox,
        workspaceRoot: project,
        contents: { "src/calc.ts": "export function add(a: number {\n" }
    });
    assert.equal(result.kind, "buildFailed");
    assert.ok(result.kind === "buildFailed" && result.stage === "build");
    assert.match(result.kind === "buildFailed" ? result.message : "", /^src\/calc\.ts:1:\d+: error: /);
});

test("chosen test files only, and no test files at all is a collection failure", async () => {
    checkOutcomes(
        await runTests({ sandbox, workspaceRoot: project, tests: ["test/slow.test.mjs"], testTimeoutMs: 1000 }),
        {
            "test/slow.test.mjs::quick": "passed",
            "test/slow.test.mjs::slow": "timedOut",
            "test/slow.test.mjs::after slow": "skipped"
        }
    );
    const none = await runTests({ sandbox, workspaceRoot: project, files: ["src/calc.ts", "package.json"] });
    assert.ok(none.kind === "buildFailed" && none.stage === "collect" && /No test files found/.test(none.message));
});

function outcomes(results: TestCaseResult[]): Record<string, string> {
    return Object.fromEntries(results.map((result) => [result.id, result.outcome]));
}

const reportFile = (reported: string) => reported.replace(/^\/sandbox\/work\//, "");

test("vitest's and jest's JSON reports: outcomes, timeouts and files that failed to load", async () => {
    const vitest = jestReportResults(await readFile(fixturePath("runner-reports/vitest.json"), "utf8"), reportFile);
    assert.deepEqual(outcomes(vitest), {
        "broken.test.js": "error",
        "math.test.js::math > adds": "passed",
        "math.test.js::math > fails": "failed",
        "math.test.js::math > skipped": "skipped",
        "math.test.js::math > throws": "error",
        "math.test.js::math > slow": "timedOut"
    });
    const jest = jestReportResults(await readFile(fixturePath("runner-reports/jest.json"), "utf8"), reportFile);
    assert.deepEqual(outcomes(jest), {
        "math.test.js::math > adds": "passed",
        "math.test.js::math > fails": "failed",
        "math.test.js::math > skipped": "skipped",
        "math.test.js::math > throws": "error",
        "math.test.js::math > slow": "timedOut",
        "broken.test.js": "error"
    });
    assert.match(jest.find((result) => result.id === "broken.test.js")!.message!, /Cannot find module '.\/missing.js'/);
});

test("mocha's JSON report: outcomes with timeouts and assertion failures told apart", async () => {
    const mocha = mochaReportResults(await readFile(fixturePath("runner-reports/mocha.json"), "utf8"), reportFile);
    assert.deepEqual(outcomes(mocha), {
        "test/math.test.js::math adds": "passed",
        "test/math.test.js::math fails": "failed",
        "test/math.test.js::math skipped": "skipped",
        "test/math.test.js::math throws": "error",
        "test/math.test.js::math slow": "timedOut"
    });
});

test("code lines leave out blank lines and comments but not strings that look like comments", () => {
    const source = [
        "// c",
        "",
        "const a = '// not a comment';",
        "/* x",
        "   y */ const b = 1;",
        "const t = `",
        "  // inside a template",
        "`;"
    ].join("\n");
    assert.deepEqual(
        [...codeLines(source)].sort((a, b) => a - b),
        [3, 5, 6, 7, 8]
    );
});
