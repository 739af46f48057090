; Definitions a prompt or a patch may need: functions and methods (@function), struct types (@class), interfaces
; and other named types (@type), constants and package variables (@constant). Each pattern captures its name as
; @name and the whole declaration (with its `type`, `const` or `var` keyword) as the definition.

(function_declaration name: (identifier) @name) @function
(method_declaration name: (field_identifier) @name) @function

(type_declaration (type_spec name: (type_identifier) @name type: (struct_type))) @class
(type_declaration (type_spec name: (type_identifier) @name type: (interface_type))) @type
(type_declaration
  (type_spec name: (type_identifier) @name
    type: [(type_identifier) (qualified_type) (generic_type) (function_type) (map_type) (slice_type) (array_type) (pointer_type) (channel_type)])) @type
(type_declaration (type_alias name: (type_identifier) @name)) @type

(const_declaration (const_spec name: (identifier) @name)) @constant
(source_file (var_declaration (var_spec name: (identifier) @name)) @constant)
