// Opens node-llama-cpp's native backend once per process: the GPU binary when one works (CUDA, Vulkan,
// Metal), else the CPU one, with a thread count that fits the machine's cores.

import { availableParallelism } from "node:os";
import { getLlama, LlamaLogLevel, type Llama } from "node-llama-cpp";
import { RuntimeFaultError } from "../../errors.js";

export type GpuPreference = "auto" | "cuda" | "vulkan" | "metal" | false;

export interface LlamaBackend {
    llama: Llama;
    /** "cpu", "cuda", "vulkan" or "metal". */
    backend: string;
    threads: number;
    /** Why the requested GPU backend is not in use, when it is not. */
    fallbackReason?: string;
}

const opened = new Map<string, Promise<LlamaBackend>>();

/** Threads for decoding: one per core. node-llama-cpp's default of at least 4 oversubscribes a 2-core machine. */
export function defaultThreadCount(): number {
    return Math.max(1, availableParallelism());
}

/** The process-wide backend for a GPU preference. Falls back to CPU when the GPU binary does not load. */
export function loadLlama(gpu: GpuPreference = "auto", threads = defaultThreadCount()): Promise<LlamaBackend> {
    const key = `${gpu}:${threads}`;
    let backend = opened.get(key);
    if (!backend) {
        backend = openBackend(gpu, threads);
        opened.set(key, backend);
        backend.catch(() => opened.delete(key));
    }
    return backend;
}

async function openBackend(gpu: GpuPreference, threads: number): Promise<LlamaBackend> {
    const common = {
        maxThreads: threads,
        build: "never" as const,
        skipDownload: true,
        progressLogs: false,
        logLevel: LlamaLogLevel.error,
        logger: () => { /* llama.cpp's own log lines would garble the CLI's output; failures surface as errors */ }
    };
    try {
        const llama = await getLlama({ ...common, gpu });
        return { llama, backend: llama.gpu === false ? "cpu" : llama.gpu, threads };
    } catch (error) {
        if (gpu === false)
            throw new RuntimeFaultError(`The llama.cpp CPU backend does not load on this machine: ${messageOf(error)}. ` +
                "Reinstall Ponder so that its prebuilt binary for this platform is present.", { cause: error });
        const llama = await getLlama({ ...common, gpu: false }).catch((cpuError: unknown) => {
            throw new RuntimeFaultError(`No llama.cpp backend loads on this machine: ${messageOf(cpuError)}`, { cause: cpuError });
        });
        return { llama, backend: "cpu", threads, fallbackReason: `the ${gpu} backend did not load (${messageOf(error)})` };
    }
}

function messageOf(error: unknown): string {
    return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
}
