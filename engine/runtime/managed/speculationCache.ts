// The per-machine speculation measurements, kept in one JSON file beside Ponder's other caches, each under the
// identity of the model file it measured and the llama-server that ran it: a new file or a rebuilt server is measured
// anew, and the managed runtime turns speculation on by default only where its own measurement says faster.

import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { speculationPaysOff, type SpeculationMeasurement } from "../../model/speculativeDecoding.js";

/** `$PONDER_SPECULATION_CACHE`, else `$XDG_CACHE_HOME/ponder/speculation.json`, else `~/.cache/ponder/speculation.json`. */
export function speculationCacheFile(env: Readonly<Record<string, string | undefined>> = process.env): string {
    if (env["PONDER_SPECULATION_CACHE"]) return env["PONDER_SPECULATION_CACHE"];
    const cacheHome = env["XDG_CACHE_HOME"] || join(env["HOME"] || homedir(), ".cache");
    return join(cacheHome, "ponder", "speculation.json");
}

/** The model file (path, size, modification time) and the server binary: what a measurement holds for. */
export function speculationIdentity(modelPath: string, binary: string): string {
    const stat = statSync(modelPath);
    return `${resolve(modelPath)}|${stat.size}|${Math.round(stat.mtimeMs)}|${resolve(binary)}`;
}

/** Every cached measurement; an absent or unreadable file is no measurement. */
export function readSpeculationCache(file: string): SpeculationMeasurement[] {
    try {
        const parsed = JSON.parse(readFileSync(file, "utf8")) as { measurements?: SpeculationMeasurement[] };
        return Array.isArray(parsed.measurements) ? parsed.measurements : [];
    } catch {
        return [];
    }
}

/** Records a measurement, replacing an earlier one of the same identity, backend and speculation kind. */
export function recordSpeculation(file: string, measurement: SpeculationMeasurement): void {
    const same = (m: SpeculationMeasurement) =>
        m.identity === measurement.identity &&
        m.backend === measurement.backend &&
        m.speculation?.kind === measurement.speculation?.kind;
    const measurements = [...readSpeculationCache(file).filter((m) => !same(m)), measurement];
    mkdirSync(dirname(file), { recursive: true });
    // Written whole and renamed, so a reader never sees half a file.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, JSON.stringify({ measurements }, null, 2) + "\n");
    renameSync(partial, file);
}

/** The measurements of this model file on this backend, the fastest first. */
export function measurementsOf(file: string, identity: string, backend: string): SpeculationMeasurement[] {
    return readSpeculationCache(file)
        .filter((m) => m.identity === identity && m.backend === backend)
        .sort((a, b) => b.withSpeculation / b.without - a.withSpeculation / a.without);
}

/**
 * What `ponder info` says of a model file: each measurement of it, by backend, whichever server ran it (the identity
 * without its binary). Empty when it was never measured.
 */
export function speculationNotesOfFile(modelPath: string, file: string = speculationCacheFile()): string[] {
    let modelPart: string;
    try {
        modelPart = speculationIdentity(modelPath, "/").replace(/\|[^|]*$/, "|");
    } catch {
        return [];
    }
    return readSpeculationCache(file)
        .filter((m) => m.identity?.startsWith(modelPart))
        .map((m) => `${m.backend}: ${describeSpeculation(m)}`);
}

/** The speculation a model file gets by default on this backend: the fastest measured one that pays off, if any. */
export function measuredSpeculation(
    file: string,
    identity: string,
    backend: string
): SpeculationMeasurement | undefined {
    return measurementsOf(file, identity, backend).find((m) => m.speculation && speculationPaysOff(m));
}

/** One line for `ponder info` and the runtime's description: what was measured and what it decided. */
export function describeSpeculation(measurement: SpeculationMeasurement): string {
    const kind = measurement.speculation?.kind === "mtp" ? "MTP heads" : "draft model";
    const ratio = (measurement.withSpeculation / measurement.without).toFixed(2);
    const acceptance =
        measurement.acceptanceRate === undefined
            ? "no drafts used (the server refused the draft)"
            : `${Math.round(measurement.acceptanceRate * 100)} % of drafted tokens accepted`;
    const verdict = speculationPaysOff(measurement) ? "on by default" : "off (not 10 % faster with the same replies)";
    return `${kind}: ${measurement.withSpeculation.toFixed(1)} against ${measurement.without.toFixed(1)} tokens/s (${ratio}×), ${acceptance}, measured ${measurement.measuredAt ?? "earlier"}; ${verdict}`;
}
