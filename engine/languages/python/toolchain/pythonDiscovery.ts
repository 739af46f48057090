// The project's Python tests listed without running them: pytest's own collection (`--collect-only`, in a
// plugin that hands back each item's node id, name and line) or unittest's discovery, run in the sandbox with
// the project's interpreter. A test file that does not import is a problem of the listing, or missing dependencies.

import { randomBytes } from "node:crypto";
import type { DiscoveredTest, TestDiscovery } from "../../../toolchains/TestRunResult.js";
import { runOutput, tail, toolchainLimits, type ToolchainContext } from "../../../toolchains/toolchainRun.js";
import { missingPythonModules, pythonInstallAdvice, type PythonEnvironment } from "./pythonEnvironment.js";

/** Prints "KEY JSON" with the collected tests and the files that failed to collect. */
const discoveryScript = `
import json, os, sys
key, runner = sys.argv[1:3]
sys.path.insert(0, os.getcwd())
found, errors = [], []
if runner == "pytest":
    import pytest
    class Listing:
        def pytest_collection_finish(self, session):
            for item in session.items:
                line = item.location[1]
                found.append({"id": item.nodeid, "name": item.name, "file": item.nodeid.split("::")[0],
                              "line": None if line is None else line + 1})
        def pytest_collectreport(self, report):
            if report.failed:
                errors.append({"file": report.nodeid, "message": str(report.longrepr)[-6000:]})
    pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider"], plugins=[Listing()])
else:
    import inspect, unittest
    def walk(suite):
        for item in suite:
            if isinstance(item, unittest.TestSuite):
                yield from walk(item)
            else:
                yield item
    loader = unittest.TestLoader()
    seen = set()
    for pattern in ("test*.py", "*_test.py"):
        for test in walk(loader.discover(".", pattern=pattern, top_level_dir=".")):
            if test.id() in seen:
                continue
            seen.add(test.id())
            if type(test).__name__ == "_FailedTest":
                errors.append({"file": test._testMethodName, "message": str(getattr(test, "_exception", ""))})
                continue
            method = getattr(type(test), test._testMethodName, None)
            try:
                path = os.path.relpath(inspect.getsourcefile(type(test))).replace(os.sep, "/")
                line = inspect.getsourcelines(method)[1] if method else None
            except (TypeError, OSError):
                continue
            found.append({"id": "::".join([path] + type(test).__qualname__.split(".") + [test._testMethodName]),
                          "name": test._testMethodName, "file": path, "line": line})
print(key + " " + json.dumps({"tests": found, "errors": errors}))
`;

interface Listing {
    tests: { id: string; name: string; file: string; line: number | null }[];
    errors: { file: string; message: string }[];
}

export async function discoverPythonTests(
    context: ToolchainContext,
    environment: PythonEnvironment,
    runner: "pytest" | "unittest"
): Promise<TestDiscovery> {
    const { options, sandbox, scratch } = context;
    const key = randomBytes(12).toString("hex");
    const run = await sandbox.run(
        scratch,
        {
            command: environment.python,
            args: ["-s", "-c", discoveryScript, key, runner],
            env: { PYTHONDONTWRITEBYTECODE: "1", PYTHONHASHSEED: "0" },
            binds: environment.binds,
            limits: toolchainLimits(options, { timeoutMs: 120_000 })
        },
        options.signal ? { signal: options.signal } : {}
    );
    if (run.cancelled) return { kind: "failed", toolchain: "python", message: "The listing was cancelled." };
    const line = run.stdout.split("\n").find((text) => text.startsWith(`${key} `));
    const missing = missingPythonModules([run.stdout, run.stderr], options.files ?? []);
    if (missing.length > 0) {
        const dependencies = pythonInstallAdvice(missing, options.files ?? [], environment);
        return {
            kind: "missingDependencies",
            toolchain: "python",
            missing: dependencies,
            message: dependencies.advice
        };
    }
    if (!line) return { kind: "failed", toolchain: "python", message: tail(runOutput(run)) || "pytest listed nothing" };
    const listing = JSON.parse(line.slice(key.length + 1)) as Listing;
    const tests: DiscoveredTest[] = listing.tests.map((test) => ({
        id: test.id,
        name: test.name,
        file: test.file,
        ...(test.line !== null ? { line: test.line } : {})
    }));
    const problems = listing.errors.map((error) => `${error.file}: ${error.message}`);
    return {
        kind: "found",
        toolchain: "python",
        runner,
        tests,
        ...(problems.length ? { problems } : {})
    };
}
