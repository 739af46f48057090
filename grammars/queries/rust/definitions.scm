; Definitions a prompt or a patch may need: functions and methods, structs, enums and unions (@class),
; traits and type aliases (@type), constants and statics. Each pattern captures its name as @name.

(function_item name: (identifier) @name) @function
(macro_definition name: (identifier) @name) @function

(struct_item name: (type_identifier) @name) @class
(enum_item name: (type_identifier) @name) @class
(union_item name: (type_identifier) @name) @class

(trait_item name: (type_identifier) @name) @type
(type_item name: (type_identifier) @name) @type

(const_item name: (identifier) @name) @constant
(static_item name: (identifier) @name) @constant
