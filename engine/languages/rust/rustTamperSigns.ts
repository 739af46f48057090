// Signs that added Rust code reaches for its own verdict: the process's exit, writes past libtest's capture,
// libtest's own report lines (see engine/toolchains/tampering.ts).

import type { TamperSign } from "../LanguageSupport.js";

export const rustTamperSigns: readonly TamperSign[] = [
    { pattern: /\bprocess\s*::\s*(exit|abort)\b|\blibc\s*::\s*(_exit|exit|kill|write)\b/, says: "ends the process" },
    {
        pattern: /\bio\s*::\s*stdout\s*\(|\bio\s*::\s*stderr\s*\(|\/dev\/fd|\/proc\/self|\bFromRawFd\b/,
        says: "writes the test output itself, past libtest's capture"
    },
    { pattern: /^\s*test\s+\S+\s+\.\.\.|test result:/m, says: "holds libtest's report lines" }
];
