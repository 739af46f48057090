// Go's registry entry, as one table (see languageTable.ts): `.go` files, tree-sitter-go, `_test.go` files of the
// target's own folder and package (no import of the target), `go test` with coverage, and no behaviour comparison,
// port backend or symbolic source yet.

import { test } from "node:test";
import { checkLanguage } from "./languageTable.js";

test("go: files, fences, grammar, same-package test conventions, toolchain and capabilities", () =>
    checkLanguage({
        language: "go",
        paths: [
            ["stats/stats.go", "go"],
            ["go.mod", undefined],
            ["stats/stats_test.go", "go"]
        ],
        fenceTags: ["go", "golang", "stats.go"],
        promptTag: "go",
        sample: {
            text: 'package stats\n\nimport "sort"\n\ntype Bag struct{ items []int }\n\nfunc (b *Bag) Add(x int) { b.items = append(b.items, x) }\n\n// Median of values.\nfunc Median(values []int) int {\n\tsort.Ints(values)\n\treturn values[len(values)/2]\n}\n',
            // FIXME: a Go method (`func (b *Bag) Add`) has no enclosing scope node, so it is listed as a top-level function;
            // its receiver's type should be its container (`Bag.Add`).
            functions: ["Add", "Median"]
        },
        testFiles: [
            ["stats/stats_test.go", "stats/stats.go", true],
            ["stats/stats.go", "stats/stats.go", false],
            ["other/stats_test.go", "stats/stats.go", false]
        ],
        testFileFor: [{ target: "stats/stats.go", project: { files: [] }, expected: "stats/stats_test.go" }],
        placement: {
            target: "stats/stats.go",
            tag: "r0_c1",
            code: 'func TestMedian(t *testing.T) {\n\tif Median([]int{3, 1, 2}) != 2 {\n\t\tt.Fatal("median")\n\t}\n}',
            expected: {
                file: "stats/stats_ponder_r0_c1_test.go",
                code: 'package stats\n\nimport "testing"\n\nfunc TestMedian_ponder_r0_c1(t *testing.T) {\n\tif Median([]int{3, 1, 2}) != 2 {\n\t\tt.Fatal("median")\n\t}\n}\n'
            }
        },
        importHint: {
            file: "stats/stats.go",
            names: ["Median"],
            expected: {
                hint: "The tests are in the same package as stats/stats.go, so they call Median directly, with no import.",
                modulePath: ""
            }
        },
        inTargetFile: false,
        toolchain: {
            name: "go",
            projectMarkers: ["go.mod"],
            runsNamedFiles: true,
            buildsBeforeTests: true,
            measuresCoverage: true
        },
        failure: { message: "    stats_test.go:9: Median = 1, want 2", site: { file: "stats_test.go", line: 9 } },
        capabilities: { behaviour: false, portSource: false, portTarget: false, symbolicTools: [] }
    }));
