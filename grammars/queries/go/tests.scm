; Test units as `go test` finds them in `_test.go` files: top-level functions named Test…, Example…, Benchmark… or
; Fuzz… (@test, with @name). Go has no test suites, so nothing is captured as @suite.

((function_declaration name: (identifier) @name) @test
 (#match? @name "^(Test|Example|Benchmark|Fuzz)([^a-z].*)?$"))
