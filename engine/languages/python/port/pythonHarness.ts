// The Python side of differential testing: one interpreter in the sandbox imports the original module and
// answers one JSON case per line. Prints of the module go to stderr so stdout holds only outcomes; a case
// that runs past its time is stopped by SIGALRM and reported, and the interpreter goes on.

import { findExecutableOnHost } from "../../../toolchains/hostTools.js";
import { ToolchainUnavailableError } from "../../../toolchains/index.js";
import type { Sandbox } from "../../../sandbox/index.js";
import { runCaseLines, type CaseLine, type HarnessOutcome } from "../../../chains/port/harnessRuns.js";

export const pythonHarnessScript = `# Ponder's differential-testing driver: one JSON case per stdin line, one JSON outcome per stdout line.
import importlib, json, signal, sys

MODULE, TIMEOUT = sys.argv[1], float(sys.argv[2])
sys.setrecursionlimit(20000)
sys.path.insert(0, ".")
out = sys.stdout
sys.stdout = sys.stderr
module = importlib.import_module(MODULE)

class CaseTimeout(BaseException):
    pass

def on_alarm(signum, frame):
    raise CaseTimeout()

signal.signal(signal.SIGALRM, on_alarm)

def encode(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [encode(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return {"$set": [encode(item) for item in value]}
    if isinstance(value, dict):
        return {str(key): encode(item) for key, item in value.items()}
    return {"$repr": repr(value)}

for line in sys.stdin:
    if not line.strip():
        continue
    case = json.loads(line)
    outcome = {"id": case["id"]}
    try:
        try:
            function = getattr(module, case["fn"])
            signal.setitimer(signal.ITIMER_REAL, TIMEOUT)
            try:
                value = function(*case["args"])
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            outcome["ok"] = encode(value)
        except CaseTimeout:
            outcome["timeout"] = True
        except BaseException as error:
            outcome["error"] = type(error).__name__ + ": " + str(error)
    except CaseTimeout:
        outcome["timeout"] = True
    out.write(json.dumps(outcome, ensure_ascii=False) + "\\n")
    out.flush()
`;

export function pythonPath(): string {
    const python = findExecutableOnHost("/usr/bin/python3") ?? findExecutableOnHost("python3");
    if (!python)
        throw new ToolchainUnavailableError("python", "Python 3 is not installed: `sudo apt-get install python3`.");
    return python;
}

/** Runs the cases on the original module (its text, under its own name) in one sandboxed interpreter. */
export async function runPythonCases(
    sandbox: Sandbox,
    module: { name: string; text: string },
    cases: CaseLine[],
    caseTimeoutMs: number,
    signal?: AbortSignal
): Promise<Map<number, HarnessOutcome>> {
    const python = pythonPath();
    const scratch = await sandbox.createScratch({
        contents: { [`${module.name}.py`]: module.text, ".ponder-run/port_harness.py": pythonHarnessScript }
    });
    try {
        return await runCaseLines(cases, (stdin) =>
            sandbox.run(
                scratch,
                {
                    command: python,
                    args: ["-X", "utf8", ".ponder-run/port_harness.py", module.name, String(caseTimeoutMs / 1000)],
                    stdin,
                    env: { PYTHONDONTWRITEBYTECODE: "1", PYTHONIOENCODING: "utf-8" },
                    limits: { timeoutMs: 60_000 + cases.length * caseTimeoutMs, maxOutputBytes: 64 * 1024 * 1024 }
                },
                signal ? { signal } : {}
            )
        );
    } finally {
        await scratch.dispose();
    }
}
