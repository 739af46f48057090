// Reading rustc's JSON suggestions into edits: byte offsets become UTF-16 offsets (non-ASCII text before the
// span must not shift it), alternatives stay apart, MaybeIncorrect ones are labelled, placeholders are skipped,
// and several errors' machine-applicable suggestions are also offered together.
import { test } from "node:test";
import assert from "node:assert/strict";
import { applyTextEdits } from "../../../engine/testing.js";
import { proposalsOf } from "../../../engine/languages/rust/rustcSuggestions.js";
import type { CargoCompilerMessage, CargoSpan } from "../../../engine/languages/rust/toolchain/cargoCheckMessages.js";

const text = "// Größe: ünïcödé\nfn f(s: &str) -> usize { g(s.to_string()) + h(1u32) }\n";
const byteOf = (needle: string) => Buffer.byteLength(text.slice(0, text.indexOf(needle)), "utf8");

function span(
    needle: string,
    replacement: string | null,
    applicability: CargoSpan["suggestion_applicability"],
    file = "src/lib.rs"
): CargoSpan {
    const start = byteOf(needle);
    return {
        file_name: file,
        byte_start: start,
        byte_end: start + Buffer.byteLength(needle),
        line_start: 2,
        is_primary: true,
        suggested_replacement: replacement,
        suggestion_applicability: applicability
    };
}

function error(message: string, code: string, children: CargoCompilerMessage[]): CargoCompilerMessage {
    return { message, level: "error", code: { code }, spans: [span("s.to_string()", null, null)], children };
}

const help = (message: string, spans: CargoSpan[]): CargoCompilerMessage => ({
    message,
    level: "help",
    spans,
    children: []
});

test("suggestions become exact edits, alternatives apart, and all machine-applicable ones together", () => {
    const proposals = proposalsOf(
        [
            error("mismatched types", "E0308", [
                help("try removing the method call", [span(".to_string()", "", "MachineApplicable")]),
                help("consider borrowing here", [span("s.to_string()", "&s.to_string()", "MaybeIncorrect")]),
                help("use a placeholder", [span("s.to_string()", "/* value */", "HasPlaceholders")]),
                help("in another file", [span("s.to_string()", "x", "MachineApplicable", "src/other.rs")])
            ]),
            error("mismatched types", "E0308", [
                help("change the type of the numeric literal", [span("1u32", "1usize", "MachineApplicable")])
            ])
        ],
        "src/lib.rs",
        text
    );
    assert.deepEqual(
        proposals.map((p) => [p.title, p.applicability]),
        [
            ["every machine-applicable suggestion", "MachineApplicable"],
            ["try removing the method call", "MachineApplicable"],
            ["consider borrowing here", "MaybeIncorrect"],
            ["change the type of the numeric literal", "MachineApplicable"]
        ]
    );
    assert.equal(proposals[1]!.diagnostic, "error[E0308]: mismatched types");
    assert.equal(applyTextEdits(text, proposals[1]!.edits), text.replace("s.to_string()", "s"));
    assert.equal(
        applyTextEdits(text, proposals[0]!.edits),
        text.replace("s.to_string()", "s").replace("1u32", "1usize")
    );
});
