// Opens node-llama-cpp's native backend once per process: the GPU binary when one works (CUDA, Vulkan,
// Metal), else the CPU one, with threads chosen from the CPU that is free (or the count the user set).

import { getLlama, LlamaLogLevel, type Llama } from "node-llama-cpp";
import { RuntimeFaultError } from "../../errors.js";
import { cpuLimit } from "./availableCpu.js";
import { ThreadGovernor } from "./ThreadGovernor.js";

export type GpuPreference = "auto" | "cuda" | "vulkan" | "metal" | false;

export interface LlamaBackend {
    llama: Llama;
    /** "cpu", "cuda", "vulkan" or "metal". */
    backend: string;
    /** The most threads a generation uses: the user's count, else the cores this process may use. */
    threads: number;
    /** Chooses each generation's threads from the free CPU (keeps the user's count when one was given). */
    governor: ThreadGovernor;
    /** Why the requested GPU backend is not in use, when it is not. */
    fallbackReason?: string;
}

const opened = new Map<string, Promise<LlamaBackend>>();

/**
 * The most threads Ponder gives llama.cpp: the cores this process may use (affinity, cgroup quota), not the machine's.
 * node-llama-cpp's default of at least 4 oversubscribes a 2-core machine. Each generation then uses what is free of it.
 */
export function defaultThreadCount(): number {
    return cpuLimit();
}

/**
 * The process-wide backend for a GPU preference and thread setting. Falls back to CPU when the GPU binary does
 * not load. Without `threads`, a `ThreadGovernor` picks each generation's threads from the free CPU.
 */
export function loadLlama(gpu: GpuPreference = "auto", threads?: number): Promise<LlamaBackend> {
    const key = `${gpu}:${threads ?? "free"}`;
    let backend = opened.get(key);
    if (!backend) {
        backend = openBackend(gpu, threads ?? defaultThreadCount(), threads !== undefined);
        opened.set(key, backend);
        backend.catch(() => opened.delete(key));
    }
    return backend;
}

async function openBackend(gpu: GpuPreference, threads: number, fixed: boolean): Promise<LlamaBackend> {
    const common = {
        maxThreads: threads,
        build: "never" as const,
        skipDownload: true,
        progressLogs: false,
        logLevel: LlamaLogLevel.error,
        logger: () => {
            /* llama.cpp's own log lines would garble the CLI's output; failures surface as errors */
        }
    };
    try {
        const llama = await getLlama({ ...common, gpu });
        return {
            llama,
            backend: llama.gpu === false ? "cpu" : llama.gpu,
            threads,
            governor: new ThreadGovernor(llama, threads, fixed)
        };
    } catch (error) {
        if (gpu === false)
            throw new RuntimeFaultError(
                `The llama.cpp CPU backend does not load on this machine: ${messageOf(error)}. ` +
                    "Reinstall Ponder so that its prebuilt binary for this platform is present.",
                { cause: error }
            );
        const llama = await getLlama({ ...common, gpu: false }).catch((cpuError: unknown) => {
            throw new RuntimeFaultError(`No llama.cpp backend loads on this machine: ${messageOf(cpuError)}`, {
                cause: cpuError
            });
        });
        return {
            llama,
            backend: "cpu",
            threads,
            governor: new ThreadGovernor(llama, threads, fixed),
            fallbackReason: `the ${gpu} backend did not load (${messageOf(error)})`
        };
    }
}

function messageOf(error: unknown): string {
    return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
}
