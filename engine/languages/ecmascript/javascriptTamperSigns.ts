// Signs that added JavaScript or TypeScript code reaches for its own verdict: node:test's internals, rewritten
// assertions, raw file descriptors, the process's exit (see engine/toolchains/tampering.ts).

import type { TamperSign } from "../LanguageSupport.js";

export const javascriptTamperSigns: readonly TamperSign[] = [
    { pattern: /\bprocess\s*\.\s*(exit|reallyExit|abort|kill|exitCode)\b/, says: "ends the process" },
    { pattern: /Symbol\.for\(\s*['"]nodejs\.|node:internal|internalBinding/, says: "reaches into node:test" },
    {
        pattern:
            /\bassert\s*\.\s*\w+\s*=[^=]|Object\s*\.\s*defineProperty\s*\(\s*assert\b|\bglobalThis\s*\.\s*(test|it|describe)\s*=/,
        says: "rewrites assertions or the test functions"
    },
    {
        pattern: /\/proc\/self|\/dev\/fd|\.ponder-run|node-events|\bfs\s*\.\s*writeSync\s*\(\s*\d/,
        says: "writes to raw file descriptors or the runner's files"
    },
    {
        pattern:
            /\bprocess\s*\.\s*(stdout|stderr)\s*\.\s*write\s*=|\bprocess\s*\.\s*on\s*\(\s*['"](exit|uncaughtException|unhandledRejection)/,
        says: "hooks the process's output or its exit"
    }
];
