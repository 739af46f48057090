; Definitions a prompt or a patch may need (TypeScript and TSX): functions, methods, function-valued
; variables and fields, classes, interfaces and type aliases, top-level constants. Each pattern captures the
; definition as @function, @class, @type or @constant and its name as @name.

(function_declaration name: (identifier) @name) @function
(generator_function_declaration name: (identifier) @name) @function

(method_definition name: [(property_identifier) (private_property_identifier)] @name) @function

(public_field_definition
  name: [(property_identifier) (private_property_identifier)] @name
  value: [(arrow_function) (function_expression) (generator_function)]) @function

(lexical_declaration
  (variable_declarator
    name: (identifier) @name
    value: [(arrow_function) (function_expression) (generator_function)])) @function
(variable_declaration
  (variable_declarator
    name: (identifier) @name
    value: [(arrow_function) (function_expression) (generator_function)])) @function

(class_declaration name: (type_identifier) @name) @class
(abstract_class_declaration name: (type_identifier) @name) @class

(interface_declaration name: (type_identifier) @name) @type
(type_alias_declaration name: (type_identifier) @name) @type
(enum_declaration name: (identifier) @name) @type

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
