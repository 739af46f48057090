// Signs that added Python code reaches for its own verdict: pytest's or unittest's internals, the driver's frames,
// raw file descriptors, the process's exit (see engine/toolchains/tampering.ts).

import type { TamperSign } from "../LanguageSupport.js";

export const pythonTamperSigns: readonly TamperSign[] = [
    {
        pattern:
            /\bos\s*\.\s*_exit\b|\bos\s*\.\s*(kill|abort)\b|\bsignal\s*\.\s*(signal|setitimer|alarm|pthread_kill)\b/,
        says: "ends the process or changes its signals"
    },
    {
        pattern: /\b_pytest\b|\bpytest\s*\.\s*\w+(\s*\.\s*\w+)*\s*=[^=]|\bpluggy\b|\bpytest_\w+\s*\(/,
        says: "reaches into pytest"
    },
    {
        pattern: /\bunittest\s*\.\s*\w+(\s*\.\s*\w+)*\s*=[^=]|\bTestCase\s*\.\s*\w+\s*=[^=]|\bTestResult\b/,
        says: "rewrites unittest"
    },
    {
        pattern: /conftest|sitecustomize|usercustomize|\.pth\b|pytest\.ini|PYTEST_ADDOPTS/,
        says: "names a file that configures the test runner"
    },
    {
        pattern:
            /\bimport\s+__main__|__main__\s*\.|\bsys\s*\.\s*_getframe|\binspect\s*\.\s*(currentframe|stack|getouterframes)|\bgc\s*\.\s*get_(objects|referrers)|\bf_back\b|\bf_globals\b/,
        says: "inspects the test driver's frames or objects"
    },
    {
        pattern: /\/proc\/self|\/dev\/fd|\bos\s*\.\s*(write|fdopen|dup2?|open)\s*\(|\bctypes\b|\.ponder-run|junit/,
        says: "writes to raw file descriptors or the runner's files"
    },
    {
        pattern: /\bsys\s*\.\s*modules\s*\[[^\]]*\]\s*=[^=]|\bbuiltins\b|__builtins__/,
        says: "replaces modules or built-ins"
    }
];
