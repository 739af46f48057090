// Go's readers as tables: test2json events (outcomes, messages, a panic, a timeout, forged lines, build failures),
// the cover profile, go.mod, test selection, `go vet -json` (with suggested fixes, as newer Go releases write
// them), and the test conventions (placement, failure sites, merged imports).

import { test } from "node:test";
import assert from "node:assert/strict";
import { classifyGoFailure, goLanguage } from "../../../../engine/languages/go/index.js";
import { parseGoCoverProfile } from "../../../../engine/languages/go/goCoverProfile.js";
import { modulePathOf, moduleMode, testFunctionsOf } from "../../../../engine/languages/go/goModule.js";
import { goTestSelection } from "../../../../engine/languages/go/goToolchain.js";
import { goTestCaseResults, parseGoTestEvents } from "../../../../engine/languages/go/goTestEvents.js";
import { parseGoVetJson } from "../../../../engine/languages/go/goVet.js";
import { decidesVerdicts } from "../../../../engine/toolchains/tampering.js";

const event = (fields: Record<string, unknown>) =>
    JSON.stringify({ Time: "2026-12-07T22:49:05Z", Package: "example.com/m", ...fields });

test("test2json events: outcomes, the test's own output as its message, subtests, elapsed time", () => {
    const run = parseGoTestEvents(
        [
            event({ Action: "run", Test: "TestMax" }),
            event({ Action: "output", Test: "TestMax", Output: "=== RUN   TestMax\n" }),
            event({ Action: "output", Test: "TestMax", Output: "    m_test.go:10: Max(1, 2) = 1\n" }),
            event({ Action: "output", Test: "TestMax", Output: "--- FAIL: TestMax (0.25s)\n" }),
            event({ Action: "fail", Test: "TestMax", Elapsed: 0.25 }),
            event({ Action: "run", Test: "TestSum" }),
            event({ Action: "run", Test: "TestSum/empty" }),
            event({ Action: "skip", Test: "TestSum/empty", Elapsed: 0 }),
            event({ Action: "pass", Test: "TestSum", Elapsed: 0 }),
            "not an event",
            event({ Action: "output", Output: "FAIL\n" }),
            event({ Action: "fail", Elapsed: 0.3 })
        ].join("\n")
    );
    assert.deepEqual(run.tests, [
        {
            packagePath: "example.com/m",
            name: "TestMax",
            outcome: "failed",
            message: "m_test.go:10: Max(1, 2) = 1",
            durationMs: 250
        },
        { packagePath: "example.com/m", name: "TestSum/empty", outcome: "skipped", durationMs: 0 },
        { packagePath: "example.com/m", name: "TestSum", outcome: "passed", durationMs: 0 }
    ]);
    assert.deepEqual(run.forged, []);
    assert.deepEqual(
        goTestCaseResults(run.tests, (_, name) => (name === "TestMax" || name === "TestSum" ? "m_test.go" : "?")).map(
            (t) => t.id
        ),
        ["m_test.go::TestMax", "m_test.go::TestSum/empty", "m_test.go::TestSum"]
    );
});

test("test2json events: a test cut by -timeout is timedOut, its package stopped; a build failure names its package", () => {
    const timedOut = parseGoTestEvents(
        [
            event({ Action: "run", Test: "TestHangs" }),
            event({ Action: "output", Test: "TestHangs", Output: "panic: test timed out after 3s\n" }),
            event({ Action: "fail", Elapsed: 3 })
        ].join("\n")
    );
    assert.equal(timedOut.tests[0]!.outcome, "timedOut");
    assert.deepEqual(
        timedOut.stoppedPackages.map((p) => [p.packagePath, p.timedOut]),
        [["example.com/m", true]]
    );
    const broken = parseGoTestEvents(
        event({ Action: "output", Output: "FAIL\texample.com/m [build failed]\n" }) +
            "\n" +
            event({ Action: "fail", Elapsed: 0 })
    );
    assert.deepEqual(broken.failedPackages, [
        { packagePath: "example.com/m", message: "FAIL\texample.com/m [build failed]" }
    ]);
    assert.deepEqual(broken.tests, []);
});

test("test2json events: a pass printed by another test is forged, and the real failure wins", () => {
    const run = parseGoTestEvents(
        [
            event({ Action: "run", Test: "TestForge" }),
            event({ Action: "output", Test: "TestMax", Output: "--- PASS: TestMax (0.00s)\n" }),
            event({ Action: "pass", Test: "TestMax", Elapsed: 0 }),
            event({ Action: "pass", Test: "TestForge", Elapsed: 0 }),
            event({ Action: "run", Test: "TestMax" }),
            event({ Action: "fail", Test: "TestMax", Elapsed: 0 })
        ].join("\n")
    );
    assert.equal(run.tests.find((t) => t.name === "TestMax")!.outcome, "failed");
    assert.deepEqual(run.forged, [
        "a pass of TestMax (example.com/m) came before it started: a test printed go test's report lines itself",
        "TestMax (example.com/m) was reported 2 times: a test printed go test's report lines itself"
    ]);
});

test("cover profile: lines of blocks by file relative to the module, covered when any block over them ran", () => {
    const coverage = parseGoCoverProfile(
        [
            "mode: set",
            "example.com/m/m.go:4.24,5.11 1 1",
            "example.com/m/m.go:5.11,7.3 1 0",
            "example.com/m/sub/s.go:3.20,3.30 0 1",
            "example.com/m/sub/s.go:4.2,4.9 1 0",
            "/sandbox/work/gopath_mode.go:1.1,1.5 1 1",
            "other.org/x/x.go:1.1,2.1 1 1"
        ].join("\n"),
        "example.com/m",
        "/sandbox/work"
    );
    assert.deepEqual(coverage, {
        "gopath_mode.go": { coveredLines: [1], coverableLines: [1] },
        "m.go": { coveredLines: [4, 5], coverableLines: [4, 5, 6, 7] },
        "sub/s.go": { coveredLines: [], coverableLines: [4] }
    });
});

test("go.mod, vendoring, test functions and the selection of named tests", () => {
    assert.equal(modulePathOf("// comment\nmodule example.com/m // trailing\n\ngo 1.19\n"), "example.com/m");
    assert.equal(modulePathOf('module "quoted.org/q"\n'), "quoted.org/q");
    assert.equal(modulePathOf("go 1.19\n"), undefined);
    assert.equal(moduleMode(["go.mod", "vendor/modules.txt"]), "vendor");
    assert.equal(moduleMode(["go.mod", "m.go"]), "mod");
    assert.deepEqual(
        testFunctionsOf(
            "func TestA(t *testing.T) {}\nfunc Testify() {}\nfunc Test_b(t *testing.T) {}\nfunc ExampleSum() {}\nfunc BenchmarkX(b *testing.B) {}\nfunc helper() {}\n"
        ),
        ["TestA", "Test_b", "ExampleSum", "BenchmarkX"]
    );
    assert.deepEqual(
        goTestSelection(undefined, () => []),
        { packages: ["./..."] }
    );
    assert.deepEqual(
        goTestSelection(["m_test.go", "sub/s_test.go::TestS/case_1"], (file) =>
            file === "m_test.go" ? ["TestA", "ExampleSum"] : []
        ),
        { packages: [".", "./sub"], runPattern: "^(TestA|ExampleSum|TestS)$" }
    );
    assert.deepEqual(
        goTestSelection(["empty_test.go"], () => []),
        { packages: ["."], runPattern: "^$" }
    );
    // A placed file's functions carry its tag (two candidates' tests share one package): an id names the tagged one.
    assert.deepEqual(
        goTestSelection(["s_ponder_r0_c1_test.go::TestS"], () => []),
        { packages: ["."], runPattern: "^(TestS_ponder_r0_c1)$" }
    );
});

test("go vet -json: diagnostics by file and analyzer, suggested fixes as edits, package lines ignored", () => {
    const output = [
        "# example.com/m",
        JSON.stringify(
            {
                "example.com/m": {
                    printf: [
                        {
                            posn: "/sandbox/work/v.go:8:2",
                            message: 'fmt.Printf format %d has arg "s" of wrong type string'
                        }
                    ],
                    stringintconv: [
                        {
                            posn: "/sandbox/work/sub/v.go:11:7",
                            message: "conversion from int to string yields a string of one rune",
                            suggested_fixes: [
                                {
                                    message: "Did you mean convert a rune?",
                                    edits: [
                                        {
                                            filename: "/sandbox/work/sub/v.go",
                                            start: 120,
                                            end: 126,
                                            new: "string(rune(x))"
                                        }
                                    ]
                                }
                            ]
                        }
                    ]
                }
            },
            null,
            "\t"
        )
    ].join("\n");
    assert.deepEqual(parseGoVetJson(output, "/sandbox/work"), [
        {
            file: "sub/v.go",
            line: 11,
            column: 7,
            analyzer: "stringintconv",
            message: "conversion from int to string yields a string of one rune",
            suggestedFixes: [
                {
                    message: "Did you mean convert a rune?",
                    edits: [{ file: "sub/v.go", start: 120, end: 126, newText: "string(rune(x))" }]
                }
            ]
        },
        {
            file: "v.go",
            line: 8,
            column: 2,
            analyzer: "printf",
            message: 'fmt.Printf format %d has arg "s" of wrong type string',
            suggestedFixes: []
        }
    ]);
});

test("Go test conventions: test files of the same folder, placement as a whole _test.go file, failure sites, merged imports", () => {
    const tests = goLanguage.tests;
    assert.equal(tests.isTestFile("calc/calc_test.go", "calc/calc.go"), true);
    assert.equal(tests.isTestFile("other/calc_test.go", "calc/calc.go"), false);
    assert.equal(tests.isTestFile("calc/calc.go", "calc/calc.go"), false);
    assert.equal(tests.testFileFor("calc/calc.go", { files: [] }), "calc/calc_test.go");
    assert.deepEqual(tests.importHint("calc/calc.go", ["Max"], "Import it with"), {
        hint: "The tests are in the same package as calc/calc.go, so they call Max directly, with no import.",
        modulePath: ""
    });
    assert.deepEqual(
        tests.place(
            "calc/calc.go",
            "r0_c1",
            'func TestMax(t *testing.T) {\n\tif Max(1, 2) != 2 {\n\t\tt.Fatal("max")\n\t}\n}'
        ),
        {
            file: "calc/calc_ponder_r0_c1_test.go",
            code: 'package calc\n\nimport "testing"\n\nfunc TestMax_ponder_r0_c1(t *testing.T) {\n\tif Max(1, 2) != 2 {\n\t\tt.Fatal("max")\n\t}\n}\n'
        }
    );
    assert.deepEqual(tests.place("calc.go", "r0_c2", "package calc\n\nfunc TestMax(t *testing.T) {}"), {
        file: "calc_ponder_r0_c2_test.go",
        code: 'package calc\n\nimport "testing"\n\nfunc TestMax_ponder_r0_c2(t *testing.T) {}\n'
    });
    assert.deepEqual(tests.failureSite("    calc_test.go:12: Max(1, 2) = 1, want 2"), {
        file: "calc_test.go",
        line: 12
    });
    assert.deepEqual(
        tests.failureSite(
            "panic: runtime error: index out of range [3] with length 3\n\ngoroutine 6 [running]:\ntesting.tRunner.func1.2({0x51b3a0, 0xc0000162a0})\n\t/usr/lib/go-1.19/src/testing/testing.go:1396 +0x24e\nexample.com/m.Last(...)\n\t/sandbox/work/calc.go:9\nexample.com/m.TestLast(0x0?)\n\t/sandbox/work/calc_test.go:6 +0x1d"
        ),
        { file: "calc.go", line: 9 }
    );
    assert.deepEqual(tests.mergeImports!(['import "testing"', "package calc", 'import "fmt"', 'import "testing"']), [
        "package calc",
        "",
        'import "fmt"',
        'import "testing"'
    ]);
    assert.equal(tests.importLine.test("\t)"), false);
    assert.deepEqual(
        tests.extendImports!('package calc\n\nimport (\n\t"testing"\n)\n', ['import "testing"', 'import "fmt"']),
        { edits: [{ start: 13, end: 13, newText: '\nimport "fmt"\n' }], missing: [] }
    );
    assert.equal(
        tests.testFunctionSource("func helper() {}\nfunc TestA(t *testing.T) {\n\tif x { t.Fail() }\n}\n", "TestA"),
        "func TestA(t *testing.T) {\n\tif x { t.Fail() }\n}"
    );
    assert.equal(tests.renameTest("func TestA(t *testing.T) {}", "TestA", "TestA2"), "func TestA2(t *testing.T) {}");
    assert.equal(
        goLanguage.toolchain.tamperSigns.some((sign) => sign.pattern.test("\tos.Exit(0)")),
        true
    );
    assert.equal(
        goLanguage.toolchain.tamperSigns.some((sign) => sign.pattern.test("\tif Max(1, 2) != 2 {")),
        false
    );
});

test("a failing Go test reproduces on a failed check or a panic in the target's original lines, not on a panic in the test", () => {
    const failing = (message: string) => ({
        id: "stats_test.go::TestX",
        name: "TestX",
        outcome: "failed" as const,
        message
    });
    assert.deepEqual(classifyGoFailure(failing("stats_test.go:7: Largest = 1, want 5"), "stats.go", 12), {
        reproduces: true,
        reason: "a failed check (t.Error or t.Fatal)"
    });
    const panic = (file: string, line: number) =>
        failing(
            `panic: runtime error: index out of range [3] with length 3 [recovered]\n\ngoroutine 6 [running]:\nexample.com/stats.Largest(...)\n\t/sandbox/work/${file}:${line}\n`
        );
    assert.deepEqual(classifyGoFailure(panic("stats.go", 9), "stats.go", 12), {
        reproduces: true,
        reason: "panics inside the code under test (line 9)"
    });
    assert.deepEqual(classifyGoFailure(panic("stats.go", 20), "stats.go", 12), {
        reproduces: false,
        reason: "panics outside the code under test (stats.go:20)"
    });
    assert.deepEqual(classifyGoFailure(panic("stats_test.go", 5), "stats.go", 12), {
        reproduces: false,
        reason: "panics outside the code under test (stats_test.go:5)"
    });
    assert.equal(classifyGoFailure({ ...failing("x"), outcome: "timedOut" }, "stats.go", 12), undefined);
});

test("a run that writes a Go test file, go.mod, go.sum or vendor/modules.txt writes what decides its verdict", () => {
    for (const path of ["stats_test.go", "sub/x_test.go", "go.mod", "go.sum", "vendor/modules.txt"])
        assert.equal(decidesVerdicts(path, []), true, path);
    assert.equal(decidesVerdicts("stats.go", []), false);
});
