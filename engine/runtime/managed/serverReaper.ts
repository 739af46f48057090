// Makes the llama-server processes Ponder starts die with Ponder. Each server runs in its own process group (spawned
// under setsid, so a terminal's Ctrl-C does not reach it directly and a kill of the group reaches all of it), and every
// group still alive is killed when Ponder exits. On Linux the server is started through `setpriv --pdeathsig KILL`: the
// kernel kills it when the thread that spawned it (Node's main thread) dies, however it dies, SIGKILL included.
// Decision: on Linux no SIGINT/SIGTERM handler is added. A handler takes away the signal's default (ending the process),
// and the signal-exit package that dependencies load re-raises a signal only when its listener is the only one, so an
// extra listener would leave Ponder running after a SIGTERM; the death signal covers those deaths without one. Where
// there is no death signal (macOS, Windows), SIGINT, SIGTERM and SIGHUP kill the groups and are then raised again.

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
export function deathBoundCommand(
    binary: string,
    args: string[]
): { command: string; args: string[]; deathSignal: boolean } {
    if (pdeathsigAvailable())
        return { command: "setpriv", args: ["--pdeathsig", "KILL", "--", binary, ...args], deathSignal: true };
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
    // Raised again once this listener is gone: the default ends the process, and a listener like signal-exit's, which
    // stood back while this one was registered, now sees itself alone and re-raises it in turn.
    setImmediate(() => process.kill(process.pid, signal));
}

function hook(): void {
    if (hooked) return;
    hooked = true;
    process.on("exit", killAll);
    if (!pdeathsigAvailable()) for (const signal of reapedSignals) process.on(signal, onSignal);
}

function unhook(): void {
    if (!hooked) return;
    hooked = false;
    process.off("exit", killAll);
    for (const signal of reapedSignals) process.off(signal, onSignal);
}
