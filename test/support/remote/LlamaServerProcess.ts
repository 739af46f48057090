// A real llama.cpp `llama-server` (the binary scripts/buildLlamaServer.sh caches) on loopback, for the remote
// runtime's end-to-end tests and benchmarks. It binds a free port itself (`--port 0`), is ready once it logs where
// it listens (it does so only after the model has loaded), and is stopped by its own process id.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";

/** The cached binary, or why there is none: the build script's `--path` exit code and message. */
export type LlamaServerBinary =
    { kind: "found"; path: string } | { kind: "absent"; exitCode: number | null; message: string };

/** Asks scripts/buildLlamaServer.sh for the cached binary; it never builds in this mode. */
export function findLlamaServer(): LlamaServerBinary {
    const run = spawnSync("bash", ["scripts/buildLlamaServer.sh", "--path"], { encoding: "utf8" });
    const path = run.stdout.trim().split("\n").pop() ?? "";
    return run.status === 0 && path !== ""
        ? { kind: "found", path }
        : { kind: "absent", exitCode: run.status, message: run.stderr.trim() };
}

export interface LlamaServerOptions {
    /** The GGUF to serve. */
    model: string;
    /** The name `/v1/models` lists. Default "ponder-scripted". */
    alias?: string;
    /** Slots that decode at once (`--parallel`). Default 1. */
    parallel?: number;
    /** Context size shared by every slot (`--kv-unified`). Default 8192. */
    contextSize?: number;
    /** CPU threads. Default 1: the machines are shared 2-core ones. */
    threads?: number;
    /** How long to wait for the model to load, in ms. Default 60 s. */
    startTimeoutMs?: number;
}

/** One slot as `GET /slots` describes it; `id_task` and `next_token` are of its current or last task. */
export interface ServerSlot {
    id: number;
    is_processing: boolean;
    id_task?: number;
    next_token?: { n_decoded: number }[];
}

export class LlamaServerProcess {
    private logTail = "";
    private readonly exited: Promise<void>;
    /** `http://127.0.0.1:PORT`, known once the server listens. */
    url = "";

    private constructor(private readonly child: ChildProcess) {
        this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
        const keep = (chunk: Buffer): void => {
            this.logTail = (this.logTail + chunk.toString("utf8")).slice(-8000);
        };
        child.stdout?.on("data", keep);
        child.stderr?.on("data", keep);
    }

    /** Starts the server and resolves once it listens with the model loaded. */
    static async start(binary: string, options: LlamaServerOptions): Promise<LlamaServerProcess> {
        const threads = String(options.threads ?? 1);
        const args = [
            "--model",
            options.model,
            "--alias",
            options.alias ?? "ponder-scripted",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--threads",
            threads,
            "--threads-batch",
            threads,
            "--ctx-size",
            String(options.contextSize ?? 8192),
            "--parallel",
            String(options.parallel ?? 1),
            "--kv-unified",
            "--reasoning-format",
            "deepseek",
            "--no-webui"
        ];
        const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
        // A test process that dies must not leave a server behind.
        const killOnExit = (): void => {
            child.kill("SIGKILL");
        };
        process.once("exit", killOnExit);
        child.once("exit", () => process.off("exit", killOnExit));
        const server = new LlamaServerProcess(child);
        server.url = await new Promise<string>((resolve, reject) => {
            const timer = setTimeout(
                () => fail(`did not listen within ${options.startTimeoutMs ?? 60_000} ms`),
                options.startTimeoutMs ?? 60_000
            );
            const fail = (why: string): void => {
                clearTimeout(timer);
                child.kill("SIGKILL");
                reject(new Error(`llama-server ${why}; its log ends:\n${server.log()}`));
            };
            const watch = (): void => {
                const listening = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(server.log());
                if (!listening) return;
                clearTimeout(timer);
                resolve(listening[1]!);
            };
            child.stdout?.on("data", watch);
            child.stderr?.on("data", watch);
            child.once("error", (error) => fail(`could not start (${error.message})`));
            child.once("exit", (code, signal) => fail(`exited with ${signal ?? code} before it listened`));
        });
        return server;
    }

    /** The end of what the server printed, for failure messages. */
    log(): string {
        return this.logTail;
    }

    /** The server's slots (`GET /slots`): whether each is decoding and how many tokens its last task generated. */
    async slots(): Promise<ServerSlot[]> {
        const response = await fetch(`${this.url}/slots`);
        if (!response.ok) throw new Error(`GET /slots answered ${response.status}`);
        return (await response.json()) as ServerSlot[];
    }

    /** Stops the server: SIGTERM, then SIGKILL if it has not exited within 5 s. */
    async stop(): Promise<void> {
        if (this.child.exitCode !== null || this.child.signalCode !== null) return;
        this.child.kill("SIGTERM");
        const timer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
        await this.exited;
        clearTimeout(timer);
    }
}
