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
