// Speculative decoding for the managed llama-server: which kind a catalog model can use (its own multi-token
// prediction heads, or a small draft model of the same tokenizer) and whether Ponder turns it on by default on a
// machine. Only a measured speed-up turns it on: a measurement of this machine (measureSpeculation.ts, cached with
// the model file's identity) or a figure recorded below for the machine's backend; without one the default is off.

import type { CatalogModel } from "./ModelCatalog.js";
import type { MachineMemory } from "./machineFit.js";

/** How llama-server speculates: the model's MTP heads (`--spec-type draft-mtp`) or a draft model (`--spec-draft-model`). */
export type SpeculativeDecoding =
    | { kind: "mtp"; draftMax: number }
    | { kind: "draftModel"; draftModelPath: string; draftMax: number; draftMin: number };

/** llama.cpp's default draft length (`--spec-draft-n-max`, 3 in the bundled source); longer drafts pay off only at high acceptance. */
export const defaultDraftMax = 3;

/** A decode speed measured with and without speculation on one machine kind (`npm run bench`), tokens per second. */
export interface SpeculationMeasurement {
    modelId: string;
    backend: string;
    withSpeculation: number;
    without: number;
    /** The speculation measured (a cached measurement of this machine says which draft it used). */
    speculation?: SpeculativeDecoding;
    /** The model file measured: its path, size and modification time, and the llama-server binary; set by measureSpeculation. */
    identity?: string;
    /** Drafted tokens the model accepted, from 0 to 1; absent when the server drafted nothing (it refused the draft). */
    acceptanceRate?: number;
    /** Every reply was the same with and without speculation (temperature 0, and the same seeds). */
    exact?: boolean;
    /** When it was measured (ISO 8601). */
    measuredAt?: string;
}

/** Faster by 10 %, beyond the noise of one run, with drafts the server really used and replies unchanged. */
export function speculationPaysOff(measured: SpeculationMeasurement): boolean {
    return (
        measured.withSpeculation > 1.1 * measured.without &&
        measured.exact !== false &&
        (measured.identity === undefined || measured.acceptanceRate !== undefined)
    );
}

/**
 * Measured speed-ups so far, by model and backend. Empty: on the 2-core CPU machines Ponder is built on, only generated
 * models run, whose drafts say nothing about a real model's acceptance rate; a GPU machine's `npm run bench` fills it.
 */
export const speculationMeasurements: readonly SpeculationMeasurement[] = [];

/**
 * The speculation a catalog model offers, if any: its MTP heads when its GGUF keeps them, else its catalog draft
 * model when that is downloaded (`draftModelPath`).
 */
export function speculationFor(
    model: CatalogModel,
    options: { draftModelPath?: string } = {}
): SpeculativeDecoding | undefined {
    if (model.multiTokenPrediction) return { kind: "mtp", draftMax: defaultDraftMax };
    if (model.draftModel && options.draftModelPath)
        return { kind: "draftModel", draftModelPath: options.draftModelPath, draftMax: defaultDraftMax, draftMin: 0 };
    return undefined;
}

/**
 * Whether Ponder turns speculation on by default for a model on a machine: only where a measurement on that backend
 * shows it faster (by 10 %, beyond the noise of one run). The user can always turn it on.
 */
export function speculationByDefault(
    model: CatalogModel,
    machine: MachineMemory,
    measurements: readonly SpeculationMeasurement[] = speculationMeasurements
): SpeculativeDecoding | undefined {
    const offered = speculationFor(model);
    if (!offered) return undefined;
    const measured = measurements.find((m) => m.modelId === model.id && m.backend === machine.backend);
    return measured && speculationPaysOff(measured) ? offered : undefined;
}
