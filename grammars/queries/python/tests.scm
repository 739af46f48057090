; Test units: pytest and unittest test functions (@test) and the classes that group them (@suite), each with @name.

(function_definition name: (identifier) @name (#match? @name "^test")) @test

(class_definition name: (identifier) @name (#match? @name "^Test")) @suite

(class_definition
  name: (identifier) @name
  superclasses: (argument_list [(identifier) @base (attribute attribute: (identifier) @base)])
  (#match? @base "TestCase$")) @suite
