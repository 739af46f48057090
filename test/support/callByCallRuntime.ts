// A ModelRuntime that serves call N from the N-th runtime (the last one after that): scripted models ignore
// the prompt, so a chain's later calls (repair rounds) get their own scripted model, each through the real runtime.

import type { GenerationRequest, GenerationResult, ModelRuntime, RuntimeCallOptions } from "../../engine/testing.js";

export class CallByCallRuntime implements ModelRuntime {
    private call = 0;
    /** The purpose of each call, in order. */
    readonly purposes: string[] = [];
    constructor(private readonly calls: ModelRuntime[]) {}
    get description() {
        return this.calls[0]!.description;
    }
    generate(request: GenerationRequest, options?: RuntimeCallOptions): Promise<GenerationResult> {
        this.purposes.push(request.purpose ?? "");
        return this.calls[Math.min(this.call++, this.calls.length - 1)]!.generate(request, options);
    }
    countTokens(text: string) {
        return this.calls[0]!.countTokens(text);
    }
    async dispose() {
        /* the suite disposes the runtimes it made */
    }
}
