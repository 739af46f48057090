// How the status bar names a model's backend: a GPU API or the CPU as its short capitals (CPU, CUDA, Vulkan as
// VULKAN, Metal as METAL), anything longer, such as the managed llama-server's own description, as it was written.

const shortNames = new Set(["cpu", "cuda", "vulkan", "metal", "remote"]);

export function backendLabel(backend: string): string {
    return shortNames.has(backend.toLowerCase()) ? backend.toUpperCase() : backend;
}
