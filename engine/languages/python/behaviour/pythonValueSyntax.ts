// How the behaviour comparison writes Python values: Python literals (`None`, `True`), `set()` and `{1, 2}`, and
// ints and floats as different types (1 and 1.0 differ).

import type { BehaviourSyntax } from "../../../chains/fix/candidateBehaviourValues.js";
import { writePythonLiteral } from "../../../chains/port/literalWriters.js";

export const pythonValueSyntax: BehaviourSyntax = {
    literal: (value) => writePythonLiteral(value),
    untypedNumbers: false,
    set: (items) => (items.length === 0 ? "set()" : `{${items.join(", ")}}`)
};
