// The sandbox's contract apart from hostility: what a run reports, the trust gate, the missing-bubblewrap
// policy, cancellation, binds, Node under a memory rlimit, and what goes into scratch.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidRequestError } from "../../../engine/errors.js";
import {
    defaultSandboxLimits,
    Sandbox,
    SandboxUnavailableError,
    WorkspaceNotTrustedError,
    type SandboxRunRequest,
    type ScratchInputs
} from "../../../engine/sandbox/index.js";
import { bubblewrapArguments } from "../../../engine/sandbox/sandboxCommandLine.js";
import { processesWith } from "./canaryTree.js";

const sandbox = await Sandbox.create({ workspaceTrusted: true });
const rlimitSandbox = await Sandbox.create({ workspaceTrusted: true, cgroups: "never" });

function shell(script: string, extra: Partial<SandboxRunRequest> = {}): SandboxRunRequest {
    return { command: "/bin/sh", args: ["-c", script], ...extra };
}

test("a run reports exit code, both streams, duration and the files it was asked to collect", async () => {
    const result = await sandbox.runOnce(
        { contents: { "in.txt": "42\n" } },
        shell("cat in.txt; echo oops >&2; mkdir -p out; echo report > out/r.txt; exit 3", {
            collect: ["out/r.txt", "missing.txt"]
        })
    );
    assert.deepEqual(
        { ...result, durationMs: 0 },
        {
            exitCode: 3,
            signal: null,
            timedOut: false,
            oomKilled: false,
            cancelled: false,
            stdout: "42\n",
            stderr: "oops\n",
            stdoutTruncated: false,
            stderrTruncated: false,
            durationMs: 0,
            files: { "out/r.txt": "report\n" }
        }
    );
    assert.ok(result.durationMs > 0 && result.durationMs < 2000);
});

test("a command killed by a signal reports the signal, not an exit code", async () => {
    const result = await sandbox.runOnce({}, shell("kill -SEGV $$"));
    assert.equal(result.exitCode, null);
    assert.equal(result.signal, "SIGSEGV");
});

test("stdin, the working directory and the minimal environment reach the command", async () => {
    const result = await sandbox.runOnce(
        { contents: { "sub/x.txt": "" } },
        shell('cat; pwd; echo "$HOME $TMPDIR $GREETING"; env | grep -c .', {
            stdin: "from stdin\n",
            cwd: "sub",
            env: { GREETING: "hi" }
        })
    );
    const [input, cwd, vars, count] = result.stdout.split("\n");
    assert.equal(input, "from stdin");
    assert.equal(cwd, "/sandbox/work/sub");
    assert.equal(vars, "/sandbox/home /tmp hi");
    assert.ok(Number(count) <= 8, `the environment has ${count} variables`);
});

test("an untrusted workspace is refused before anything runs", async () => {
    await assert.rejects(
        Sandbox.create({ workspaceTrusted: false }),
        (error: unknown) =>
            error instanceof WorkspaceNotTrustedError && error.badInput && /--trust-workspace/.test(error.message)
    );
});

test("without bubblewrap Ponder refuses, and says how to install it", async () => {
    await assert.rejects(
        Sandbox.create({ workspaceTrusted: true, bubblewrapPath: "/nonexistent/bwrap" }),
        (error: unknown) =>
            error instanceof SandboxUnavailableError &&
            error.fault === "environment" &&
            /apt-get install bubblewrap/.test(error.message) &&
            /--unsandboxed/.test(error.message)
    );
});

test("with the explicit opt-in, a missing bubblewrap means unsandboxed runs that still have limits and a warning", async () => {
    const unsandboxed = await Sandbox.create({
        workspaceTrusted: true,
        bubblewrapPath: "/nonexistent/bwrap",
        allowUnsandboxed: true
    });
    try {
        assert.equal(unsandboxed.mode, "unsandboxed");
        assert.match(unsandboxed.warning ?? "", /WITHOUT a sandbox/);
        const marker = `ponder-unsandboxed-${process.pid}`;
        const result = await unsandboxed.runOnce(
            { contents: { "a.txt": "a\n" } },
            { command: "/bin/sh", args: ["-c", "cat a.txt; sleep 30 & sleep 30", marker], limits: { timeoutMs: 500 } }
        );
        assert.equal(result.stdout, "a\n");
        assert.equal(result.timedOut, true);
        assert.deepEqual(await processesWith(marker), []);
    } finally {
        await unsandboxed.dispose();
    }
});

test("aborting kills the whole tree and reports a cancelled run", async () => {
    const marker = `ponder-abort-${process.pid}`;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const result = await sandbox.runOnce(
        {},
        { command: "/bin/sh", args: ["-c", "sleep 30 & sleep 30", marker] },
        { signal: controller.signal }
    );
    assert.equal(result.cancelled, true);
    assert.equal(result.timedOut, false);
    assert.ok(result.durationMs < 2000);
    assert.deepEqual(await processesWith(marker), []);
    const early = await sandbox.runOnce({}, shell("echo never"), { signal: AbortSignal.abort() });
    assert.equal(early.cancelled, true);
    assert.equal(early.stdout, "");
});

test("binds: read-only ones are visible and unwritable, writable ones keep what the run wrote", async () => {
    const host = await mkdtemp(join(tmpdir(), "ponder-binds-"));
    try {
        await mkdir(join(host, "tools"));
        await writeFile(join(host, "tools", "tool.txt"), "tool\n");
        const result = await sandbox.runOnce(
            {},
            shell("cat deps/tool.txt; echo x > deps/new.txt; echo cached > /sandbox/cache/c.txt", {
                binds: [
                    { source: join(host, "tools"), target: "deps" },
                    { source: join(host, "cache"), target: "/sandbox/cache", writable: true }
                ]
            })
        );
        assert.equal(result.stdout, "tool\n");
        assert.match(result.stderr, /deps\/new.txt: Read-only file system/);
        assert.equal(await readFile(join(host, "cache", "c.txt"), "utf8"), "cached\n");
    } finally {
        await rm(host, { recursive: true, force: true });
    }
});

test("Node starts under a 256 MB rlimit (RLIMIT_DATA, not RLIMIT_AS) and is stopped when it takes more", async () => {
    const small = await rlimitSandbox.runOnce(
        {},
        { command: process.execPath, args: ["-e", "console.log('started')"], limits: { memoryMb: 256 } }
    );
    assert.equal(small.stdout, "started\n");
    const big = await rlimitSandbox.runOnce(
        {},
        {
            command: process.execPath,
            args: [
                "-e",
                "const kept = []; for (let i = 0; i < 16; i++) kept.push(Buffer.alloc(64 * 1024 * 1024, 1)); console.log('allocated')"
            ],
            limits: { memoryMb: 256 }
        }
    );
    assert.equal(big.oomKilled, true);
    assert.doesNotMatch(big.stdout, /allocated/);
    const python = await rlimitSandbox.runOnce(
        {},
        { command: "/usr/bin/python3", args: ["-c", "print('ok')"], limits: { memoryMb: 256 } }
    );
    assert.equal(python.stdout, "ok\n");
});

async function scratchListing(inputs: ScratchInputs): Promise<string> {
    const result = await sandbox.runOnce(inputs, shell("find . | sort"));
    return result.stdout;
}

test("scratch holds just the listed files (folders without .git and node_modules) and the given contents", async () => {
    const workspace = await mkdtemp(join(tmpdir(), "ponder-ws-"));
    try {
        for (const path of ["src/a.py", "src/.git/HEAD", "src/node_modules/m.js", "README.md", "other.txt"]) {
            await mkdir(join(workspace, path, ".."), { recursive: true });
            await writeFile(join(workspace, path), path);
        }
        assert.equal(
            await scratchListing({
                from: workspace,
                paths: ["src", "README.md"],
                contents: { "tests/test_a.py": "x", "README.md": "new" }
            }),
            [".", "./README.md", "./src", "./src/a.py", "./tests", "./tests/test_a.py", ""].join("\n")
        );
        const readme = await sandbox.runOnce(
            { from: workspace, paths: ["README.md"], contents: { "README.md": "new" } },
            shell("cat README.md")
        );
        assert.equal(readme.stdout, "new");
        await assert.rejects(sandbox.createScratch({ from: workspace, paths: ["../etc"] }), InvalidRequestError);
        await assert.rejects(sandbox.createScratch({ contents: { "/etc/x": "" } }), InvalidRequestError);
        await assert.rejects(sandbox.createScratch({ from: workspace, paths: ["missing.py"] }), /no such file/);
    } finally {
        await rm(workspace, { recursive: true, force: true });
    }
});

test("bubblewrap's command line: namespaces by privilege, a read-only root, binds reachable by the sandbox user", () => {
    const layout = {
        scratch: "/tmp/s",
        cwd: ".",
        limits: defaultSandboxLimits,
        statusFd: 3,
        binds: [
            { source: "/opt/tool", target: "/opt/tools/v1" },
            { source: "/home/u/p/node_modules", target: "node_modules" }
        ]
    };
    const asRoot = bubblewrapArguments({ ...layout, asRoot: true }).join(" ");
    assert.match(
        asRoot,
        /^--unshare-ipc --unshare-pid --unshare-net --unshare-uts --unshare-cgroup-try --die-with-parent --new-session /
    );
    assert.doesNotMatch(asRoot, /--unshare-user|--unshare-all/);
    assert.match(
        asRoot,
        /--perms 0755 --dir \/opt --perms 0755 --dir \/opt\/tools --ro-bind \/opt\/tool \/opt\/tools\/v1 /
    );
    assert.match(
        asRoot,
        /--ro-bind \/home\/u\/p\/node_modules \/sandbox\/work\/node_modules --chdir \/sandbox\/work --remount-ro \/ /
    );
    assert.match(asRoot, /--cap-add CAP_SETUID --cap-add CAP_SETGID --$/);
    const asUser = bubblewrapArguments({ ...layout, asRoot: false }).join(" ");
    assert.match(asUser, /^--unshare-all --die-with-parent /);
    assert.doesNotMatch(asUser, /--cap-add/);
});

test("no new user namespace inside the sandbox: `unshare -r id` fails (it gave uid 0 before), threads and processes still start", async () => {
    for (const each of [sandbox, rlimitSandbox]) {
        const result = await each.runOnce(
            {},
            shell(
                'unshare -r id; echo unshare=$?; unshare -U true; echo user=$?; /usr/bin/python3 -c \'import threading, subprocess; t = threading.Thread(target=print, args=("thread",)); t.start(); t.join(); subprocess.run(["true"], check=True); print("spawned")\''
            )
        );
        assert.doesNotMatch(result.stdout, /uid=0/);
        assert.match(result.stdout, /unshare=1\nuser=1\nthread\nspawned\n/);
        assert.match(result.stderr, /Operation not permitted/);
    }
});

test("a channel: lines reach the caller as written, a deadline set from them ends the run, and the result names it", async () => {
    const lines: string[] = [];
    const started = performance.now();
    const result = await sandbox.runOnce({}, shell("echo one >&5; echo two >&5; sleep 30", { channel: true }), {
        onChannelLine: (line, control) => {
            lines.push(line);
            if (line === "two") control.setDeadline("test", 300);
        }
    });
    assert.deepEqual(lines, ["one", "two"]);
    assert.equal(result.channel, "one\ntwo\n");
    assert.equal(result.deadline, "test");
    assert.equal(result.timedOut, true);
    assert.ok(performance.now() - started < 5000);
});

test("a run that writes past the scratch cap is killed and says how much it wrote", async () => {
    const result = await sandbox.runOnce(
        {},
        shell(
            "i=0; while [ $i -lt 40 ]; do head -c 4194304 /dev/zero > f$i; i=$((i+1)); done; sleep 5; echo survived",
            { limits: { maxScratchMb: 32 } }
        )
    );
    assert.ok(result.scratchFull !== undefined && result.scratchFull > 32 * 1024 * 1024, String(result.scratchFull));
    assert.doesNotMatch(result.stdout, /survived/);
});
