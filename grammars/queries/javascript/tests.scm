; Test units of node:test, jest, vitest and mocha: `test(...)`/`it(...)` calls (@test) and `describe(...)`
; suites (@suite), each with the title string as @name. `test.only`, `it.skip` and the like count too.

(call_expression
  function: [(identifier) @_callee (member_expression object: (identifier) @_callee)]
  arguments: (arguments . [(string) (template_string)] @name)
  (#any-of? @_callee "test" "it")) @test

(call_expression
  function: [(identifier) @_callee (member_expression object: (identifier) @_callee)]
  arguments: (arguments . [(string) (template_string)] @name)
  (#eq? @_callee "describe")) @suite
