// A model runtime that counts the tokens of every generation passing through it, so the benchmark can report
// tokens per task while tasks share one loaded model.

import type { GenerationRequest, GenerationResult, ModelRuntime, RuntimeCallOptions } from "../runtime/ModelRuntime.js";

export class CountingRuntime implements ModelRuntime {
    generated = 0;
    prompt = 0;
    /** Time spent waiting for and inside `generate`, summed over calls. */
    modelMs = 0;

    constructor(private readonly inner: ModelRuntime) {}

    get description() {
        return this.inner.description;
    }

    async generate(request: GenerationRequest, options?: RuntimeCallOptions): Promise<GenerationResult> {
        const started = performance.now();
        try {
            const result = await this.inner.generate(request, options);
            for (const reply of result.candidates) {
                this.generated += reply.usage.thoughtTokens + reply.usage.answerTokens;
                this.prompt += reply.usage.promptTokens;
            }
            return result;
        } finally {
            this.modelMs += performance.now() - started;
        }
    }

    countTokens(text: string): Promise<number> {
        return this.inner.countTokens(text);
    }

    /** The shared runtime is disposed by its owner, not by one task. */
    async dispose(): Promise<void> {}
}
