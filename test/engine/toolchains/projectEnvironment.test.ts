// The project's own environment in the sandbox, read-only, through the real runners: a Python virtualenv (.venv, or
// the interpreter .vscode/settings.json configures) whose installed package imports, node_modules, Cargo's vendored
// crates; and the same projects without their dependencies installed: a collect failure naming the packages and the
// command that installs them, never a failing test.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Sandbox } from "../../../engine/sandbox/index.js";
import { discoverProjectTests, runTests, type TestRunResult } from "../../../engine/toolchains/index.js";
import { checkOutcomes, writeProject } from "./toolchainFixtures.js";
import { projectPython } from "../../../engine/languages/python/toolchain/pythonEnvironment.js";

const sandbox = await Sandbox.create({ workspaceTrusted: true });
const run = promisify(execFile);

/** A virtualenv at `root` (pytest from the system's packages) with a tiny package `greetlib` installed into it. */
async function makeVirtualenv(root: string): Promise<string> {
    await run("/usr/bin/python3", ["-m", "venv", "--without-pip", "--system-site-packages", root]);
    const lib = join(root, "lib");
    const sitePackages = join(
        lib,
        (await readdir(lib)).find((name) => name.startsWith("python3"))!,
        "site-packages"
    );
    await mkdir(join(sitePackages, "greetlib"), { recursive: true });
    await writeFile(join(sitePackages, "greetlib", "__init__.py"), 'def hello(name):\n    return "hello " + name\n');
    return root;
}

const pythonProject = `
//- requirements.txt
greetlib==1.0
//- app.py
from greetlib import hello


def greeting():
    return hello("py")
//- tests/test_app.py
from app import greeting


def test_greeting():
    assert greeting() == "hello py"
`;

function missingOf(result: TestRunResult): { packages: string[]; advice: string } {
    assert.ok(result.kind === "buildFailed" && result.stage === "collect", JSON.stringify(result).slice(0, 800));
    assert.ok(result.missing, `no missing dependencies in: ${result.message}`);
    return result.missing;
}

test("Python: the project's .venv runs the tests, so its installed package imports", async () => {
    const root = await writeProject(pythonProject);
    await makeVirtualenv(join(root, ".venv"));
    checkOutcomes(await runTests({ sandbox, workspaceRoot: root }), { "tests/test_app.py::test_greeting": "passed" });
    const discovery = await discoverProjectTests({ sandbox, workspaceRoot: root });
    assert.deepEqual(discovery.kind === "found" && discovery.tests.map((listed) => listed.id), [
        "tests/test_app.py::test_greeting"
    ]);
});

test("Python: the interpreter .vscode/settings.json configures, outside the project", async () => {
    const root = await writeProject(pythonProject);
    const venv = await makeVirtualenv(join(await mkdtemp(join(tmpdir(), "ponder-venv-")), "env"));
    await mkdir(join(root, ".vscode"));
    await writeFile(
        join(root, ".vscode", "settings.json"),
        `{\n  // the project's interpreter\n  "python.defaultInterpreterPath": "${venv}/bin/python"\n}\n`
    );
    checkOutcomes(await runTests({ sandbox, workspaceRoot: root }), { "tests/test_app.py::test_greeting": "passed" });
});

test("Python's interpreter: the explicit path, then PONDER_PYTHON, VS Code's setting, .venv, the system's", async () => {
    const root = await writeProject(pythonProject);
    assert.equal((await projectPython(root, undefined, {}))!.python, "/usr/bin/python3");
    await makeVirtualenv(join(root, ".venv"));
    const local = await projectPython(root, undefined, {});
    assert.deepEqual(
        [local!.python, local!.virtualenv, local!.source],
        [join(root, ".venv", "bin", "python"), join(root, ".venv"), ".venv"]
    );
    const other = await makeVirtualenv(join(await mkdtemp(join(tmpdir(), "ponder-venv-")), "env"));
    await mkdir(join(root, ".vscode"));
    await writeFile(
        join(root, ".vscode", "settings.json"),
        '{ "python.defaultInterpreterPath": "${workspaceFolder}/.venv/bin/python" }'
    );
    assert.equal(
        (await projectPython(root, undefined, {}))!.source,
        "python.defaultInterpreterPath in .vscode/settings.json"
    );
    assert.equal((await projectPython(root, undefined, { PONDER_PYTHON: `${other}/bin/python` }))!.virtualenv, other);
    assert.equal(
        (await projectPython(root, "/usr/bin/python3", { PONDER_PYTHON: `${other}/bin/python` }))!.python,
        "/usr/bin/python3"
    );
});

test("Python without its dependencies: missing greetlib, install with pip install -r requirements.txt", async () => {
    const root = await writeProject(pythonProject);
    const missing = missingOf(await runTests({ sandbox, workspaceRoot: root }));
    assert.deepEqual(missing.packages, ["greetlib"]);
    assert.match(missing.advice, /`pip install -r requirements\.txt`/);
    const discovery = await discoverProjectTests({ sandbox, workspaceRoot: root });
    assert.ok(discovery.kind === "missingDependencies", JSON.stringify(discovery));
    assert.deepEqual(discovery.missing.packages, ["greetlib"]);
});

test("Python: a module of the project that fails to import is an error of that file, not missing dependencies", async () => {
    const root = await writeProject(`
//- conftest.py
//- tests/test_app.py
import shop.missing_module


def test_x():
    pass
//- shop/__init__.py
`);
    const result = await runTests({ sandbox, workspaceRoot: root });
    assert.ok(result.kind === "ran", JSON.stringify(result).slice(0, 600));
    assert.equal(result.tests[0]!.outcome, "error");
});

const nodeProject = `
//- package.json
{ "type": "module", "dependencies": { "greet": "1.0.0" } }
//- test/app.test.js
import { test } from "node:test";
import assert from "node:assert/strict";
import { hello } from "greet";
test("greets", () => assert.equal(hello("js"), "hello js"));
`;

test("node: the project's node_modules is shown to the run; without it, missing greet and npm install", async () => {
    const root = await writeProject(nodeProject);
    const missing = missingOf(await runTests({ sandbox, workspaceRoot: root }));
    assert.deepEqual(missing.packages, ["greet"]);
    assert.match(missing.advice, /`npm install`/);
    const discovery = await discoverProjectTests({ sandbox, workspaceRoot: root });
    assert.ok(discovery.kind === "missingDependencies" && discovery.missing.packages[0] === "greet");
    await mkdir(join(root, "node_modules", "greet"), { recursive: true });
    await writeFile(
        join(root, "node_modules", "greet", "package.json"),
        '{ "name": "greet", "type": "module", "exports": "./index.js" }'
    );
    await writeFile(
        join(root, "node_modules", "greet", "index.js"),
        'export const hello = (name) => "hello " + name;\n'
    );
    checkOutcomes(await runTests({ sandbox, workspaceRoot: root }), { "test/app.test.js::greets": "passed" });
    assert.equal((await discoverProjectTests({ sandbox, workspaceRoot: root })).kind, "found");
});

const rustProject = `
//- Cargo.toml
[package]
name = "app"
version = "0.1.0"
edition = "2021"

[dependencies]
greetcrate = "1"
//- src/lib.rs
pub fn greeting() -> String {
    greetcrate::hello("rs")
}

#[cfg(test)]
mod tests {
    #[test]
    fn greets() {
        assert_eq!(super::greeting(), "hello rs");
    }
}
`;

test("cargo: vendored crates build offline; without them, missing greetcrate and cargo vendor", async () => {
    const root = await writeProject(rustProject);
    const missing = missingOf(await runTests({ sandbox, workspaceRoot: root }));
    assert.deepEqual(missing.packages, ["greetcrate"]);
    assert.match(missing.advice, /`cargo vendor`/);
    const discovery = await discoverProjectTests({ sandbox, workspaceRoot: root });
    assert.ok(discovery.kind === "missingDependencies", JSON.stringify(discovery));

    const vendored = await writeProject(`${rustProject}
//- .cargo/config.toml
[source.crates-io]
replace-with = "vendored-sources"

[source.vendored-sources]
directory = "vendor"
//- vendor/greetcrate/Cargo.toml
[package]
name = "greetcrate"
version = "1.0.0"
edition = "2021"
//- vendor/greetcrate/src/lib.rs
pub fn hello(name: &str) -> String {
    format!("hello {name}")
}
//- vendor/greetcrate/.cargo-checksum.json
{"files":{},"package":null}
`);
    checkOutcomes(await runTests({ sandbox, workspaceRoot: vendored }), { "src/lib.rs::tests::greets": "passed" });
});

/** A module cache holding example.com/greet, filled by the host's go from a file proxy, and the app's go.sum. */
async function goModuleCache(app: string): Promise<string> {
    const root = await mkdtemp(join(tmpdir(), "ponder-gomod-"));
    const versions = join(root, "proxy", "example.com", "greet", "@v");
    await mkdir(versions, { recursive: true });
    await writeFile(join(versions, "list"), "v1.0.0\n");
    await writeFile(join(versions, "v1.0.0.info"), '{"Version":"v1.0.0"}');
    await writeFile(join(versions, "v1.0.0.mod"), "module example.com/greet\n\ngo 1.19\n");
    await run("/usr/bin/python3", [
        "-c",
        `import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("example.com/greet@v1.0.0/go.mod", "module example.com/greet\\n\\ngo 1.19\\n")
    z.writestr("example.com/greet@v1.0.0/greet.go", 'package greet\\n\\nfunc Hello(name string) string { return "hello " + name }\\n')`,
        join(versions, "v1.0.0.zip")
    ]);
    const cache = join(root, "modcache");
    await run("go", ["mod", "tidy"], {
        cwd: app,
        env: {
            ...process.env,
            GOMODCACHE: cache,
            GOPROXY: `file://${join(root, "proxy")}`,
            GOSUMDB: "off",
            GOFLAGS: "-mod=mod",
            GOTOOLCHAIN: "local"
        }
    });
    return cache;
}

test("go: the module cache's modules build offline; without them, missing example.com/greet and go mod download", async () => {
    const root = await writeProject(`
//- go.mod
module example.com/app

go 1.19

require example.com/greet v1.0.0
//- app.go
package app

import "example.com/greet"

func Greeting() string { return greet.Hello("go") }
//- app_test.go
package app

import "testing"

func TestGreeting(t *testing.T) {
	if Greeting() != "hello go" {
		t.Fatal(Greeting())
	}
}
`);
    const moduleCache = await goModuleCache(root);
    checkOutcomes(await runTests({ sandbox, workspaceRoot: root, toolchainOptions: { go: { moduleCache } } }), {
        "app_test.go::TestGreeting": "passed"
    });
    const missing = missingOf(
        await runTests({ sandbox, workspaceRoot: root, toolchainOptions: { go: { moduleCache: false } } })
    );
    assert.deepEqual(missing.packages, ["example.com/greet"]);
    assert.match(missing.advice, /`go mod download`/);
    const discovery = await discoverProjectTests({
        sandbox,
        workspaceRoot: root,
        toolchainOptions: { go: { moduleCache: false } }
    });
    assert.ok(discovery.kind === "missingDependencies", JSON.stringify(discovery));
});
