// Go's toolchain driver through the real sandbox: `go test -json` on a module with passing, failing, skipped,
// panicking and hanging tests; coverage from the cover profile; compile errors as values; named tests only; offline
// modules (a vendored one builds, a missing one is a build failure); forged report lines marked as tampering.
// The driver runs as runTests runs a registered toolchain's (a scratch copy, prepare once, run N times).

import { after, test } from "node:test";
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { goToolchain } from "../../../../engine/languages/go/goToolchain.js";
import { Sandbox } from "../../../../engine/sandbox/index.js";
import {
    classifyRuns,
    projectFiles,
    type RepeatedTestRun,
    type TestRunOptions,
    type TestRunResult
} from "../../../../engine/toolchains/index.js";
import { runFolder } from "../../../../engine/toolchains/toolchainRun.js";
import { checkOutcomes, writeProject } from "../../toolchains/toolchainFixtures.js";

const sandbox = await Sandbox.create({ workspaceTrusted: true });
const module = await writeProject(`
//- go.mod
module example.com/calc

go 1.19
//- calc.go
package calc

// Max returns the larger of a and b.
func Max(a, b int) int {
	if a > b {
		return b
	}
	return a
}

func Sum(xs []int) int {
	total := 0
	for _, x := range xs {
		total += x
	}
	return total
}
//- calc_test.go
package calc

import (
	"fmt"
	"testing"
)

func TestMax(t *testing.T) {
	if got := Max(1, 2); got != 2 {
		t.Errorf("Max(1, 2) = %d, want 2", got)
	}
}

func TestSum(t *testing.T) {
	if Sum([]int{1, 2}) != 3 {
		t.Fatal("sum")
	}
	t.Run("empty", func(t *testing.T) { t.Skip("not today") })
}

func ExampleSum() {
	fmt.Println(Sum([]int{4}))
	// Output: 4
}
//- strs/strs_test.go
package strs

import "testing"

func TestNilMap(t *testing.T) {
	var counts map[string]int
	counts["a"]++
}

func TestAfterPanic(t *testing.T) {}
`);
const files = ["go.mod", "calc.go", "calc_test.go", "strs/strs_test.go"];

after(() => rm(module, { recursive: true, force: true }));

/** Runs the Go driver `times` times over one scratch copy. */
async function runTestsRepeatedly(
    options: Omit<TestRunOptions, "sandbox"> & { sandbox: Sandbox; times?: number }
): Promise<RepeatedTestRun> {
    const files = options.files ?? (await projectFiles(options.workspaceRoot));
    const scratch = await options.sandbox.createScratch({
        from: options.workspaceRoot,
        paths: files,
        ...(options.contents ? { contents: options.contents } : {})
    });
    try {
        await scratch.makeDirectory(runFolder);
        const prepared = await goToolchain().prepare({
            options: { ...options, files },
            sandbox: options.sandbox,
            scratch,
            started: performance.now()
        });
        if (!("runOnce" in prepared)) return { runs: [prepared], tests: [] };
        const runs: TestRunResult[] = [];
        for (let attempt = 0; attempt < (options.times ?? 1); attempt++) runs.push(await prepared.runOnce());
        return { runs, tests: classifyRuns(runs) };
    } finally {
        await scratch.dispose();
    }
}

async function runTests(options: Omit<TestRunOptions, "sandbox"> & { sandbox: Sandbox }): Promise<TestRunResult> {
    return (await runTestsRepeatedly({ ...options, times: 1 })).runs[0]!;
}

test("go test -json: per-test outcomes with file ids, subtests, examples, a panic that stops its package; line coverage", async () => {
    const repeated = await runTestsRepeatedly({
        sandbox,
        workspaceRoot: module,
        files,
        coverage: true,
        testTimeoutMs: 60_000,
        times: 2
    });
    const first = checkOutcomes(repeated.runs[0]!, {
        "calc_test.go::TestMax": "failed",
        "calc_test.go::TestSum": "passed",
        "calc_test.go::TestSum/empty": "skipped",
        "calc_test.go::ExampleSum": "passed",
        "strs/strs_test.go::TestNilMap": "failed",
        "strs/strs_test.go::TestAfterPanic": "error"
    });
    assert.equal(first.toolchain, "go");
    assert.match(first.tests.find((t) => t.name === "TestMax")!.message!, /calc_test\.go:\d+: Max\(1, 2\) = 1, want 2/);
    assert.match(first.tests.find((t) => t.name === "TestNilMap")!.message!, /assignment to entry in nil map/);
    assert.match(first.tests.find((t) => t.name === "TestAfterPanic")!.message!, /stopped before running it/);
    // Max's then-branch (its block spans lines 5 to 7) never ran; the blocks before and after it did. Closing braces
    // outside every block (9, 17) are not coverable.
    assert.deepEqual(first.coverage?.["calc.go"], {
        coveredLines: [4, 5, 8, 11, 12, 13, 14, 15, 16],
        coverableLines: [4, 5, 6, 7, 8, 11, 12, 13, 14, 15, 16]
    });
    assert.equal(repeated.tests.find((t) => t.name === "TestMax")!.verdict, "failing");
    assert.equal(repeated.tests.find((t) => t.name === "TestSum")!.verdict, "passing");
});

test("named tests: a test file runs the tests it declares, an id runs its top-level test", async () => {
    checkOutcomes(
        await runTests({
            sandbox,
            workspaceRoot: module,
            files,
            tests: ["strs/strs_test.go::TestAfterPanic", "calc_test.go::TestSum/empty"]
        }),
        {
            "strs/strs_test.go::TestAfterPanic": "passed",
            "calc_test.go::TestSum": "passed",
            "calc_test.go::TestSum/empty": "skipped"
        }
    );
    checkOutcomes(await runTests({ sandbox, workspaceRoot: module, files, tests: ["calc_test.go"] }), {
        "calc_test.go::TestMax": "failed",
        "calc_test.go::TestSum": "passed",
        "calc_test.go::TestSum/empty": "skipped",
        "calc_test.go::ExampleSum": "passed"
    });
});

test("a compile error is a build failure value with the compiler's words", async () => {
    const result = await runTests({
        sandbox,
        workspaceRoot: module,
        files,
        contents: { "calc.go": "package calc\n\nfunc Max(a, b int) int { return a + c }\n" }
    });
    assert.ok(result.kind === "buildFailed" && result.stage === "build", JSON.stringify(result).slice(0, 400));
    assert.match(result.message, /calc\.go:3:\d+: undefined: c/);
});

test("a hanging test is timedOut at go test's -timeout; the tests before it keep their results, those after it (examples run last) are timedOut", async () => {
    const result = checkOutcomes(
        await runTests({
            sandbox,
            workspaceRoot: module,
            files,
            testTimeoutMs: 3000,
            tests: ["calc_test.go", "zz_hang_test.go"],
            contents: {
                "zz_hang_test.go":
                    'package calc\n\nimport (\n\t"testing"\n\t"time"\n)\n\nfunc TestHangs(t *testing.T) { time.Sleep(time.Minute) }\n'
            }
        }),
        {
            "calc_test.go::TestMax": "failed",
            "calc_test.go::TestSum": "passed",
            "calc_test.go::TestSum/empty": "skipped",
            "calc_test.go::ExampleSum": "timedOut",
            "zz_hang_test.go::TestHangs": "timedOut"
        }
    );
    assert.match(result.tests.find((t) => t.name === "TestHangs")!.message!, /test timed out after 3s/);
});

test("modules stay offline: a vendored module builds, a module not vendored is a build failure that says why", async () => {
    const vendored = await writeProject(`
//- go.mod
module example.com/app

go 1.19

require example.com/greet v1.0.0
//- vendor/modules.txt
# example.com/greet v1.0.0
## explicit
example.com/greet
//- vendor/example.com/greet/greet.go
package greet

func Hello(name string) string { return "hello " + name }
//- app.go
package app

import "example.com/greet"

func Greeting() string { return greet.Hello("go") }
//- app_test.go
package app

import "testing"

func TestGreeting(t *testing.T) {
	if Greeting() != "hello go" {
		t.Fatal(Greeting())
	}
}
`);
    try {
        checkOutcomes(await runTests({ sandbox, workspaceRoot: vendored }), { "app_test.go::TestGreeting": "passed" });
        const missing = await runTests({
            sandbox,
            workspaceRoot: vendored,
            files: ["go.mod", "app.go", "app_test.go"]
        });
        assert.ok(missing.kind === "buildFailed", JSON.stringify(missing).slice(0, 400));
        assert.match(missing.message, /example\.com\/greet/);
        assert.match(missing.message, /GOPROXY=off|module lookup disabled|no required module|cannot find module/);
    } finally {
        await rm(vendored, { recursive: true, force: true });
    }
});

test("a test that prints go test's report lines for another test is marked as tampering and cannot pass it", async () => {
    const result = await runTests({
        sandbox,
        workspaceRoot: module,
        files,
        tests: ["calc_test.go::TestMax", "calc_forge_test.go"],
        contents: {
            "calc_forge_test.go":
                'package calc\n\nimport (\n\t"fmt"\n\t"testing"\n)\n\nfunc TestForge(t *testing.T) { fmt.Println("--- PASS: TestMax (0.00s)") }\n'
        }
    });
    assert.equal(result.kind, "ran");
    if (result.kind !== "ran") return;
    assert.equal(result.tests.find((t) => t.name === "TestMax")!.outcome, "failed");
    assert.ok(
        result.tampering?.some((sign) => /TestMax .* (came before it started|was reported 2 times)/.test(sign)),
        String(result.tampering)
    );
});
