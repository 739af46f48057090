; Import statements; the engine keeps the ones outside functions and classes as the file's imports.

(import_statement) @import
(import_from_statement) @import
(future_import_statement) @import
