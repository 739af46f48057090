// The data of one sandboxed run: what to run with which limits, and what happened. Plain data, so chains,
// the CLI and the language server can log, compare and serialise runs.

/** Limits of one run. Every field has a default (`defaultSandboxLimits`). */
export interface SandboxLimits {
    /** Wall-clock time before the whole process tree is killed, in milliseconds. */
    timeoutMs: number;
    /** CPU time per process (RLIMIT_CPU), in seconds. */
    cpuSeconds: number;
    /** Memory for the whole run (cgroup) or per process (rlimit), in MiB. */
    memoryMb: number;
    /** Processes and threads the run may have at once (pids cgroup and RLIMIT_NPROC). */
    maxProcesses: number;
    /** Bytes kept of stdout and of stderr each; the rest is read and dropped, and the result says it was cut. */
    maxOutputBytes: number;
    /** Largest file the run may write (RLIMIT_FSIZE) and size of its /tmp, in MiB. */
    maxFileMb: number;
    /** Size of the writable scratch copy, in MiB: a run that writes past it is killed and says so (`scratchFull`). */
    maxScratchMb: number;
}

/** The run's file descriptor of its channel (`SandboxRunRequest.channel`). */
export const channelFd = 5;

export const defaultSandboxLimits: SandboxLimits = {
    timeoutMs: 60_000,
    cpuSeconds: 120,
    memoryMb: 1024,
    maxProcesses: 256,
    maxOutputBytes: 1024 * 1024,
    maxFileMb: 256,
    maxScratchMb: 1024
};

/**
 * A host directory made visible inside the sandbox. Read-only unless `writable`.
 * `target` is where it appears: a relative path is inside the scratch directory (`node_modules`), an absolute
 * one is a path of the sandbox's file system (`/sandbox/cache/cargo`). Default: the same path as `source`.
 * Without bubblewrap a relative target becomes a symlink in scratch and an absolute one is the source itself
 * (see `Sandbox.pathInside`).
 */
export interface SandboxBind {
    source: string;
    target?: string;
    writable?: boolean;
}

/** How the run's memory is capped when cgroups are not writable. Node reserves address space it never uses. */
export type MemoryRlimit = "addressSpace" | "data";

export interface SandboxRunRequest {
    /** An absolute path, or a name looked up on the sandbox's PATH (/usr/local/bin, /usr/bin, /bin). */
    command: string;
    args?: string[];
    /** Working directory relative to the scratch root; default the root. */
    cwd?: string;
    /** Environment variables on top of the sandbox's minimal one (PATH, HOME, TMPDIR, LANG). */
    env?: Record<string, string>;
    /** Text written to standard input; default none (/dev/null). */
    stdin?: string;
    limits?: Partial<SandboxLimits>;
    /** Files (relative to the scratch root) to read back after the run, such as reports and coverage data. */
    collect?: string[];
    binds?: SandboxBind[];
    /**
     * Open a channel: a pipe on file descriptor 5 of the run (its number is `channelFd`), read by Ponder as the run
     * writes it, line by line to `SandboxCallOptions.onChannelLine`, and whole in the result. Not a file of scratch,
     * so nothing the run writes to its files can pass for it.
     */
    channel?: boolean;
    /** Default: "data" when the command is Node (it needs ≥ 768 MB of address space just to start), else "addressSpace". */
    memoryRlimit?: MemoryRlimit;
}

export interface SandboxRunResult {
    /** The command's exit code; null when a signal ended it. */
    exitCode: number | null;
    /** The signal that ended the command (`SIGKILL`, `SIGXCPU`, …), or null. */
    signal: string | null;
    /** The wall-clock limit (or a deadline set from the channel) ran out and Ponder killed the whole tree. */
    timedOut: boolean;
    /** The memory limit was hit: the cgroup's OOM killer fired, or (rlimit mode) the run died of a failed allocation. */
    oomKilled: boolean;
    /** The caller's AbortSignal fired and Ponder killed the whole tree. */
    cancelled: boolean;
    stdout: string;
    stderr: string;
    stdoutTruncated: boolean;
    stderrTruncated: boolean;
    durationMs: number;
    /** What the run wrote on its channel (when it had one). */
    channel?: string;
    /** A deadline set through `onChannelLine` ran out and Ponder killed the run: the deadline's name. */
    deadline?: string;
    /** The run wrote more than `maxScratchMb` into scratch and Ponder killed it: the bytes it had written when seen. */
    scratchFull?: number;
    /** The requested `collect` files that the run produced, by relative path, as UTF-8 text. Symlinks are never followed. */
    files: Record<string, string>;
}
