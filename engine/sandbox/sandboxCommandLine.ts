// The command lines that start a run: bubblewrap's view of the file system, the rlimits, and the drop to a
// non-root user. Pure functions of their inputs, so the layout can be read and tested on its own.

import { existsSync, lstatSync, readlinkSync } from "node:fs";
import { dirname, isAbsolute, posix } from "node:path";
import type { MemoryRlimit, SandboxBind, SandboxLimits } from "./SandboxRun.js";

/** Where the scratch directory appears inside the sandbox. Fixed, so caches keyed by path (cargo) stay warm. */
export const sandboxScratchPath = "/sandbox/work";
/** The sandbox's HOME, an empty tmpfs. */
export const sandboxHomePath = "/sandbox/home";
/** The PATH inside the sandbox (and for unsandboxed runs). */
export const sandboxPath = "/usr/local/bin:/usr/bin:/bin";

export interface BubblewrapLayout {
    /** Host path of the scratch directory. */
    scratch: string;
    /** Working directory relative to scratch. */
    cwd: string;
    binds: SandboxBind[];
    limits: SandboxLimits;
    /** True when Ponder runs as root: bubblewrap must not create a user namespace (root stays root in it), and keeps the capabilities setpriv needs. */
    asRoot: boolean;
    /** File descriptor bubblewrap reports the child's pid and exit code on. */
    statusFd: number;
    /** File descriptor bubblewrap reads a seccomp filter from (`userNamespaceFilter`), when there is one. */
    seccompFd?: number;
}

/** Where a bind shows up inside the sandbox. */
export function bindTargetInSandbox(bind: SandboxBind): string {
    const target = bind.target ?? bind.source;
    return isAbsolute(target) ? posix.normalize(target) : posix.join(sandboxScratchPath, target);
}

/** The top-level system folders, as symlinks where the host has them as symlinks (merged /usr). */
function systemFolders(): string[] {
    const args: string[] = ["--ro-bind", "/usr", "/usr"];
    for (const folder of ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]) {
        const facts = (() => {
            try {
                return lstatSync(folder);
            } catch {
                return undefined;
            }
        })();
        if (!facts) continue;
        if (facts.isSymbolicLink()) args.push("--symlink", readlinkSync(folder), folder);
        else args.push("--ro-bind", folder, folder);
    }
    return args;
}

/** bubblewrap's arguments up to and including `--`: namespaces, a read-only system, scratch and binds. */
export function bubblewrapArguments(layout: BubblewrapLayout): string[] {
    const args = layout.asRoot
        ? ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]
        : ["--unshare-all"];
    args.push(
        "--die-with-parent",
        "--new-session",
        ...systemFolders(),
        "--ro-bind",
        "/etc",
        "/etc",
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--perms",
        "1777",
        "--size",
        String(layout.limits.maxFileMb * 1024 * 1024),
        "--tmpfs",
        "/tmp",
        "--perms",
        "0755",
        "--dir",
        "/sandbox",
        "--perms",
        "1777",
        "--size",
        String(64 * 1024 * 1024),
        "--tmpfs",
        sandboxHomePath,
        "--bind",
        layout.scratch,
        sandboxScratchPath
    );
    // Folders bubblewrap makes on the way to a mount point are 0700 root: open them up for the sandbox user.
    const made = new Set(["/", "/sandbox", sandboxScratchPath, "/tmp", "/usr", "/etc"]);
    for (const bind of layout.binds) {
        const target = bindTargetInSandbox(bind);
        const ancestors: string[] = [];
        for (
            let folder = dirname(target);
            !made.has(folder) && !folder.startsWith(`${sandboxScratchPath}/`);
            folder = dirname(folder)
        )
            ancestors.unshift(folder);
        for (const folder of ancestors) {
            args.push("--perms", "0755", "--dir", folder);
            made.add(folder);
        }
        args.push(bind.writable ? "--bind" : "--ro-bind", bind.source, target);
    }
    args.push(
        "--chdir",
        posix.join(sandboxScratchPath, layout.cwd),
        "--remount-ro",
        "/",
        "--json-status-fd",
        String(layout.statusFd)
    );
    if (layout.asRoot) args.push("--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID");
    if (layout.seccompFd !== undefined) args.push("--seccomp", String(layout.seccompFd));
    args.push("--");
    return args;
}

export interface LimitedCommand {
    prlimitPath: string | undefined;
    setprivPath: string | undefined;
    limits: SandboxLimits;
    /** Memory rlimit to apply, or undefined when a cgroup holds the memory limit. */
    memoryRlimit: MemoryRlimit | undefined;
    /** RLIMIT_NPROC; it binds only for a non-root user, hence `runAs`. */
    nproc: number;
    /** Drop to this user before the command (when Ponder is root). */
    runAs: { uid: number; gid: number } | undefined;
    command: string;
    args: string[];
}

/** `prlimit … -- setpriv … -- CMD ARGS`: the rlimits and the non-root user, each exec'd in place. */
export function limitedCommandLine(spec: LimitedCommand): string[] {
    const line: string[] = [];
    if (spec.prlimitPath) {
        const { cpuSeconds, memoryMb, maxFileMb } = spec.limits;
        line.push(
            spec.prlimitPath,
            `--nproc=${spec.nproc}`,
            `--cpu=${cpuSeconds}:${cpuSeconds + 1}`,
            `--fsize=${maxFileMb * 1024 * 1024}`,
            "--core=0"
        );
        if (spec.memoryRlimit) line.push(`--${spec.memoryRlimit === "data" ? "data" : "as"}=${memoryMb * 1024 * 1024}`);
        line.push("--");
    }
    if (spec.runAs && spec.setprivPath) {
        line.push(
            spec.setprivPath,
            `--reuid=${spec.runAs.uid}`,
            `--regid=${spec.runAs.gid}`,
            "--clear-groups",
            "--bounding-set=-all",
            "--inh-caps=-all",
            "--no-new-privs",
            "--"
        );
    }
    line.push(spec.command, ...spec.args);
    return line;
}

/** Finds an executable by name on PATH (or checks an absolute path). */
export function findExecutable(name: string, searchPath = process.env["PATH"] ?? ""): string | undefined {
    if (isAbsolute(name)) return existsSync(name) ? name : undefined;
    for (const folder of [...searchPath.split(":").filter(Boolean), "/usr/bin", "/bin", "/usr/sbin"]) {
        const candidate = posix.join(folder, name);
        if (existsSync(candidate)) return candidate;
    }
    return undefined;
}
