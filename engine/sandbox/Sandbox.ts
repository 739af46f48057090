// Runs one command on untrusted code: inside bubblewrap (no network, read-only system, a writable scratch copy,
// its own PID namespace), as a non-root user, under limits on time, CPU, memory, processes and output.
// Refuses untrusted workspaces, and refuses to run at all without bubblewrap unless the user opted in.

import { spawn, type ChildProcess } from "node:child_process";
import type { Readable } from "node:stream";
import { lchown, lstat, mkdir, mkdtemp, rm, stat, symlink } from "node:fs/promises";
import { constants, tmpdir } from "node:os";
import { basename, dirname, isAbsolute, join } from "node:path";
import { InvalidRequestError, PonderError } from "../errors.js";
import { CappedOutput } from "./CappedOutput.js";
import { RunCgroup, writableCgroupParents, type ControllerDirs } from "./cgroupLimits.js";
import { SandboxUnavailableError, WorkspaceNotTrustedError } from "./errors.js";
import { RunWatch, type RunControl } from "./RunWatch.js";
import { userNamespaceFilter } from "./userNamespaceFilter.js";
import { Scratch, scratchRelativePath, type ScratchInputs } from "./Scratch.js";
import {
    bindTargetInSandbox,
    bubblewrapArguments,
    findExecutable,
    limitedCommandLine,
    sandboxHomePath,
    sandboxPath,
    sandboxScratchPath
} from "./sandboxCommandLine.js";
import {
    channelFd,
    defaultSandboxLimits,
    type MemoryRlimit,
    type SandboxBind,
    type SandboxLimits,
    type SandboxRunRequest,
    type SandboxRunResult
} from "./SandboxRun.js";

export interface SandboxOptions {
    /** The user trusts the workspace whose code will run (the editor's workspace trust, the CLI's `--trust-workspace`). Without it `create` refuses. */
    workspaceTrusted: boolean;
    /** Run without bubblewrap when it is missing or cannot start: only on the user's explicit opt-in. */
    allowUnsandboxed?: boolean;
    /** bubblewrap's path; default `bwrap` on PATH. */
    bubblewrapPath?: string;
    /** The user runs execute as when Ponder itself is root; default nobody (65534:65534). */
    sandboxUser?: { uid: number; gid: number };
    /** "auto" (default): a cgroup per run for memory and processes when Ponder may create one; "never": rlimits only. */
    cgroups?: "auto" | "never";
    /** Where scratch directories are made; default the OS temp directory. */
    scratchParent?: string;
    /** Defaults for every run of this sandbox; a request's own limits win. */
    limits?: Partial<SandboxLimits>;
}

export interface SandboxCallOptions {
    /** Aborting kills the run's whole process tree; the result then says `cancelled`. */
    signal?: AbortSignal;
    /** Each line the run writes on its channel (`SandboxRunRequest.channel`), as it comes, with deadlines to set from it. */
    onChannelLine?: (line: string, control: RunControl) => void;
}

/** A run that bubblewrap could not even start (a bad bind, a broken install): a fault, not an outcome. */
export class SandboxSetupError extends PonderError {
    override readonly fault = "environment";
    constructor(message: string) {
        super(message);
    }
}

const statusFd = 3;
/** bubblewrap reads the seccomp filter that forbids new user namespaces from here (fd 5 is the run's channel). */
const seccompFd = 6;
/** The sandbox's first process writes a byte here once bubblewrap has set everything up, then closes it. */
const startedFd = 4;
/** Tells a run that started from one bubblewrap could not set up (a bad bind): bwrap reports a child pid either way. */
const startedMarker = ["/bin/sh", "-c", `printf started >&${startedFd} && exec ${startedFd}>&- && exec "$@"`, "sh"];
const probes = new Map<string, Promise<string | undefined>>();

/**
 * What runs generated code: scratch copies and commands in them. `BubblewrapSandbox` is the only implementation the
 * product runs generated code with; tests of chain logic use a recording fake behind the same interface.
 */
export interface Sandbox {
    /** "bubblewrap"; "unsandboxed" when the user opted in and bubblewrap is missing; "fake" for tests' stand-ins. */
    readonly mode: "bubblewrap" | "unsandboxed" | "fake";
    /** How memory and process counts are capped: a cgroup per run, or rlimits per process. */
    readonly limitsBy: "cgroup" | "rlimit";
    /** Why runs are unsandboxed, for a warning the user sees; undefined when sandboxed. */
    readonly warning: string | undefined;
    /** A scratch directory the sandbox user may write, for several runs over the same files (flakiness repeats). */
    createScratch(inputs?: ScratchInputs): Promise<Scratch>;
    /** Copies the inputs into a fresh scratch directory, runs once, and removes the scratch directory. */
    runOnce(inputs: ScratchInputs, request: SandboxRunRequest, options?: SandboxCallOptions): Promise<SandboxRunResult>;
    /** Where a bind (or, with no bind, the scratch root) is seen by the running command. */
    pathInside(scratch: Scratch, bind?: SandboxBind): string;
    /** Runs one command in the scratch directory and reports what happened. Outcomes are values; only faults throw. */
    run(scratch: Scratch, request: SandboxRunRequest, options?: SandboxCallOptions): Promise<SandboxRunResult>;
    dispose(): Promise<void>;
}

/** `Sandbox.runOnce` for every implementation: a fresh scratch with the inputs, one run, the scratch removed. */
export async function runInFreshScratch(
    sandbox: Sandbox,
    inputs: ScratchInputs,
    request: SandboxRunRequest,
    options: SandboxCallOptions = {}
): Promise<SandboxRunResult> {
    const scratch = await sandbox.createScratch(inputs);
    try {
        return await sandbox.run(scratch, request, options);
    } finally {
        await scratch.dispose();
    }
}

/** Opens the product's sandbox: `Sandbox.create(options)` is `BubblewrapSandbox.create(options)`. */
export const Sandbox = {
    create: (options: SandboxOptions): Promise<Sandbox> => BubblewrapSandbox.create(options)
};

export class BubblewrapSandbox implements Sandbox {
    private unsandboxedHome: string | undefined;

    private constructor(
        private readonly options: SandboxOptions,
        /** "bubblewrap", or "unsandboxed" when the user opted in and bubblewrap is missing or broken. */
        readonly mode: "bubblewrap" | "unsandboxed",
        private readonly bubblewrapPath: string | undefined,
        /** How memory and process counts are capped: a cgroup per run, or rlimits per process. */
        readonly limitsBy: "cgroup" | "rlimit",
        private readonly cgroupParents: ControllerDirs | undefined,
        /** The non-root user runs execute as (Ponder is root), or undefined (they run as Ponder's own user). */
        readonly runAs: { uid: number; gid: number } | undefined,
        private readonly prlimitPath: string | undefined,
        private readonly setprivPath: string | undefined,
        /** Why runs are unsandboxed, for a warning the user sees; undefined when sandboxed. */
        readonly warning: string | undefined
    ) {}

    static async create(options: SandboxOptions): Promise<BubblewrapSandbox> {
        if (options.workspaceTrusted !== true) throw new WorkspaceNotTrustedError();
        const linux = process.platform === "linux";
        const prlimitPath = linux ? (findExecutable("/usr/bin/prlimit") ?? findExecutable("prlimit")) : undefined;
        const setprivPath = linux ? (findExecutable("/usr/bin/setpriv") ?? findExecutable("setpriv")) : undefined;
        const asRoot = process.getuid?.() === 0;
        const runAs = asRoot && setprivPath ? (options.sandboxUser ?? { uid: 65534, gid: 65534 }) : undefined;
        const bubblewrapPath = linux ? findExecutable(options.bubblewrapPath ?? "bwrap") : undefined;
        let problem: string | undefined;
        if (!linux) problem = `bubblewrap needs Linux, and this is ${process.platform}`;
        else if (!bubblewrapPath)
            problem = options.bubblewrapPath
                ? `bubblewrap is not at ${options.bubblewrapPath}`
                : "bubblewrap (bwrap) is not installed";
        else if (!prlimitPath) problem = "prlimit (util-linux) is not installed, so no limits can be set";
        else if (asRoot && !setprivPath)
            problem = "Ponder runs as root and setpriv (util-linux) is missing, so generated code would run as root";
        else problem = await probeBubblewrap(bubblewrapPath, prlimitPath, setprivPath, runAs);
        if (problem && !options.allowUnsandboxed) throw new SandboxUnavailableError(problem);
        const cgroupParents = linux && options.cgroups !== "never" ? await writableCgroupParents() : undefined;
        return new BubblewrapSandbox(
            options,
            problem ? "unsandboxed" : "bubblewrap",
            problem ? undefined : bubblewrapPath,
            cgroupParents ? "cgroup" : "rlimit",
            cgroupParents,
            runAs,
            prlimitPath,
            setprivPath,
            problem ? `Generated code runs WITHOUT a sandbox (you allowed it): ${problem}.` : undefined
        );
    }

    /** A scratch directory the sandbox user may write, for several runs over the same files (flakiness repeats). */
    createScratch(inputs: ScratchInputs = {}): Promise<Scratch> {
        return Scratch.create(inputs, {
            ...(this.options.scratchParent ? { parent: this.options.scratchParent } : {}),
            ...(this.runAs ? { owner: this.runAs } : {})
        });
    }

    /** Copies the inputs into a fresh scratch directory, runs once, and removes the scratch directory. */
    runOnce(
        inputs: ScratchInputs,
        request: SandboxRunRequest,
        options: SandboxCallOptions = {}
    ): Promise<SandboxRunResult> {
        return runInFreshScratch(this, inputs, request, options);
    }

    /** Where a bind (or, with no bind, the scratch root) is seen by the running command. */
    pathInside(scratch: Scratch, bind?: SandboxBind): string {
        if (!bind) return this.mode === "bubblewrap" ? sandboxScratchPath : scratch.path;
        if (this.mode === "bubblewrap") return bindTargetInSandbox(bind);
        const target = bind.target ?? bind.source;
        return isAbsolute(target) ? bind.source : join(scratch.path, target);
    }

    /** Runs one command in the scratch directory and reports what happened. Outcomes are values; only faults throw. */
    async run(
        scratch: Scratch,
        request: SandboxRunRequest,
        options: SandboxCallOptions = {}
    ): Promise<SandboxRunResult> {
        const limits = checkedLimits({ ...defaultSandboxLimits, ...this.options.limits, ...request.limits });
        const cwd =
            request.cwd === undefined || request.cwd === "." || request.cwd === ""
                ? "."
                : scratchRelativePath(request.cwd);
        const hostCwd = join(scratch.path, cwd);
        if (!(await lstat(hostCwd).catch(() => undefined))?.isDirectory())
            throw new InvalidRequestError(`The run's working directory ${cwd} is not a folder in scratch.`);
        const binds = request.binds ?? [];
        await this.prepareBinds(scratch, binds);
        if (options.signal?.aborted) return notStarted();

        const cgroup = this.cgroupParents
            ? await RunCgroup.create(this.cgroupParents, limits.memoryMb * 1024 * 1024, limits.maxProcesses)
            : undefined;
        try {
            return await this.spawnRun(scratch, request, limits, cwd, binds, cgroup, options);
        } finally {
            await cgroup?.dispose();
        }
    }

    async dispose(): Promise<void> {
        if (this.unsandboxedHome) await rm(this.unsandboxedHome, { recursive: true, force: true });
        this.unsandboxedHome = undefined;
    }

    private async prepareBinds(scratch: Scratch, binds: SandboxBind[]): Promise<void> {
        for (const bind of binds) {
            // Followed: a workspace's node_modules may be a symlink to a shared folder.
            const source = await stat(bind.source).catch(() => undefined);
            if (!source && bind.writable) await mkdir(bind.source, { recursive: true });
            else if (!source)
                throw new InvalidRequestError(`Cannot show ${bind.source} to the sandbox: it does not exist.`);
            if (bind.writable && this.runAs) await lchown(bind.source, this.runAs.uid, this.runAs.gid);
            const target = bind.target ?? bind.source;
            if (isAbsolute(target)) continue;
            // A mount point inside scratch must exist, made by Ponder, so the sandbox user can reach it.
            const relative = scratchRelativePath(target);
            if (this.mode === "unsandboxed") {
                await rm(join(scratch.path, relative), { recursive: true, force: true });
                if (relative.includes("/")) await scratch.makeDirectory(dirname(relative));
                await symlink(bind.source, join(scratch.path, relative));
            } else if (source?.isDirectory() ?? true) {
                await scratch.makeDirectory(relative);
            } else if (!(await lstat(join(scratch.path, relative)).catch(() => undefined))) {
                await scratch.writeFile(relative, "");
            }
        }
    }

    private async spawnRun(
        scratch: Scratch,
        request: SandboxRunRequest,
        limits: SandboxLimits,
        cwd: string,
        binds: SandboxBind[],
        cgroup: RunCgroup | undefined,
        options: SandboxCallOptions
    ): Promise<SandboxRunResult> {
        const sandboxed = this.mode === "bubblewrap";
        const filter = sandboxed ? userNamespaceFilter() : undefined;
        const memoryRlimit: MemoryRlimit | undefined = cgroup
            ? undefined
            : (request.memoryRlimit ?? (isNode(request.command) ? "data" : "addressSpace"));
        const home = sandboxed ? sandboxHomePath : await this.homeForUnsandboxedRuns();
        const env = runEnvironment(request, limits, home, sandboxed);
        const argv = this.commandLine(scratch, request, limits, cwd, binds, cgroup, memoryRlimit, filter !== undefined);

        const started = performance.now();
        const child = spawn(argv[0]!, argv.slice(1), {
            cwd: sandboxed ? scratch.path : join(scratch.path, cwd),
            env,
            stdio: [
                request.stdin === undefined ? "ignore" : "pipe",
                "pipe",
                "pipe",
                sandboxed ? "pipe" : "ignore",
                sandboxed ? "pipe" : "ignore",
                request.channel ? "pipe" : "ignore",
                filter ? "pipe" : "ignore"
            ],
            // Its own process group: a terminal's Ctrl-C reaches Ponder, which then ends the run itself.
            detached: true
        });
        const output = captureOutput(child, limits.maxOutputBytes);
        if (filter) {
            const filterPipe = (child.stdio as unknown as NodeJS.WritableStream[])[seccompFd]!;
            filterPipe.on("error", () => undefined);
            filterPipe.end(filter);
        }
        const watch = new RunWatch(
            () => killRunTree(child, sandboxed, cgroup),
            options.onChannelLine,
            16 * 1024 * 1024
        );
        (child.stdio as unknown as (NodeJS.ReadableStream | null)[])[channelFd]?.on("data", (chunk: Buffer) =>
            watch.push(chunk)
        );
        watch.watchScratch(scratch.path, limits.maxScratchMb * 1024 * 1024);
        if (request.stdin !== undefined) {
            child.stdin!.on("error", () => undefined);
            child.stdin!.end(request.stdin);
        }

        const { exit, exitedAt, timedOut, cancelled } = await superviseRun(
            child,
            sandboxed,
            cgroup,
            limits.timeoutMs,
            options.signal
        ).finally(() => watch.dispose());
        const stop = watch.stop;
        const durationMs = exitedAt - started;
        if (exit.spawnError) throw new SandboxSetupError(`Could not start ${argv[0]}: ${exit.spawnError.message}`);

        const { exitCode, exitSignal } = decodedExit(
            exit,
            output,
            sandboxed,
            timedOut || cancelled || stop !== undefined
        );
        const stderrText = output.stderr.text();
        const stdoutText = output.stdout.text();
        const oomKilled = cgroup
            ? await cgroup.oomKilled()
            : memoryRlimit !== undefined && exitCode !== 0 && failedAllocation(stderrText, stdoutText);
        const files = await collectedFiles(scratch, request.collect ?? []);
        return {
            exitCode,
            signal: exitSignal,
            timedOut: timedOut || stop?.kind === "deadline",
            oomKilled,
            cancelled,
            stdout: stdoutText,
            stderr: stderrText,
            stdoutTruncated: output.stdout.truncated,
            stderrTruncated: output.stderr.truncated,
            durationMs,
            files,
            ...(request.channel ? { channel: watch.channel.text } : {}),
            ...(stop?.kind === "deadline" ? { deadline: stop.name } : {}),
            ...(stop?.kind === "scratchFull" ? { scratchFull: stop.bytes } : {})
        };
    }

    /** The run's argv: the limited command, inside bubblewrap when sandboxed, first joining its cgroup when it has one. */
    private commandLine(
        scratch: Scratch,
        request: SandboxRunRequest,
        limits: SandboxLimits,
        cwd: string,
        binds: SandboxBind[],
        cgroup: RunCgroup | undefined,
        memoryRlimit: MemoryRlimit | undefined,
        seccomp: boolean
    ): string[] {
        let argv = limitedCommandLine({
            prlimitPath: this.prlimitPath,
            setprivPath: this.setprivPath,
            limits,
            memoryRlimit,
            // With a pids cgroup binding each run exactly, RLIMIT_NPROC is only a backstop, and a generous one: it counts
            // every process of the sandbox user, so a fork bomb held at its own run's limit must not starve other runs.
            nproc: cgroup ? Math.max(limits.maxProcesses * 8, 16_384) : limits.maxProcesses,
            runAs: this.runAs,
            command: request.command,
            args: request.args ?? []
        });
        if (this.mode === "bubblewrap") {
            argv = [
                this.bubblewrapPath!,
                ...bubblewrapArguments({
                    scratch: scratch.path,
                    cwd,
                    binds,
                    limits,
                    asRoot: process.getuid?.() === 0,
                    statusFd,
                    ...(seccomp ? { seccompFd } : {})
                }),
                ...startedMarker,
                ...argv
            ];
        }
        if (cgroup)
            argv = [
                "/bin/sh",
                "-c",
                'echo $$ > "$1" && echo $$ > "$2" && shift 2 && exec "$@"',
                "sh",
                ...cgroup.procsFiles,
                ...argv
            ];
        return argv;
    }

    private async homeForUnsandboxedRuns(): Promise<string> {
        if (!this.unsandboxedHome) {
            this.unsandboxedHome = await mkdtemp(join(this.options.scratchParent ?? tmpdir(), "ponder-home-"));
            if (this.runAs) await lchown(this.unsandboxedHome, this.runAs.uid, this.runAs.gid);
        }
        return this.unsandboxedHome;
    }
}

/**
 * Starts a trivial run through the whole chain; returns why it failed, or undefined. A success is remembered for the
 * process; a failure is not, so a passing cause (the sandbox user out of processes for a moment) does not disable the
 * sandbox for the server's life, and such a transient failure is tried again before it counts.
 */
function probeBubblewrap(
    bubblewrapPath: string,
    prlimitPath: string,
    setprivPath: string | undefined,
    runAs: { uid: number; gid: number } | undefined
): Promise<string | undefined> {
    const key = `${bubblewrapPath}:${runAs?.uid ?? "-"}`;
    let probe = probes.get(key);
    if (!probe) {
        probe = (async () => {
            for (let attempt = 1; ; attempt++) {
                const problem = await probeOnce(bubblewrapPath, prlimitPath, setprivPath, runAs);
                if (problem === undefined || !/Resource temporarily unavailable/.test(problem) || attempt === 3)
                    return problem;
                await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
            }
        })();
        probes.set(key, probe);
        void probe.then((problem) => {
            if (problem !== undefined) probes.delete(key);
        });
    }
    return probe;
}

async function probeOnce(
    bubblewrapPath: string,
    prlimitPath: string,
    setprivPath: string | undefined,
    runAs: { uid: number; gid: number } | undefined
): Promise<string | undefined> {
    const folder = await mkdtemp(join(tmpdir(), "ponder-probe-"));
    try {
        const limits = { ...defaultSandboxLimits, memoryMb: 256 };
        // RLIMIT_NPROC counts every process of the sandbox user, so a generous one: other runs (a fork bomb held at
        // its own run's limit among them) must not make the probe fail.
        const argv = [
            ...bubblewrapArguments({
                scratch: folder,
                cwd: ".",
                binds: [],
                limits,
                asRoot: process.getuid?.() === 0,
                statusFd: 1
            }),
            ...limitedCommandLine({
                prlimitPath,
                setprivPath,
                limits,
                memoryRlimit: undefined,
                nproc: 8 * 1024,
                runAs,
                command: "/bin/true",
                args: []
            })
        ];
        const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
            const child = spawn(bubblewrapPath, argv, { stdio: ["ignore", "ignore", "pipe"] });
            let stderr = "";
            child.stderr.on("data", (chunk: Buffer) => {
                stderr += chunk.toString("utf8");
            });
            child.once("error", (error) => resolve({ code: null, stderr: error.message }));
            child.once("close", (code) => resolve({ code, stderr }));
        });
        return result.code === 0
            ? undefined
            : `bubblewrap at ${bubblewrapPath} cannot start a sandbox here (${result.stderr.trim() || `exit code ${result.code}`}); ` +
                  "unprivileged user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone=1, or an AppArmor profile for bwrap)";
    } finally {
        await rm(folder, { recursive: true, force: true });
    }
}

function checkedLimits(limits: SandboxLimits): SandboxLimits {
    for (const [name, value] of Object.entries(limits)) {
        if (!Number.isFinite(value) || value <= 0)
            throw new InvalidRequestError(`Sandbox limit ${name} must be a positive number; got ${value}.`);
    }
    return {
        timeoutMs: Math.ceil(limits.timeoutMs),
        cpuSeconds: Math.ceil(limits.cpuSeconds),
        memoryMb: Math.ceil(limits.memoryMb),
        maxProcesses: Math.ceil(limits.maxProcesses),
        maxOutputBytes: Math.ceil(limits.maxOutputBytes),
        maxFileMb: Math.ceil(limits.maxFileMb),
        maxScratchMb: Math.ceil(limits.maxScratchMb)
    };
}

/** The run's environment: a fixed minimal one, the request's own variables over it, and node's heap capped. */
function runEnvironment(
    request: SandboxRunRequest,
    limits: SandboxLimits,
    home: string,
    sandboxed: boolean
): Record<string, string> {
    const heapMb = Math.max(16, Math.floor(limits.memoryMb * 0.75));
    const env: Record<string, string> = {
        PATH: sandboxPath,
        HOME: home,
        TMPDIR: sandboxed ? "/tmp" : home,
        LANG: "C.UTF-8",
        ...request.env
    };
    // Node's heap would otherwise grow to its own default and meet the memory limit as a crash.
    env["NODE_OPTIONS"] = [`--max-old-space-size=${heapMb}`, request.env?.["NODE_OPTIONS"]].filter(Boolean).join(" ");
    return env;
}

/** What a run wrote: stdout and stderr capped, bubblewrap's JSON status lines, and the started marker. */
interface RunOutput {
    stdout: CappedOutput;
    stderr: CappedOutput;
    /** bubblewrap's `--json-status-fd` lines, as written so far. */
    status: string;
    /** "started" once the sandbox's first process ran (bubblewrap only). */
    startedSignal: string;
}

function captureOutput(child: ChildProcess, maxOutputBytes: number): RunOutput {
    const output: RunOutput = {
        stdout: new CappedOutput(maxOutputBytes),
        stderr: new CappedOutput(maxOutputBytes),
        status: "",
        startedSignal: ""
    };
    child.stdout!.on("data", (chunk: Buffer) => output.stdout.push(chunk));
    child.stderr!.on("data", (chunk: Buffer) => output.stderr.push(chunk));
    (child.stdio[statusFd] as NodeJS.ReadableStream | null)?.on("data", (chunk: Buffer) => {
        output.status += chunk.toString("utf8");
    });
    (child.stdio[startedFd] as NodeJS.ReadableStream | null)?.on("data", (chunk: Buffer) => {
        output.startedSignal += chunk.toString("utf8");
    });
    return output;
}

interface ChildExit {
    code: number | null;
    signal: NodeJS.Signals | null;
    spawnError?: Error;
}

/** How a supervised run ended: its exit, when it exited, and whether Ponder stopped it (time limit or abort). */
interface SupervisedEnd {
    exit: ChildExit;
    exitedAt: number;
    timedOut: boolean;
    cancelled: boolean;
}

/**
 * Waits for the run to exit, killing its whole tree at the time limit or on abort, then kills what it left behind
 * and waits (boundedly) for its output streams to close.
 */
async function superviseRun(
    child: ChildProcess,
    sandboxed: boolean,
    cgroup: RunCgroup | undefined,
    timeoutMs: number,
    signal: AbortSignal | undefined
): Promise<SupervisedEnd> {
    let timedOut = false;
    let cancelled = false;
    const killTree = () => killRunTree(child, sandboxed, cgroup);
    const timer = setTimeout(() => {
        timedOut = true;
        killTree();
    }, timeoutMs);
    const onAbort = () => {
        cancelled = true;
        killTree();
    };
    signal?.addEventListener("abort", onAbort, { once: true });

    const exit = await new Promise<ChildExit>((resolve) => {
        child.once("error", (error) => resolve({ code: null, signal: null, spawnError: error }));
        child.once("exit", (code, exitSignal) => resolve({ code, signal: exitSignal }));
    });
    const exitedAt = performance.now();
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
    if (!sandboxed && child.pid !== undefined) {
        // Leftovers of the process group die with the run, as they would in a PID namespace.
        try {
            process.kill(-child.pid, "SIGKILL");
        } catch {
            /* none left */
        }
    }
    await cgroup?.killAll();
    await streamsClosed(child, 2000);
    return { exit, exitedAt, timedOut, cancelled };
}

function killRunTree(child: ChildProcess, sandboxed: boolean, cgroup: RunCgroup | undefined): void {
    // In bubblewrap, killing bwrap kills the PID namespace's init and with it every process inside.
    // Unsandboxed, the process group is the best there is (a setsid grandchild escapes it; a cgroup does not).
    try {
        if (sandboxed) child.kill("SIGKILL");
        else if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    } catch {
        /* already gone */
    }
    void cgroup?.killAll();
}

/**
 * The run's exit code or signal, preferring what bubblewrap's status reports over bwrap's own exit. Throws when
 * bubblewrap could not set the run up, unless Ponder itself stopped it first (`stoppedByPonder`).
 */
function decodedExit(
    exit: ChildExit,
    output: RunOutput,
    sandboxed: boolean,
    stoppedByPonder: boolean
): { exitCode: number | null; exitSignal: string | null } {
    const reports = output.status
        .split("\n")
        .filter((line) => line.trim())
        .map((line) => {
            try {
                return JSON.parse(line) as Record<string, unknown>;
            } catch {
                return {};
            }
        });
    const childStarted = !sandboxed || output.startedSignal === "started";
    const reportedExit = reports.find((report) => typeof report["exit-code"] === "number")?.["exit-code"] as
        number | undefined;
    if (!childStarted && !stoppedByPonder) {
        throw new SandboxSetupError(
            `bubblewrap could not start the run: ${output.stderr.text().trim() || `exit code ${exit.code}`}`
        );
    }

    let exitCode: number | null = reportedExit ?? exit.code;
    let exitSignal: string | null = exit.signal;
    if (sandboxed && exitCode !== null && exitCode > 128 && exitCode - 128 <= 64) {
        // bubblewrap's init reports a child killed by signal N as exit code 128 + N, as a shell does.
        exitSignal = signalName(exitCode - 128);
        exitCode = null;
    }
    return { exitCode, exitSignal };
}

/** The requested files of scratch after the run; one that does not exist is left out. */
async function collectedFiles(scratch: Scratch, paths: string[]): Promise<Record<string, string>> {
    const files: Record<string, string> = {};
    for (const path of paths) {
        const text = await scratch.readFile(path);
        if (text !== undefined) files[path] = text;
    }
    return files;
}

function isNode(command: string): boolean {
    return command === process.execPath || /^node(js)?\d*$/.test(basename(command));
}

/** Without a cgroup, a run that hit its memory rlimit dies of a failed allocation, not of the OOM killer. */
function failedAllocation(stderr: string, stdout: string): boolean {
    const text = `${stderr.slice(-16384)}\n${stdout.slice(-4096)}`;
    return /MemoryError|JavaScript heap out of memory|Array buffer allocation failed|memory allocation of \d+ bytes failed|std::bad_alloc|Cannot allocate memory|out of memory/i.test(
        text
    );
}

function signalName(number: number): string {
    const entry = Object.entries(constants.signals).find(([, value]) => value === number);
    return entry ? entry[0] : `SIG${number}`;
}

function notStarted(): SandboxRunResult {
    return {
        exitCode: null,
        signal: null,
        timedOut: false,
        oomKilled: false,
        cancelled: true,
        stdout: "",
        stderr: "",
        stdoutTruncated: false,
        stderrTruncated: false,
        durationMs: 0,
        files: {}
    };
}

/** Waits for stdout and stderr to close, but not forever: an escaped process could hold them open (unsandboxed). */
async function streamsClosed(child: ChildProcess, timeoutMs: number): Promise<void> {
    const streams = [
        child.stdout,
        child.stderr,
        child.stdio[statusFd],
        child.stdio[startedFd],
        (child.stdio as unknown as (Readable | null)[])[channelFd]
    ].filter((stream) => stream && !(stream as NodeJS.ReadableStream & { closed?: boolean }).closed);
    await Promise.race([
        Promise.all(streams.map((stream) => new Promise((resolve) => stream!.once("close", resolve)))),
        new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())
    ]);
    for (const stream of streams) (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
}
