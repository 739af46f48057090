// The house linter: rules that catch real bugs (a promise nobody awaits, a promise where a function is expected,
// a switch that misses a case, an object printed as "[object Object]", a non-Error thrown), with the type checker
// for the ones that need it. Style is the formatter's (.prettierrc.json), not the linter's. Rules that still have
// findings in existing code are warnings until those files are brought into line (see `pendingRules`).

import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Bug-finding rules that need types; each one's findings are real defects or a deliberate `void`. */
const typedRules = {
    // node:test's test() returns a promise the runner itself awaits.
    "@typescript-eslint/no-floating-promises": [
        "error",
        {
            allowForKnownSafeCalls: [
                { from: "package", package: "node:test", name: ["test", "describe", "it", "suite"] }
            ]
        }
    ],
    "@typescript-eslint/no-misused-promises": "error",
    "@typescript-eslint/await-thenable": "error",
    "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
    "@typescript-eslint/no-base-to-string": "error",
    "@typescript-eslint/only-throw-error": "error",
    "@typescript-eslint/prefer-promise-reject-errors": "error",
    "@typescript-eslint/no-for-in-array": "error",
    "@typescript-eslint/no-implied-eval": "error",
    "@typescript-eslint/return-await": ["error", "in-try-catch"]
};

/** Rules without types: JavaScript's traps and TypeScript's escape hatches. */
const plainRules = {
    "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }
    ],
    "@typescript-eslint/no-explicit-any": "off",
    "@typescript-eslint/no-non-null-assertion": "off",
    eqeqeq: ["error", "always", { null: "ignore" }],
    "no-self-compare": "error",
    "no-unused-private-class-members": "error",
    "array-callback-return": "error",
    "no-empty": ["error", { allowEmptyCatch: true }],
    // Tests and drivers match terminal output with control characters on purpose.
    "no-control-regex": "off",
    // Style, not bugs: the formatter's business or harmless.
    "no-regex-spaces": "off",
    "no-useless-escape": "off",
    // `new Promise((resolve) => setTimeout(resolve, ms))` is the house idiom; the returned timer is harmless.
    "no-promise-executor-return": "off",
    // Flags set by event callbacks end these loops, which this rule cannot see.
    "no-unmodified-loop-condition": "off"
};

/**
 * Rules with findings in files this change did not own: warnings until a mechanical commit fixes them, then errors.
 * Each entry says how many findings it had when it was added.
 */
const pendingRules = {
    // 10: an unknown value or a union with objects put in a string (engine/chains/fix/candidateBehaviourValues.ts,
    // engine/chains/port/caseGeneration.ts, engine/model/resolveModelSource.ts, engine/bench/importers, a test).
    "@typescript-eslint/no-base-to-string": ["warn"],
    // 3: a value assigned and never read (engine/analysis/imports.ts, engine/chains/tests/testConventions.ts,
    // engine/runtime/local/generateCandidate.ts).
    "no-useless-assignment": "warn",
    // 2: server/connection.ts, test/e2e/vscodeExtension.test.ts.
    "prefer-const": "warn"
};

/** `rules` without those that need type information. */
function withoutTypedRules(rules) {
    return Object.fromEntries(Object.entries(rules).filter(([name]) => !(name in typedRules)));
}

export default tseslint.config(
    {
        ignores: ["out/**", "dist/**", "node_modules/**", ".cache/**", "test/fixtures/**", "examples/**", "grammars/**"]
    },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
        rules: { ...typedRules, ...plainRules, ...pendingRules }
    },
    {
        files: ["**/*.js", "**/*.mjs"],
        languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
        // No types for plain JavaScript: the typed rules stay off there.
        rules: { ...plainRules, ...withoutTypedRules(pendingRules) }
    }
);
