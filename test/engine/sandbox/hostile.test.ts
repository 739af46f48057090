// The hostile suite: code that tries to escape or exhaust the sandbox. Each case asserts that the attack ran
// (its own output) and was contained, that no file outside scratch changed (a canary tree hashed before and
// after), and that none of its processes outlived the run.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:net";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import {
    Sandbox,
    type SandboxLimits,
    type SandboxRunResult,
    type ScratchInputs
} from "../../../engine/sandbox/index.js";
import { createCanaryTree, processesWith, type CanaryTree } from "./canaryTree.js";

interface HostileContext {
    canary: CanaryTree;
    marker: string;
    listenerPort: number;
}

interface HostileCase {
    name: string;
    /** Which limit mechanism runs the case; both when omitted for memory and processes. */
    limitsBy?: "cgroup" | "rlimit";
    inputs?: (context: HostileContext) => ScratchInputs;
    /** A shell script; `$MARKER` is its $0 so its processes can be found afterwards. */
    shell?: string;
    python?: string;
    env?: (context: HostileContext) => Record<string, string>;
    limits?: Partial<SandboxLimits>;
    expect(result: SandboxRunResult, context: HostileContext): void | Promise<void>;
}

let canary: CanaryTree;
let listener: Server;
let connections = 0;
const sandboxes: Partial<Record<"cgroup" | "rlimit", Sandbox>> = {};
const homeTarget = join(homedir(), `ponder-hostile-${process.pid}.txt`);
const hostileUser = { uid: 64123, gid: 64123 };

// A user of its own (when root): RLIMIT_NPROC counts every process of a user, so concurrent tests'
// sandboxes running as nobody must not eat into this suite's process limits.
sandboxes.cgroup = await Sandbox.create({ workspaceTrusted: true, sandboxUser: hostileUser });
sandboxes.rlimit = await Sandbox.create({ workspaceTrusted: true, cgroups: "never", sandboxUser: hostileUser });
/** Where cgroups are not writable (not root, cgroup v2 without delegation) only the rlimit variants run. */
const cgroupsHere = sandboxes.cgroup.limitsBy === "cgroup";

before(async () => {
    canary = await createCanaryTree();
    listener = createServer((socket) => {
        connections++;
        socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
});

after(async () => {
    listener.close();
    await canary.dispose();
});

let runNumber = 0;

async function check(hostile: HostileCase, limitsBy: "cgroup" | "rlimit"): Promise<SandboxRunResult> {
    const sandbox = sandboxes[limitsBy]!;
    const context: HostileContext = {
        canary,
        marker: `ponder-hostile-${process.pid}-${++runNumber}`,
        listenerPort: (listener.address() as { port: number }).port
    };
    const before = await canary.hash();
    const request =
        hostile.shell !== undefined
            ? { command: "/bin/sh", args: ["-c", hostile.shell, context.marker] }
            : { command: "/usr/bin/python3", args: ["-c", hostile.python!, context.marker] };
    const result = await sandbox.runOnce(hostile.inputs?.(context) ?? { from: canary.workspace, paths: ["src"] }, {
        ...request,
        env: { MARKER: context.marker, ...hostile.env?.(context) },
        limits: { timeoutMs: 10_000, ...hostile.limits }
    });
    await hostile.expect(result, context);
    assert.equal(await canary.hash(), before, "a file outside scratch changed");
    assert.deepEqual(await processesWith(context.marker), [], "a process of the run outlived it");
    assert.equal(existsSync(homeTarget), false, "the run wrote to the home directory");
    return result;
}

/** Forks sleeping children until a fork fails; prints how many started. */
const forkCounter = [
    "import os, time",
    "started = 0",
    "try:",
    "    for _ in range(40):",
    "        if os.fork() == 0:",
    "            time.sleep(5)",
    "            os._exit(0)",
    "        started += 1",
    "except OSError as error:",
    "    print('fork failed:', error.strerror)",
    "print(started)"
].join("\n");

function expectForksBounded(result: SandboxRunResult): void {
    assert.match(result.stdout, /fork failed: Resource temporarily unavailable\n\d+\n$/);
    const started = Number(/(\d+)\n$/.exec(result.stdout)![1]);
    assert.ok(started >= 1 && started < 12, `${started} children started under a limit of 12 processes`);
}

const cases: HostileCase[] = [
    {
        name: "a TCP connection to a listener on the host's 127.0.0.1 is refused",
        python: "import os, socket\nsocket.create_connection(('127.0.0.1', int(os.environ['PORT'])), timeout=3)\nprint('connected')",
        env: (context) => ({ PORT: String(context.listenerPort) }),
        expect(result) {
            assert.notEqual(result.exitCode, 0);
            assert.doesNotMatch(result.stdout, /connected/);
            assert.match(result.stderr, /Network is unreachable|Connection refused|OSError/);
            assert.equal(connections, 0);
        }
    },
    {
        name: "a host name does not resolve",
        python: "import socket\nprint(socket.getaddrinfo('example.com', 443))",
        expect(result) {
            assert.notEqual(result.exitCode, 0);
            assert.match(result.stderr, /gaierror|Temporary failure in name resolution|Name or service not known/);
        }
    },
    {
        name: "writing to the home directory fails",
        shell: 'echo started; echo pwned > "$TARGET" || exit 9',
        env: () => ({ TARGET: homeTarget }),
        expect(result) {
            assert.equal(result.stdout, "started\n");
            assert.equal(result.exitCode, 9);
            assert.match(result.stderr, /ponder-hostile-\d+\.txt: Directory nonexistent/);
        }
    },
    {
        name: "writing to the workspace (by its real path) fails",
        shell: 'echo pwned > "$WORKSPACE/src/main.py"; echo pwned > "$WORKSPACE/new.txt"; exit 0',
        env: (context) => ({ WORKSPACE: context.canary.workspace }),
        expect(result) {
            assert.match(result.stderr, /No such file or directory|Directory nonexistent|Read-only|Permission denied/);
        }
    },
    {
        name: "writing to the system and to the host's /tmp fails or stays inside",
        shell: 'echo x > /usr/pwned; echo x > /etc/pwned; echo x > "/tmp/$MARKER"; ls "/tmp/$MARKER"',
        expect(result, context) {
            assert.match(result.stderr, /\/usr\/pwned: (Read-only file system|Permission denied)/);
            assert.match(result.stderr, /\/etc\/pwned: (Read-only file system|Permission denied)/);
            assert.equal(existsSync(`/tmp/${context.marker}`), false);
            assert.equal(existsSync("/usr/pwned") || existsSync("/etc/pwned"), false);
        }
    },
    {
        name: "files outside the binds cannot be read: the canary's secrets and root's home",
        shell: 'cat "$OUTSIDE/secret.txt"; cat "$WORKSPACE/secret.txt"; ls /root; cat /etc/shadow; exit 0',
        env: (context) => ({ OUTSIDE: context.canary.outside, WORKSPACE: context.canary.workspace }),
        expect(result, context) {
            assert.doesNotMatch(result.stdout, new RegExp(context.canary.secret));
            assert.match(result.stderr, /secret.txt: No such file or directory/);
            assert.match(result.stderr, /shadow: Permission denied/);
        }
    },
    {
        name: "the code runs as a non-root user without capabilities",
        shell: "id -u; grep CapEff /proc/self/status",
        expect(result) {
            if (process.getuid?.() === 0)
                assert.match(result.stdout, new RegExp(`^${hostileUser.uid}\\nCapEff:\\s+0+\\n$`));
            else assert.match(result.stdout, new RegExp(`^${process.getuid?.()}\\n`));
        }
    },
    {
        name: "a fork bomb is bounded by the process limit and dies with the run",
        shell: "echo started; bomb() { bomb | bomb & }; bomb; sleep 2; echo survived",
        limits: { maxProcesses: 32, timeoutMs: 4000 },
        expect(result) {
            assert.match(result.stdout, /^started\n/);
            assert.ok(result.durationMs < 8000, `the bomb took ${result.durationMs} ms`);
            assert.match(result.stderr, /Cannot fork/);
        }
    },
    {
        name: "RLIMIT_NPROC binds: only maxProcesses processes start (rlimit mode)",
        limitsBy: "rlimit",
        python: forkCounter,
        limits: { maxProcesses: 12, timeoutMs: 8000 },
        expect: expectForksBounded
    },
    {
        name: "the pids cgroup binds: only maxProcesses processes start (cgroup mode)",
        limitsBy: "cgroup",
        python: forkCounter,
        limits: { maxProcesses: 12, timeoutMs: 8000 },
        expect: expectForksBounded
    },
    {
        name: "2 GB allocated under a 256 MB limit is stopped and reported as out of memory",
        python: "print('started', flush=True)\nb = bytearray(2 * 1024 ** 3)\nprint('allocated')",
        limits: { memoryMb: 256 },
        expect(result) {
            assert.equal(result.stdout, "started\n");
            assert.equal(result.oomKilled, true);
            assert.notEqual(result.exitCode, 0);
            assert.doesNotMatch(result.stdout, /allocated/);
        }
    },
    {
        name: "an infinite loop is killed at the wall-clock limit",
        shell: "echo started; while :; do :; done",
        limits: { timeoutMs: 800 },
        expect(result) {
            assert.equal(result.stdout, "started\n");
            assert.equal(result.timedOut, true);
            assert.equal(result.signal, "SIGKILL");
            assert.ok(result.durationMs >= 800 && result.durationMs < 3000, `took ${result.durationMs} ms`);
        }
    },
    {
        name: "a busy loop is stopped by the CPU-time limit before the wall-clock one",
        shell: "echo started; while :; do :; done",
        limits: { cpuSeconds: 1, timeoutMs: 8000 },
        expect(result) {
            assert.equal(result.stdout, "started\n");
            assert.equal(result.timedOut, false);
            assert.match(result.signal ?? "", /SIGXCPU|SIGKILL/);
        }
    },
    {
        name: "a detached grandchild that outlives its parent dies with the run",
        shell: 'setsid sh -c "sleep 30; echo late > late.txt" "$MARKER-grandchild" > /dev/null 2>&1 & sleep 0.3; echo started',
        expect(result) {
            assert.equal(result.exitCode, 0);
            assert.equal(result.stdout, "started\n");
        }
    },
    {
        name: "a detached grandchild dies with the run on a timeout too",
        shell: 'setsid sh -c "sleep 30; true" "$MARKER-grandchild" & echo started; sleep 30',
        limits: { timeoutMs: 700 },
        expect(result) {
            assert.equal(result.stdout, "started\n");
            assert.equal(result.timedOut, true);
        }
    },
    {
        name: "100 MB of output is cut at the cap without slowing the run much",
        shell: "head -c 100000000 /dev/zero | tr '\\0' a; head -c 3000000 /dev/zero | tr '\\0' b >&2",
        limits: { maxOutputBytes: 1024 * 1024 },
        expect(result) {
            assert.equal(result.exitCode, 0);
            assert.equal(result.stdoutTruncated, true);
            assert.equal(result.stderrTruncated, true);
            assert.equal(result.stdout.length, 1024 * 1024);
            assert.equal(result.stderr.length, 1024 * 1024);
            assert.ok(result.durationMs < 5000, `took ${result.durationMs} ms`);
        }
    },
    {
        name: "a symlink in scratch pointing outside leads nowhere, copied in or made by the run",
        inputs: (context) => ({ from: context.canary.workspace, paths: ["src", "link-to-outside"] }),
        shell:
            'cat link-to-outside; echo pwned > link-to-outside; ln -s "$OUTSIDE" out; echo pwned > out/notes.md; ' +
            "ln -s /etc/passwd passwd-link; cat out/secret.txt; exit 0",
        env: (context) => ({ OUTSIDE: context.canary.outside }),
        expect(result, context) {
            assert.doesNotMatch(result.stdout, new RegExp(context.canary.secret));
            assert.match(result.stderr, /link-to-outside: (No such file or directory|Read-only)/);
        }
    }
];

for (const hostile of cases) {
    const mechanisms = (
        hostile.limitsBy
            ? [hostile.limitsBy]
            : hostile.limits?.memoryMb || hostile.limits?.maxProcesses
              ? (["cgroup", "rlimit"] as const)
              : (["cgroup"] as const)
    )
        .map((mechanism) => (mechanism === "cgroup" && !cgroupsHere ? "rlimit" : mechanism))
        .filter((mechanism, index, all) => all.indexOf(mechanism) === index);
    for (const limitsBy of mechanisms) {
        test(`${hostile.name}${mechanisms.length > 1 ? ` [${limitsBy}]` : ""}`, () =>
            check(hostile, limitsBy).then(() => undefined));
    }
}

test("as root on this machine kind (CI), every run gets its own memory and pids cgroup", () => {
    if (process.getuid?.() === 0) assert.equal(sandboxes.cgroup!.limitsBy, "cgroup");
    assert.equal(sandboxes.rlimit!.limitsBy, "rlimit");
});

test("files a run asks to collect are never read through a symlink, and Ponder never writes through one", async () => {
    const sandbox = sandboxes.cgroup!;
    const before = await canary.hash();
    const scratch = await sandbox.createScratch({ contents: { "report.txt": "real\n" } });
    try {
        const result = await sandbox.run(scratch, {
            command: "/bin/sh",
            args: [
                "-c",
                'rm report.txt; ln -s /etc/hostname report.txt; mkdir -p d; ln -s "$OUTSIDE" reports; ln -s /etc/hostname d/x'
            ],
            env: { OUTSIDE: canary.outside },
            collect: ["report.txt", "reports/secret.txt", "d/x"]
        });
        assert.equal(result.exitCode, 0);
        assert.deepEqual(result.files, {});
        await assert.rejects(scratch.writeFile("reports/notes.md", "pwned"), /not a plain folder/);
        await scratch.writeFile("report.txt", "replaced\n");
        assert.equal(await scratch.readFile("report.txt"), "replaced\n");
    } finally {
        await scratch.dispose();
    }
    assert.equal(await canary.hash(), before);
});
