// Signs in added Go code (a patch's new lines, a generated test) that it tries to decide its own verdict: ending
// the test process, writing past the test's output, printing go test's report lines, or taking over the test main.

import type { TamperSign } from "../LanguageSupport.js";

/** Patterns with what each says, read by `scanForTampering`. */
export const goTamperSigns: readonly TamperSign[] = [
    {
        pattern: /\bos\s*\.\s*Exit\b|\bsyscall\s*\.\s*(Exit|Kill|Tgkill)\b|\bruntime\s*\.\s*Goexit\b/,
        says: "ends the process"
    },
    {
        pattern: /\bfunc\s+TestMain\s*\(|\btesting\s*\.\s*(MainStart|Main|RunTests)\b|go:linkname/,
        says: "takes over the test main or the testing package"
    },
    {
        pattern:
            /\/proc\/self|\/dev\/fd|\bos\s*\.\s*NewFile\s*\(|\bsyscall\s*\.\s*(Write|Dup2|Dup3)\b|\.ponder-run|cover\.out/,
        says: "writes to raw file descriptors or the runner's files"
    },
    { pattern: /---\s+(PASS|FAIL|SKIP):|===\s+(RUN|CONT|PAUSE)\b|"Action"\s*:/, says: "holds go test's report lines" }
];
