// A model runtime wrapper that keeps every request it forwards, so a test can assert what the model was
// actually prompted with while the replies still come from a real runtime.

import type { GenerationRequest, GenerationResult, ModelRuntime, RuntimeCallOptions } from "../../engine/testing.js";

export class PromptCapturingRuntime implements ModelRuntime {
    readonly requests: GenerationRequest[] = [];

    constructor(private readonly inner: ModelRuntime) {}

    get description() {
        return this.inner.description;
    }

    /** The user messages of every request, in order. */
    get prompts(): string[] {
        return this.requests.map((request) => request.messages.map((m) => m.content).join("\n"));
    }

    generate(request: GenerationRequest, options?: RuntimeCallOptions): Promise<GenerationResult> {
        this.requests.push(request);
        return this.inner.generate(request, options);
    }

    countTokens(text: string) {
        return this.inner.countTokens(text);
    }

    async dispose() {
        await this.inner.dispose();
    }
}
