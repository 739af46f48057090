// One llama-server process that Ponder started: on 127.0.0.1 at a port the kernel picks free (`--port 0`), in its own
// process group, bound to die with Ponder (serverReaper.ts), ready once it listens and `/health` answers 200.

import { spawn, type ChildProcess } from "node:child_process";
import { ManagedServerStartError } from "./managedServerErrors.js";
import { deathBoundCommand, reapWithPonder, signalGroup } from "./serverReaper.js";

export interface ManagedLlamaServerOptions {
    /** The llama-server binary. */
    binary: string;
    /** Its flags, without `--host` and `--port` (this class sets them). */
    args: string[];
    /** How long loading the model may take before the start fails, in ms. Default 120 s. */
    startTimeoutMs?: number;
    signal?: AbortSignal;
}

/** How the process ended. */
export interface ServerExit {
    code: number | null;
    signal: NodeJS.Signals | null;
}

export class ManagedLlamaServer {
    private logTail = "";
    private exit: ServerExit | undefined;
    /** Resolves when the process has exited, for whatever reason. */
    readonly exited: Promise<ServerExit>;
    /** `http://127.0.0.1:PORT`, known once the server listens. */
    url = "";

    private constructor(
        private readonly child: ChildProcess,
        readonly diesWithParent: boolean
    ) {
        const forget = reapWithPonder(child.pid!);
        this.exited = new Promise((resolve) =>
            child.once("exit", (code, signal) => {
                // The group is not signalled after its leader has exited and been reaped: its id could name a new group by now.
                this.exit = { code, signal };
                forget();
                resolve(this.exit);
            })
        );
        const keep = (chunk: Buffer): void => {
            this.logTail = (this.logTail + chunk.toString("utf8")).slice(-16_000);
        };
        child.stdout?.on("data", keep);
        child.stderr?.on("data", keep);
    }

    /** Starts the server and resolves once it is healthy with the model loaded. */
    static async start(options: ManagedLlamaServerOptions): Promise<ManagedLlamaServer> {
        const command = deathBoundCommand(options.binary, [...options.args, "--host", "127.0.0.1", "--port", "0"]);
        // detached: the server leads a new session and process group (setsid), so a kill reaches all it started.
        const child = spawn(command.command, command.args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
        const spawned = await new Promise<Error | undefined>((resolve) => {
            child.once("spawn", () => resolve(undefined));
            child.once("error", resolve);
        });
        if (spawned) throw new ManagedServerStartError(`could not be started (${spawned.message})`, "");
        const server = new ManagedLlamaServer(child, command.deathSignal);
        try {
            server.url = await server.listening(options.startTimeoutMs ?? 120_000, options.signal);
            await server.waitHealthy(options.startTimeoutMs ?? 120_000, options.signal);
        } catch (error) {
            await server.kill();
            throw error;
        }
        return server;
    }

    /** The process id, which is also its process group id. */
    get pid(): number {
        return this.child.pid!;
    }

    /** How it ended, once it has. */
    get exitStatus(): ServerExit | undefined {
        return this.exit;
    }

    /** The end of what the server printed, for error messages. */
    log(): string {
        return this.logTail;
    }

    /** Whether `GET /health` answers 200 within the time limit. */
    async healthy(timeoutMs = 2000): Promise<boolean> {
        if (this.exit) return false;
        try {
            const response = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(timeoutMs) });
            await response.body?.cancel();
            return response.status === 200;
        } catch {
            return false;
        }
    }

    /** Stops the server: SIGTERM to its group, SIGKILL if it has not exited within 5 s. */
    async stop(): Promise<void> {
        if (this.exit) return;
        signalGroup(this.pid, "SIGTERM");
        const timer = setTimeout(() => signalGroup(this.pid, "SIGKILL"), 5000);
        await this.exited;
        clearTimeout(timer);
    }

    /** Kills the server's group at once and waits for it to exit. */
    async kill(): Promise<void> {
        if (this.exit) return;
        signalGroup(this.pid, "SIGKILL");
        await this.exited;
    }

    /** The URL the server logs once it listens; with `--port 0` that is the only way to learn the port. */
    private listening(timeoutMs: number, signal?: AbortSignal): Promise<string> {
        return new Promise<string>((resolve, reject) => {
            const done = (outcome: () => void): void => {
                clearTimeout(timer);
                this.child.stdout?.off("data", watch);
                this.child.stderr?.off("data", watch);
                signal?.removeEventListener("abort", aborted);
                outcome();
            };
            const fail = (why: string): void => done(() => reject(new ManagedServerStartError(why, this.logTail)));
            const timer = setTimeout(() => fail(`did not listen within ${timeoutMs} ms`), timeoutMs);
            const watch = (): void => {
                const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(this.logTail)?.[1];
                if (url) done(() => resolve(url));
            };
            const aborted = (): void => fail("start was cancelled");
            signal?.addEventListener("abort", aborted, { once: true });
            this.child.stdout?.on("data", watch);
            this.child.stderr?.on("data", watch);
            // After a settled start this rejects nothing: a promise settles once.
            void this.exited.then((exit) =>
                fail(`exited with ${exit.signal ?? `code ${exit.code}`} before it listened`)
            );
        });
    }

    /** `/health` answers 503 while the model loads and 200 once it can serve. */
    private async waitHealthy(timeoutMs: number, signal?: AbortSignal): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        while (!(await this.healthy())) {
            if (this.exit)
                throw new ManagedServerStartError(
                    `exited with ${this.exit.signal ?? `code ${this.exit.code}`} while loading`,
                    this.logTail
                );
            if (signal?.aborted) throw new ManagedServerStartError("start was cancelled", this.logTail);
            if (Date.now() > deadline)
                throw new ManagedServerStartError(`did not become healthy within ${timeoutMs} ms`, this.logTail);
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
    }
}
