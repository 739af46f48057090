; Definitions a prompt or a patch may need (JavaScript and JSX): functions, methods, function-valued
; variables and fields, classes, top-level constants. Each pattern captures the definition as @function,
; @class or @constant and its name as @name.

(function_declaration name: (identifier) @name) @function
(generator_function_declaration name: (identifier) @name) @function

(method_definition name: [(property_identifier) (private_property_identifier)] @name) @function

(field_definition
  property: [(property_identifier) (private_property_identifier)] @name
  value: [(arrow_function) (function_expression) (generator_function)]) @function

(lexical_declaration
  (variable_declarator
    name: (identifier) @name
    value: [(arrow_function) (function_expression) (generator_function)])) @function
(variable_declaration
  (variable_declarator
    name: (identifier) @name
    value: [(arrow_function) (function_expression) (generator_function)])) @function

(class_declaration name: (identifier) @name) @class

; CommonJS and prototype assignments at the top level: `module.exports.f = function`, `exports.f = () =>`,
; `Stack.prototype.push = function`. The statement is the definition; the property is its name.
(program
  (expression_statement
    (assignment_expression
      left: (member_expression property: (property_identifier) @name)
      right: [(arrow_function) (function_expression) (generator_function)])) @function)

(program (lexical_declaration (variable_declarator name: (identifier) @name)) @constant)
(program (variable_declaration (variable_declarator name: (identifier) @name)) @constant)
(program (export_statement declaration: (lexical_declaration (variable_declarator name: (identifier) @name)) @constant))
