// The Node driver that runs one version of a JavaScript (or compiled TypeScript) file's function on JSON-line
// inputs, inside the sandbox, for the comparison of candidates' behaviour. The function runs in a worker thread:
// a call that never returns, or a `process.exit` inside it, ends only that worker, and a fresh one takes the next input.

export const nodeDriverPath = ".ponder-behaviour/driver.mjs";
export const nodeWorkerPath = ".ponder-behaviour/worker.mjs";

export const nodeWorkerScript = `// Ponder's behaviour worker: loads the module, calls the function, writes the result with its exact type.
import { parentPort, workerData } from "node:worker_threads";
import { pathToFileURL } from "node:url";

let fn;
try {
    const loaded = await import(pathToFileURL(workerData.module).href);
    const functions = { ...(loaded.default && typeof loaded.default === "object" ? loaded.default : {}), ...loaded };
    fn = functions[workerData.name];
    if (typeof fn !== "function") throw new TypeError("the module has no function " + workerData.name);
    parentPort.postMessage({ ready: true });
} catch (error) {
    parentPort.postMessage({ loadError: nameOf(error) + ": " + String(error && error.message !== undefined ? error.message : error).slice(0, 300) });
}

function nameOf(error) {
    return error !== null && typeof error === "object" && typeof error.name === "string" ? error.name : "thrown " + typeof error;
}

const ITEMS = 10000;
function encode(value, depth) {
    if (depth > 60) return { $deep: true };
    if (value === undefined) return { $undefined: true };
    if (value === null || typeof value === "boolean" || typeof value === "string") return value;
    if (typeof value === "number") {
        if (Number.isNaN(value)) return { $number: "NaN" };
        if (!Number.isFinite(value)) return { $number: value > 0 ? "Infinity" : "-Infinity" };
        return value;
    }
    if (typeof value === "bigint") return { $bigint: value.toString() };
    if (typeof value === "symbol") return { $symbol: String(value.description) };
    if (typeof value === "function") return { $function: value.name };
    const items = (iterable) => { const out = []; for (const item of iterable) { if (out.length >= ITEMS) break; out.push(encode(item, depth + 1)); } return out; };
    if (Array.isArray(value)) return Array.from({ length: Math.min(value.length, ITEMS) }, (_, i) => encode(value[i], depth + 1));
    if (value instanceof Set) return { $set: items(value) };
    if (value instanceof Map) return { $map: items(value) };
    if (value instanceof Date) return { $object: "Date", value: String(value.getTime()) };
    const proto = Object.getPrototypeOf(value);
    const fields = {};
    for (const key of Object.keys(value).slice(0, ITEMS)) fields[key] = encode(value[key], depth + 1);
    if (proto === Object.prototype || proto === null) return { $record: fields };
    return { $object: (proto.constructor && proto.constructor.name) || "Object", fields: { $record: fields } };
}

parentPort.on("message", async ({ id, args }) => {
    let outcome;
    try {
        let value = fn(...args);
        if (value !== null && typeof value === "object" && typeof value.then === "function") value = await value;
        outcome = { id, ok: encode(value, 0) };
    } catch (error) {
        outcome = { id, raises: nameOf(error) };
    }
    try {
        parentPort.postMessage({ id, text: JSON.stringify(outcome) });
    } catch {
        parentPort.postMessage({ id, text: JSON.stringify({ id, raises: "UnwritableResult" }) });
    }
});
`;

export const nodeDriverScript = `// Ponder's behaviour driver: one JSON input per stdin line, one typed JSON outcome per stdout line.
import { Worker } from "node:worker_threads";
import { createInterface } from "node:readline";
import { resolve } from "node:path";

const [modulePath, name, timeoutText] = process.argv.slice(2);
const timeout = Number(timeoutText);
const write = (outcome) => new Promise((done) => process.stdout.write(JSON.stringify(outcome) + "\\n", done));
let worker;
let settle;

/** A fresh worker with the module loaded: resolves to its first message (ready or loadError). */
function start() {
    return new Promise((done) => {
        worker = new Worker(new URL("./worker.mjs", import.meta.url), { workerData: { module: resolve(modulePath), name }, resourceLimits: { stackSizeMb: 8 }, stdout: true });
        worker.stdout.pipe(process.stderr);
        let first = true;
        worker.on("message", (message) => { if (first) { first = false; done(message); } else settle?.({ message }); });
        worker.on("error", (error) => { if (first) { first = false; done({ loadError: String(error && error.name || "Error") + ": " + String(error && error.message) }); } else settle?.({ error }); });
        worker.on("exit", (code) => { if (first) { first = false; done({ loadError: "the module ended the process while loading (exit code " + code + ")" }); } else settle?.({ exit: code }); });
    });
}

const loaded = await start();
if (!loaded.ready) { await write({ loadError: loaded.loadError }); process.exit(0); }
await write({ ready: true });

for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) continue;
    const item = JSON.parse(line);
    await write({ start: item.id });
    const reply = await new Promise((done) => {
        const timer = setTimeout(() => done({ timeout: true }), timeout);
        settle = (result) => { clearTimeout(timer); settle = undefined; done(result); };
        worker.postMessage({ id: item.id, args: item.args });
    });
    if (reply.message) { process.stdout.write(reply.message.text + "\\n"); continue; }
    if (reply.timeout) await write({ id: item.id, timeout: true });
    else if (reply.error) await write({ id: item.id, raises: String(reply.error && reply.error.name || "Error") });
    else await write({ id: item.id, exits: "exits the process (exit code " + reply.exit + ")" });
    // The worker is stuck, gone or broken: end it and load the module afresh for the next input.
    await worker.terminate().catch(() => undefined);
    const again = await start();
    if (!again.ready) process.exit(1);
}
process.exit(0);
`;
