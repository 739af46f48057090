; Test units: functions marked `#[test]` or `#[<runtime>::test]` (@test), and `#[cfg(test)]` modules (@suite),
; each with @name. Doc comments and other attributes may sit between the attribute and the item.

((attribute_item
   (attribute [(identifier) @_attribute (scoped_identifier name: (identifier) @_attribute)]
   (#eq? @_attribute "test")))
 .
 [(attribute_item) (line_comment) (block_comment)]*
 .
 (function_item name: (identifier) @name) @test)

((attribute_item
   (attribute (identifier) @_cfg arguments: (token_tree (identifier) @_argument))
   (#eq? @_cfg "cfg")
   (#eq? @_argument "test"))
 .
 [(attribute_item) (line_comment) (block_comment)]*
 .
 (mod_item name: (identifier) @name) @suite)
