// Makes the llama-server processes Ponder starts die with Ponder. Each server runs in its own process group (spawned
// under setsid), and every group still alive is killed when Ponder exits, and on SIGINT, SIGTERM and SIGHUP. A SIGKILL
// of Ponder runs no handler, so on Linux the server is also started through `setpriv --pdeathsig KILL`: the kernel
// kills it when the thread that spawned it (Node's main thread) dies, however it dies.

import { spawnSync } from "node:child_process";

const liveGroups = new Set<number>();
const reapedSignals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
let hooked = false;

/** Sends a signal to a whole process group; a group that is already gone is not an error. */
export function signalGroup(groupId: number, signal: NodeJS.Signals): void {
    try {
        process.kill(-groupId, signal);
    } catch {
        // ESRCH: the group has exited already, which is what a kill wants.
    }
}

/** Registers a server's process group to be killed with Ponder; the returned function forgets it (after it stopped). */
export function reapWithPonder(groupId: number): () => void {
    liveGroups.add(groupId);
    hook();
    return () => {
        liveGroups.delete(groupId);
        if (liveGroups.size === 0) unhook();
    };
}

/**
 * The command that starts `binary` so that it dies with this process: `setpriv --pdeathsig KILL -- binary …` on Linux
 * when util-linux's setpriv has that option, else the binary itself (then only the exit and signal handlers reap it).
 */
export function deathBoundCommand(binary: string, args: string[]): { command: string; args: string[]; deathSignal: boolean } {
    if (pdeathsigAvailable()) return { command: "setpriv", args: ["--pdeathsig", "KILL", "--", binary, ...args], deathSignal: true };
    return { command: binary, args, deathSignal: false };
}

let setprivChecked: boolean | undefined;

function pdeathsigAvailable(): boolean {
    if (process.platform !== "linux") return false;
    setprivChecked ??= /--pdeathsig/.test(spawnSync("setpriv", ["--help"], { encoding: "utf8" }).stdout ?? "");
    return setprivChecked;
}

function killAll(): void {
    for (const group of liveGroups) signalGroup(group, "SIGKILL");
}

function onSignal(signal: NodeJS.Signals): void {
    killAll();
    liveGroups.clear();
    unhook();
    // With no other handler, a signal's default is to end the process: keep that, since adding a handler removed it.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function hook(): void {
    if (hooked) return;
    hooked = true;
    process.on("exit", killAll);
    for (const signal of reapedSignals) process.on(signal, onSignal);
}

function unhook(): void {
    if (!hooked) return;
    hooked = false;
    process.off("exit", killAll);
    for (const signal of reapedSignals) process.off(signal, onSignal);
}
