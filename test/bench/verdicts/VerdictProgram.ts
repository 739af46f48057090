// One program of the verdict benchmark suite (QuixBugs-style): a buggy function, its reference, two different
// wrong fixes each with true but weak tests that it passes, the correct fix's tests, a user's failing test, and
// the hidden inputs the chosen patch is judged on afterwards (expected values come from the reference).

export type VerdictLanguage = "python" | "typescript";

/** A check as a call and the value it must equal, each written in the program's language. */
export type Check = [call: string, expected: string];

export interface VerdictProgram {
    /** The function's name; the file is `<module>.py` or `<module>.ts`. */
    name: string;
    module: string;
    language: VerdictLanguage;
    buggy: string;
    correct: string;
    /** Two different wrong fixes, each with tests that are true of the reference, fail on the bug, and that it passes. */
    wrong: [{ code: string; tests: Check[] }, { code: string; tests: Check[] }];
    /** The correct fix's own tests. */
    correctTests: Check[];
    /** The user's test: fails on the bug, passes on the reference. */
    userTest: Check;
    /** Argument lists, written in the language, that the hidden judge calls both the patch and the reference with. */
    hiddenInputs: string[];
}
