// Memory and process limits for a whole run through cgroup v1 (the memory and pids controllers), used when
// Ponder may create cgroups under its own (root in a container, CI). A cgroup counts every process of the
// run together, sees an OOM kill, and can kill whatever is left; rlimits can only do each process alone.

import { mkdir, readdir, readFile, rmdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

interface ControllerDirs {
    memory: string;
    pids: string;
}

let sequence = 0;

/** Finds this process's own memory and pids cgroup directories (v1), or undefined when there are none. */
async function ownControllerDirs(): Promise<ControllerDirs | undefined> {
    const [mountinfo, membership] = await Promise.all([
        readFile("/proc/self/mountinfo", "utf8").catch(() => ""),
        readFile("/proc/self/cgroup", "utf8").catch(() => "")
    ]);
    const dirs: Partial<ControllerDirs> = {};
    for (const controller of ["memory", "pids"] as const) {
        const line = membership.split("\n").find((entry) => entry.split(":")[1]?.split(",").includes(controller));
        const ownPath = line?.split(":").slice(2).join(":");
        if (ownPath === undefined) return undefined;
        // mountinfo: id parent major:minor root mountpoint options - fstype source superoptions
        const mount = mountinfo
            .split("\n")
            .map((entry) => entry.split(" "))
            .find((fields) => {
                const dash = fields.indexOf("-");
                return (
                    dash > 0 &&
                    fields[dash + 1] === "cgroup" &&
                    (fields[dash + 3] ?? "").split(",").includes(controller)
                );
            });
        if (!mount) return undefined;
        const mountRoot = mount[3]!;
        const mountPoint = mount[4]!;
        if (!ownPath.startsWith(mountRoot)) return undefined;
        dirs[controller] = join(mountPoint, ownPath.slice(mountRoot.length));
    }
    return dirs as ControllerDirs;
}

/** One run's pair of cgroups. `enter` is a shell prefix that moves the starting process into them. */
export class RunCgroup {
    private constructor(
        readonly memoryDir: string,
        readonly pidsDir: string
    ) {}

    /** Creates the run's cgroups with these limits, or returns undefined when cgroups are not writable here. */
    static async create(
        parents: ControllerDirs,
        memoryBytes: number,
        maxProcesses: number
    ): Promise<RunCgroup | undefined> {
        const name = `ponder-${process.pid}-${++sequence}`;
        const group = new RunCgroup(join(parents.memory, name), join(parents.pids, name));
        try {
            await mkdir(group.memoryDir);
            await mkdir(group.pidsDir);
            await writeFile(join(group.memoryDir, "memory.limit_in_bytes"), String(memoryBytes));
            // Without swap accounting a run could page its excess out instead of being stopped.
            await writeFile(join(group.memoryDir, "memory.memsw.limit_in_bytes"), String(memoryBytes)).catch(
                () => undefined
            );
            await writeFile(join(group.pidsDir, "pids.max"), String(maxProcesses));
            return group;
        } catch {
            await group.dispose();
            return undefined;
        }
    }

    /** The `cgroup.procs` files a starting process writes its pid to. */
    get procsFiles(): string[] {
        return [join(this.memoryDir, "cgroup.procs"), join(this.pidsDir, "cgroup.procs")];
    }

    /** Whether the kernel's OOM killer fired inside this cgroup. */
    async oomKilled(): Promise<boolean> {
        const control = await readFile(join(this.memoryDir, "memory.oom_control"), "utf8").catch(() => "");
        const kills = /^oom_kill (\d+)$/m.exec(control);
        if (kills) return Number(kills[1]) > 0;
        const failures = await readFile(join(this.memoryDir, "memory.failcnt"), "utf8").catch(() => "0");
        return Number(failures.trim()) > 0;
    }

    /** Kills every process still in the run's cgroups (the PID namespace normally took them already). */
    async killAll(): Promise<void> {
        for (const dir of [this.memoryDir, this.pidsDir]) {
            const procs = await readFile(join(dir, "cgroup.procs"), "utf8").catch(() => "");
            for (const pid of procs.split("\n").filter(Boolean)) {
                try {
                    process.kill(Number(pid), "SIGKILL");
                } catch {
                    /* already gone */
                }
            }
        }
    }

    async dispose(): Promise<void> {
        await this.killAll();
        for (const dir of [this.memoryDir, this.pidsDir]) {
            // A killed process leaves its cgroup a moment after SIGKILL; rmdir fails with EBUSY until then.
            for (let attempt = 0; attempt < 50; attempt++) {
                const error = await rmdir(dir).then(
                    () => undefined,
                    (failure: NodeJS.ErrnoException) => failure
                );
                if (!error || error.code === "ENOENT") break;
                await new Promise((resolve) => setTimeout(resolve, 20));
            }
        }
    }
}

/** Probes once whether runs can get their own cgroups; the answer holds for the process's life. */
let probe: Promise<ControllerDirs | undefined> | undefined;
export function writableCgroupParents(): Promise<ControllerDirs | undefined> {
    probe ??= (async () => {
        const dirs = await ownControllerDirs();
        if (!dirs) return undefined;
        await removeAbandoned(dirs);
        const trial = await RunCgroup.create(dirs, 64 * 1024 * 1024, 8);
        if (!trial) return undefined;
        await trial.dispose();
        return dirs;
    })();
    return probe;
}

/** Removes run cgroups left by a Ponder process that was killed before it could (named ponder-PID-N). */
async function removeAbandoned(dirs: ControllerDirs): Promise<void> {
    for (const parent of [dirs.memory, dirs.pids]) {
        for (const name of await readdir(parent).catch(() => [] as string[])) {
            const owner = /^ponder-(\d+)-\d+$/.exec(name)?.[1];
            if (owner === undefined || Number(owner) === process.pid) continue;
            const alive = (() => {
                try {
                    process.kill(Number(owner), 0);
                    return true;
                } catch (error) {
                    return (error as NodeJS.ErrnoException).code === "EPERM";
                }
            })();
            if (!alive) await rmdir(join(parent, name)).catch(() => undefined);
        }
    }
}

export type { ControllerDirs };
