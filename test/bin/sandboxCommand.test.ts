// `ponder sandbox` in-process: the JSON result, the plain output and summary, exit codes, limits, and the
// refusals (untrusted folder, bad usage) as the errors the dispatcher turns into exit code 2; the one trust decision
// (--trust-workspace or PONDER_TRUST_WORKSPACE=1) shared with the chain commands.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sandboxCommand } from "../../bin/commands/sandboxCommand.js";
import { InvalidRequestError } from "../../engine/errors.js";
import { WorkspaceNotTrustedError } from "../../engine/sandbox/index.js";
import { workspaceTrusted } from "../../bin/sandboxFlags.js";
import { fakeIo } from "../support/fakeIo.js";

let folder: string;

before(async () => {
    folder = await mkdtemp(join(tmpdir(), "ponder-cli-sandbox-"));
    await mkdir(join(folder, "src"));
    await writeFile(join(folder, "src", "hello.py"), "print('hello from scratch')\n");
    await writeFile(join(folder, "secret.txt"), "not copied\n");
});

after(() => rm(folder, { recursive: true, force: true }));

async function run(...args: string[]) {
    return runWithEnv({}, ...args);
}

async function runWithEnv(env: NodeJS.ProcessEnv, ...args: string[]) {
    const io = fakeIo(folder, env);
    const code = await sandboxCommand(args, io);
    return { code, stdout: io.stdout, stderr: io.stderr };
}

test("--json prints the run's result and exit code 0 when the command succeeded", async () => {
    const { code, stdout } = await run(
        "--trust-workspace",
        "--files",
        "src",
        "--json",
        "--",
        "/usr/bin/python3",
        "src/hello.py"
    );
    assert.equal(code, 0);
    const result = JSON.parse(stdout);
    assert.deepEqual(Object.keys(result).slice(0, 7), [
        "exitCode",
        "signal",
        "timedOut",
        "oomKilled",
        "cancelled",
        "stdout",
        "stderr"
    ]);
    assert.equal(result.exitCode, 0);
    assert.equal(result.stdout, "hello from scratch\n");
    assert.equal(result.sandboxed, true);
    assert.ok(Number.isInteger(result.durationMs));
});

test("only the listed files are copied; output streams through with a summary on stderr; failure is exit 1", async () => {
    const { code, stdout, stderr } = await run(
        "--trust-workspace",
        "--files",
        "src",
        "--",
        "/bin/sh",
        "-c",
        "ls; cat secret.txt; exit 4"
    );
    assert.equal(code, 1);
    assert.equal(stdout, "src\n");
    assert.match(stderr, /secret.txt: No such file/);
    assert.match(stderr, /ponder sandbox: exit code 4 \(\d+\.\d\d s, sandboxed, limits by (cgroup|rlimit)\)\n$/);
});

test("--timeout and --memory limit the run and the summary says which limit stopped it", async () => {
    const slow = await run("--trust-workspace", "--timeout", "0.5", "--", "/bin/sleep", "10");
    assert.equal(slow.code, 1);
    assert.match(slow.stderr, /timed out after 0.5 s/);
    const hungry = await run(
        "--trust-workspace",
        "--memory",
        "128",
        "--json",
        "--",
        "/usr/bin/python3",
        "-c",
        "b = bytearray(1024 ** 3)"
    );
    assert.equal(hungry.code, 1);
    assert.equal(JSON.parse(hungry.stdout).oomKilled, true);
});

test("several --files, and paths after --files, are all copied", async () => {
    const { code, stdout } = await run(
        "--trust-workspace",
        "--files",
        "src/hello.py",
        "secret.txt",
        "--",
        "/bin/sh",
        "-c",
        "find . -type f | sort"
    );
    assert.equal(code, 0);
    assert.equal(stdout, "./secret.txt\n./src/hello.py\n");
});

test("an untrusted folder is refused with an error the dispatcher maps to exit code 2", async () => {
    await assert.rejects(
        run("--", "/bin/true"),
        (error: unknown) => error instanceof WorkspaceNotTrustedError && error.badInput
    );
});

const trustCases: { flag?: boolean; env?: string; trusted: boolean }[] = [
    { trusted: false },
    { flag: true, trusted: true },
    { env: "1", trusted: true },
    { flag: true, env: "0", trusted: true },
    { env: "0", trusted: false },
    { env: "yes", trusted: false }
];

for (const { flag, env, trusted } of trustCases) {
    test(`trust: --trust-workspace ${flag ? "given" : "absent"}, PONDER_TRUST_WORKSPACE=${env ?? "unset"}: ${trusted ? "trusted" : "not trusted"}`, () => {
        const io = fakeIo(folder, env !== undefined ? { PONDER_TRUST_WORKSPACE: env } : {});
        assert.equal(workspaceTrusted(flag ? { "trust-workspace": true } : {}, io), trusted);
    });
}

test("PONDER_TRUST_WORKSPACE=1 trusts the folder for ponder sandbox, as for the chain commands", async () => {
    const { code, stdout } = await runWithEnv(
        { PONDER_TRUST_WORKSPACE: "1" },
        "--files",
        "src",
        "--",
        "/usr/bin/python3",
        "src/hello.py"
    );
    assert.equal(code, 0);
    assert.equal(stdout, "hello from scratch\n");
    await assert.rejects(
        runWithEnv({ PONDER_TRUST_WORKSPACE: "0" }, "--", "/bin/true"),
        (error: unknown) => error instanceof WorkspaceNotTrustedError
    );
});

test("bad usage is refused: no command, a file outside the folder, a bad number, a stray argument", async () => {
    for (const args of [
        ["--trust-workspace"],
        ["--trust-workspace", "--files", "../etc", "--", "/bin/true"],
        ["--trust-workspace", "--timeout", "soon", "--", "/bin/true"],
        ["--trust-workspace", "stray", "--", "/bin/true"]
    ]) {
        await assert.rejects(
            run(...args),
            (error: unknown) => error instanceof InvalidRequestError && error.badInput,
            args.join(" ")
        );
    }
});

test("--files DIR/x with DIR a symlink to an outside folder is refused; nothing outside is copied in", async () => {
    const outside = await mkdtemp(join(tmpdir(), "ponder-cli-sandbox-outside-"));
    await writeFile(join(outside, "x"), "outside secret\n");
    await symlink(outside, join(folder, "linked"));
    try {
        await assert.rejects(
            run("--trust-workspace", "--files", "linked/x", "--", "/bin/cat", "linked/x"),
            (error: unknown) =>
                error instanceof InvalidRequestError &&
                /--files linked\/x: linked is a symlink that leads out of the workspace/.test((error as Error).message)
        );
    } finally {
        await rm(join(folder, "linked"));
        await rm(outside, { recursive: true, force: true });
    }
});
