// A guess at an unannotated Python parameter's type from how the function uses it, for the behaviour comparison's
// inputs: `len(arr)`, `arr[i]` or `for x in arr` make it a list, `for a, b in items` a list of pairs, `s.split()` a
// string. Without such a sign it stays unknown (integers). Only a guess: a wrong one costs inputs, never a verdict.

import type { ValueType } from "../../../chains/port/valueTypes.js";

const unknown: ValueType = { kind: "unknown" };

export function typeFromUse(name: string, source: string): ValueType {
    const n = name.replace(/[^\w]/g, "");
    if (!n) return unknown;
    const uses = (patterns: string[]) => patterns.some((pattern) => new RegExp(pattern, "m").test(source));
    if (
        uses([
            `\\b${n}\\.(?:split|strip|lstrip|rstrip|lower|upper|startswith|endswith|isdigit|isalpha|isspace|isupper|islower|replace|find|rfind|rindex|partition|rpartition|splitlines|zfill|ljust|rjust|center|title|capitalize|casefold|encode|format)\\(`,
            `\\b${n}\\s*[=!]=\\s*[rbuf]?['"]`,
            `['"]\\s*[=!]=\\s*${n}\\b`
        ])
    )
        return { kind: "str" };
    if (uses([`\\bfor\\s+\\(?\\s*\\w+\\s*,\\s*\\w+\\s*\\)?\\s+in\\s+${n}\\b`]))
        return { kind: "list", of: { kind: "tuple", of: [{ kind: "int" }, { kind: "int" }] } };
    const sequence = [
        `\\blen\\(\\s*${n}\\s*\\)`,
        `\\b${n}\\s*\\[`,
        `\\bin\\s+(?:enumerate\\(|reversed\\(|sorted\\(|iter\\()?\\s*${n}\\b`,
        `\\b${n}\\.(?:append|pop|sort|count|extend|insert|remove)\\(`,
        `\\*\\w+\\s*=\\s*${n}\\s*(?:#.*)?$`,
        `\\b(?:sorted|reversed|sum|min|max|list|set)\\(\\s*${n}\\b`
    ];
    return uses(sequence) ? { kind: "list", of: unknown } : unknown;
}
