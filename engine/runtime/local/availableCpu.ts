// How much CPU this process may use right now: the cores it may run on (affinity, cgroup quota) less what other
// processes keep busy (/proc/stat over a short window, our own use taken out), and the rule that turns it into
// llama.cpp threads. llama.cpp's threads meet at a barrier after every operation, so one thread without a core
// stalls them all: more threads than free cores is many times slower than one thread.

import { availableParallelism, loadavg } from "node:os";
import { readFileSync } from "node:fs";

/** Cumulative CPU counters at one moment. */
export interface CpuSample {
    /** performance.now() when read. */
    atMs: number;
    /** Busy and total clock ticks, summed over the CPUs this process may run on; undefined without /proc/stat. */
    busyTicks?: number;
    totalTicks?: number;
    /** CPUs those ticks are summed over. */
    cpus: number;
    /** This process's own CPU time (all its threads), microseconds. */
    ownMicros: number;
}

/**
 * How busy (in cores) other processes may keep our CPUs before a thread loses its core: the slack for what the
 * measure cannot tell apart (our main thread, a short burst of someone else's), not room for real load.
 */
export const busyCoreTolerance = 0.25;

/**
 * The threads rule: one thread per core that others leave free, a core counting free only when others use less
 * than `busyCoreTolerance` of it; never more than the process may use and never fewer than one. It rounds down
 * because the costs are lopsided: measured on 2 cores, a second thread sharing its core with a CPU-bound process
 * decoded 36× slower than one thread (1.6 against 57.5 tokens/s), while a second free core can at most double the speed.
 */
export function threadsForLoad(limit: number, othersBusyCores: number): number {
    return Math.max(1, Math.min(limit, Math.floor(limit - Math.max(0, othersBusyCores) + busyCoreTolerance)));
}

/**
 * The count for the next window, from the current one and what the last two windows' loads allow: fewer threads at
 * once, since a thread without a core stalls every other at each barrier; more only when the previous window allowed
 * them too, so one quiet moment in a busy stretch (a test run between two others) does not cost a slow window.
 */
export function nextThreadCount(current: number, allowedNow: number, allowedBefore: number): number {
    if (allowedNow <= current) return allowedNow;
    return Math.max(current, Math.min(allowedNow, allowedBefore));
}

/** Cores this process may use: its CPU affinity, capped by a cgroup CPU quota (v2 `cpu.max` or v1 `cfs_quota_us`). */
export function cpuLimit(): number {
    const affinity = Math.max(1, availableParallelism());
    const quota = cgroupCpuQuota();
    return quota === undefined ? affinity : Math.max(1, Math.min(affinity, Math.floor(quota)));
}

/** Reads the counters now. */
export function readCpuSample(): CpuSample {
    const usage = process.cpuUsage();
    const sample: CpuSample = {
        atMs: performance.now(),
        cpus: availableParallelism(),
        ownMicros: usage.user + usage.system
    };
    const ticks = procStatTicks();
    if (ticks) Object.assign(sample, ticks);
    return sample;
}

/**
 * Cores other processes kept busy between two samples: the busy share of the CPUs we may run on, less our own use.
 * Without /proc/stat (macOS, Windows) the one-minute load average stands in, which counts us too.
 */
export function othersBusyCores(from: CpuSample, to: CpuSample): number {
    const wallMs = to.atMs - from.atMs;
    if (
        from.busyTicks === undefined ||
        to.busyTicks === undefined ||
        from.totalTicks === undefined ||
        to.totalTicks === undefined ||
        wallMs <= 0
    )
        return loadavg()[0] ?? 0;
    const totalTicks = to.totalTicks - from.totalTicks;
    if (totalTicks <= 0) return 0;
    const busyCores = ((to.busyTicks - from.busyTicks) / totalTicks) * to.cpus;
    const ownCores = (to.ownMicros - from.ownMicros) / 1000 / wallMs;
    return Math.max(0, busyCores - ownCores);
}

/** Busy and total ticks of the CPUs in this process's affinity list, from /proc/stat. */
function procStatTicks(): { busyTicks: number; totalTicks: number; cpus: number } | undefined {
    let stat: string;
    try {
        stat = readFileSync("/proc/stat", "utf8");
    } catch {
        return undefined;
    }
    const allowed = allowedCpus();
    let busyTicks = 0;
    let totalTicks = 0;
    let cpus = 0;
    for (const line of stat.split("\n")) {
        const match = /^cpu(\d+)\s+(.*)$/.exec(line);
        if (!match || (allowed && !allowed.has(Number(match[1])))) continue;
        // user nice system idle iowait irq softirq steal (guest time is already inside user).
        const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = match[2]!
            .trim()
            .split(/\s+/)
            .map(Number);
        const busy = user + nice + system + irq + softirq + steal;
        busyTicks += busy;
        totalTicks += busy + idle + iowait;
        cpus++;
    }
    return cpus > 0 ? { busyTicks, totalTicks, cpus } : undefined;
}

/** The CPU numbers in `Cpus_allowed_list` ("0-3,8"), or undefined when it cannot be read. */
function allowedCpus(): Set<number> | undefined {
    try {
        const list = /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
        if (!list) return undefined;
        const cpus = new Set<number>();
        for (const part of list.split(",")) {
            const [first, last = first] = part.split("-").map(Number);
            for (let cpu = first!; cpu <= last!; cpu++) cpus.add(cpu);
        }
        return cpus;
    } catch {
        return undefined;
    }
}

/** The CPU quota of this process's cgroup in cores, when one is set. */
function cgroupCpuQuota(): number | undefined {
    try {
        const lines = readFileSync("/proc/self/cgroup", "utf8").split("\n");
        const v2 = lines.find((line) => line.startsWith("0::"))?.slice(3);
        if (v2 !== undefined) {
            const max = readOptional(`/sys/fs/cgroup${v2 === "/" ? "" : v2}/cpu.max`);
            const [quota, period] = (max ?? "").trim().split(/\s+/);
            if (quota && quota !== "max" && Number(period) > 0) return Number(quota) / Number(period);
        }
        const v1 = lines
            .map((line) => line.split(":"))
            .find(([, controllers]) => controllers?.split(",").includes("cpu"))?.[2];
        if (v1 !== undefined) {
            const base = `/sys/fs/cgroup/cpu${v1 === "/" ? "" : v1}`;
            const quota = Number(readOptional(`${base}/cpu.cfs_quota_us`));
            const period = Number(readOptional(`${base}/cpu.cfs_period_us`));
            if (quota > 0 && period > 0) return quota / period;
        }
    } catch {
        // No cgroup file system (macOS, Windows): no quota.
    }
    return undefined;
}

function readOptional(path: string): string | undefined {
    try {
        return readFileSync(path, "utf8");
    } catch {
        return undefined;
    }
}
