; `import` declarations, single or grouped: one @import per declaration.

(import_declaration) @import
