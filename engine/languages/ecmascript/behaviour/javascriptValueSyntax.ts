// How the behaviour comparison writes JavaScript values: JavaScript literals (`null`, `true`), `new Set([…])`, and
// numbers without an int/float type (1 and 1.0 are one value).

import type { BehaviourSyntax } from "../../../chains/fix/candidateBehaviourValues.js";
import { writeJavaScriptLiteral } from "../../../chains/port/literalWriters.js";

export const javascriptValueSyntax: BehaviourSyntax = {
    literal: (value) => writeJavaScriptLiteral(value),
    untypedNumbers: true,
    set: (items) => `new Set([${items.join(", ")}])`
};
