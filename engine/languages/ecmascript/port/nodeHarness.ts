// The JavaScript side of differential testing (a TypeScript port compiled by esbuild, or an original JavaScript
// file): one Node process in the sandbox answers one JSON case per line. Cases run in a worker thread, so a case
// that never returns is stopped by its time limit: the harness reports it and exits, and the caller resumes
// with the next case, as with the Rust harness.

import type { Sandbox } from "../../../sandbox/index.js";
import { bindsForExecutable } from "../../../toolchains/hostTools.js";
import type { ExactJson } from "../../../chains/port/exactJson.js";
import { runCaseLines, type CaseLine, type HarnessOutcome } from "../../../chains/port/harnessRuns.js";

const workerScript = `// Ponder's differential-testing worker: calls the module's functions and writes outcomes as exact JSON text.
import { parentPort, workerData } from "node:worker_threads";
import { pathToFileURL } from "node:url";

const loaded = await import(pathToFileURL(workerData.module).href);
const functions = { ...(loaded.default && typeof loaded.default === "object" ? loaded.default : {}), ...loaded };

function encode(value) {
    if (value === undefined || value === null) return "null";
    if (typeof value === "number") {
        if (Number.isNaN(value)) return "NaN";
        if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
        return Number.isInteger(value) && Math.abs(value) < 1e21 ? BigInt(value).toString() : String(value);
    }
    if (typeof value === "bigint") return value.toString();
    if (typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
    if (Array.isArray(value)) return "[" + value.map(encode).join(",") + "]";
    if (value instanceof Set) return '{"$set":[' + [...value].map(encode).join(",") + "]}";
    if (value instanceof Map) return "{" + [...value].map(([k, v]) => JSON.stringify(String(k)) + ":" + encode(v)).join(",") + "}";
    if (typeof value === "object") return "{" + Object.entries(value).map(([k, v]) => JSON.stringify(k) + ":" + encode(v)).join(",") + "}";
    return JSON.stringify({ $repr: String(value) });
}

parentPort.on("message", ({ fn, args }) => {
    try {
        const f = functions[fn];
        if (typeof f !== "function") throw new TypeError("the module has no function " + fn);
        parentPort.postMessage({ ok: encode(f(...args)) });
    } catch (error) {
        parentPort.postMessage({ error: (error && error.name ? error.name : "Error") + ": " + (error && error.message !== undefined ? error.message : String(error)) });
    }
});
`;

const mainScript = `// Ponder's differential-testing driver for JavaScript: one JSON case per stdin line, one outcome per stdout line.
import { Worker } from "node:worker_threads";
import { createInterface } from "node:readline";
import { resolve } from "node:path";

const [modulePath, timeoutText] = process.argv.slice(2);
const timeout = Number(timeoutText);
const worker = new Worker(new URL("./port_worker.mjs", import.meta.url), { workerData: { module: resolve(modulePath) }, resourceLimits: { stackSizeMb: 64 } });
let pending;
worker.on("message", (message) => pending?.(message));
worker.on("error", (error) => { process.stderr.write("the module could not run: " + (error && error.stack || error) + "\\n"); process.exit(1); });
const write = (text) => new Promise((done) => process.stdout.write(text + "\\n", done));

for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) continue;
    let item;
    try { item = JSON.parse(line); } catch (error) { await write(JSON.stringify({ id: -1, inputError: String(error) })); continue; }
    const reply = await new Promise((done) => {
        const timer = setTimeout(() => done({ timeout: true }), timeout);
        pending = (message) => { clearTimeout(timer); done(message); };
        worker.postMessage({ fn: item.fn, args: item.args });
    });
    if (reply.timeout) { await write('{"id":' + item.id + ',"timeout":true}'); process.exit(3); }
    await write('{"id":' + item.id + "," + (reply.ok !== undefined ? '"ok":' + reply.ok : '"error":' + JSON.stringify(reply.error)) + "}");
}
process.exit(0);
`;

/** True when every integer in the value is one a JavaScript number holds exactly. */
export function fitsJavaScriptNumbers(value: ExactJson): boolean {
    if (typeof value === "bigint")
        return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER);
    if (Array.isArray(value)) return value.every(fitsJavaScriptNumbers);
    if (value !== null && typeof value === "object") return Object.values(value).every(fitsJavaScriptNumbers);
    return true;
}

/** Runs the cases on a JavaScript module (its text, as `port.mjs` or `port.cjs`) in one sandboxed Node process. */
export async function runNodeCases(
    sandbox: Sandbox,
    module: { text: string; format: "esm" | "cjs" },
    cases: CaseLine[],
    caseTimeoutMs: number,
    signal?: AbortSignal
): Promise<Map<number, HarnessOutcome>> {
    const outcomes = new Map<number, HarnessOutcome>();
    // Integers beyond 2^53 have no exact JavaScript number: such inputs are outside the port's types.
    const runnable = cases.filter((item) => {
        if (item.args.every(fitsJavaScriptNumbers)) return true;
        outcomes.set(item.id, {
            kind: "outOfDomain",
            message: "an integer beyond 2^53 has no exact JavaScript number"
        });
        return false;
    });
    const moduleFile = module.format === "esm" ? "port.mjs" : "port.cjs";
    const scratch = await sandbox.createScratch({
        contents: { [moduleFile]: module.text, "port_harness.mjs": mainScript, "port_worker.mjs": workerScript }
    });
    try {
        const ran = await runCaseLines(runnable, (stdin) =>
            sandbox.run(
                scratch,
                {
                    command: process.execPath,
                    args: ["port_harness.mjs", moduleFile, String(caseTimeoutMs)],
                    stdin,
                    binds: bindsForExecutable(process.execPath),
                    limits: {
                        timeoutMs: 60_000 + runnable.length * caseTimeoutMs,
                        maxOutputBytes: 64 * 1024 * 1024,
                        memoryMb: 2048,
                        maxProcesses: 64
                    }
                },
                signal ? { signal } : {}
            )
        );
        for (const [id, outcome] of ran) outcomes.set(id, outcome);
        return outcomes;
    } finally {
        await scratch.dispose();
    }
}
