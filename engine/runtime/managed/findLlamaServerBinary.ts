// Finds the llama-server binary Ponder manages: the one the caller names, else $PONDER_LLAMA_SERVER, else the one
// scripts/buildLlamaServer.sh cached (built from the llama.cpp source node-llama-cpp ships), else `llama-server` on PATH.

import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { LlamaServerNotFoundError } from "./managedServerErrors.js";

export interface FindLlamaServerOptions {
    /** An explicit binary; used as it is when given. */
    binary?: string;
    /** The environment to read PONDER_LLAMA_SERVER and PATH from. Default `process.env`. */
    env?: Readonly<Record<string, string | undefined>>;
}

/** The binary's path; throws `LlamaServerNotFoundError` naming every place it looked. */
export function findLlamaServerBinary(options: FindLlamaServerOptions = {}): string {
    const env = options.env ?? process.env;
    const looked: string[] = [];
    for (const [what, path] of [
        ["the binary option", options.binary],
        ["$PONDER_LLAMA_SERVER", env["PONDER_LLAMA_SERVER"]]
    ] as const) {
        if (path === undefined || path === "") continue;
        if (isExecutable(path)) return path;
        looked.push(`${what}: ${path} is not an executable file`);
    }
    const script = buildScript();
    if (script) {
        const run = spawnSync("bash", [script, "--path"], { encoding: "utf8", cwd: dirname(dirname(script)) });
        const path = run.stdout.trim().split("\n").pop() ?? "";
        if (run.status === 0 && path !== "") return path;
        looked.push(`scripts/buildLlamaServer.sh --path: ${run.stderr.trim() || `exit ${run.status}`}`);
    }
    for (const dir of (env["PATH"] ?? "").split(delimiter).filter((d) => d !== "")) {
        const path = join(dir, "llama-server");
        if (isExecutable(path)) return path;
    }
    looked.push("llama-server on PATH: none");
    throw new LlamaServerNotFoundError(looked);
}

/** scripts/buildLlamaServer.sh of this checkout, found by walking up from this module (it runs from `out/engine/…`). */
function buildScript(): string | undefined {
    let dir = dirname(fileURLToPath(import.meta.url));
    for (;;) {
        const candidate = join(dir, "scripts", "buildLlamaServer.sh");
        if (existsSync(candidate)) return candidate;
        const parent = dirname(dir);
        if (parent === dir) return undefined;
        dir = parent;
    }
}

function isExecutable(path: string): boolean {
    try {
        accessSync(path, constants.X_OK);
        return true;
    } catch {
        return false;
    }
}
