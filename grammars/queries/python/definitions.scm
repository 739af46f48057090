; Definitions a prompt or a patch may need: functions and methods, classes, and module-level constants.
; Each pattern captures the definition as @function, @class, @type or @constant and its name as @name.

(function_definition name: (identifier) @name) @function

(class_definition name: (identifier) @name) @class

(module (expression_statement (assignment left: (identifier) @name)) @constant)
