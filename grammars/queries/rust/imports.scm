; `use` declarations, `extern crate` and out-of-line `mod name;` declarations.

(use_declaration) @import
(extern_crate_declaration) @import
(mod_item !body) @import
