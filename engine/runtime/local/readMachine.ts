// Reads the machine a model would run on, after node-llama-cpp has picked its backend: free and total VRAM from
// the backend itself, RAM from the OS, and an estimated memory bandwidth for the decode-speed estimate.

import { availableParallelism, freemem, totalmem } from "node:os";
import { cpuRamBandwidth, type MachineMemory } from "../../model/machineFit.js";
import { loadLlama, type GpuPreference, type LlamaBackend } from "./loadLlama.js";

const GB = 1_000_000_000;

export interface ReadMachineOptions {
    /** The backend to read; default: the process's `loadLlama(gpu)`. */
    backend?: LlamaBackend;
    /** GPU preference when no backend is given. Default "auto". */
    gpu?: GpuPreference;
}

/**
 * The machine record for the backend node-llama-cpp chose. On Metal the VRAM figure is the share of unified
 * memory the GPU may use, so it is not added to RAM (`unifiedMemory` says so); on CPU VRAM is 0.
 */
export async function readMachine(options: ReadMachineOptions = {}): Promise<MachineMemory> {
    const backend = options.backend ?? (await loadLlama(options.gpu ?? "auto"));
    const vram = backend.backend === "cpu" ? { total: 0, free: 0, unifiedSize: 0 } : await backend.llama.getVramState();
    const unifiedMemory = backend.backend === "metal" || vram.unifiedSize > 0;
    const totalRam = totalmem();
    return {
        backend: backend.backend,
        freeRam: freemem(),
        totalRam,
        freeVram: Math.max(0, vram.free),
        totalVram: vram.total,
        unifiedMemory,
        cores: availableParallelism(),
        bandwidth: estimatedBandwidth(backend.backend, unifiedMemory ? totalRam : vram.total)
    };
}

/**
 * A memory bandwidth guess from the backend and memory size, because neither node-llama-cpp nor the OS reports
 * one. Apple silicon's bandwidth grows with its memory tier (M-base ~100 GB/s, Pro ~200, Max ~400); discrete GPUs
 * by VRAM size (8 GB cards ~300 GB/s, 24 GB ~900, 80 GB ~2000, bigger ~3300). Labelled an estimate wherever shown.
 */
export function estimatedBandwidth(backend: string, memoryBytes: number): { ram: number; vram: number } {
    if (backend === "cpu") return { ram: cpuRamBandwidth, vram: 0 };
    if (backend === "metal") {
        const unified = memoryBytes <= 24 * GB ? 100 * GB : memoryBytes <= 48 * GB ? 200 * GB : 400 * GB;
        return { ram: unified, vram: unified };
    }
    const tiers: [number, number][] = [
        [12 * GB, 300 * GB],
        [20 * GB, 450 * GB],
        [40 * GB, 900 * GB],
        [100 * GB, 2000 * GB]
    ];
    const vram = tiers.find(([size]) => memoryBytes <= size)?.[1] ?? 3300 * GB;
    return { ram: cpuRamBandwidth, vram };
}
