// A model runtime that sends each request to one of several real runtimes, chosen by a text its prompt contains.
// Scripted models ignore the prompt, so a benchmark over several tasks needs one model per task.

import type { GenerationRequest, GenerationResult, ModelRuntime, RuntimeCallOptions } from "../../engine/testing.js";

export class RoutedRuntime implements ModelRuntime {
    /** `routes`: [text the prompt contains, runtime], tried in order. */
    constructor(private readonly routes: [string, ModelRuntime][]) {}

    get description() {
        return this.routes[0]![1].description;
    }

    generate(request: GenerationRequest, options?: RuntimeCallOptions): Promise<GenerationResult> {
        const prompt = request.messages.map((m) => m.content).join("\n");
        const route = this.routes.find(([text]) => prompt.includes(text));
        if (!route) throw new Error(`no scripted model for this prompt: ${prompt.slice(0, 300)}`);
        return route[1].generate(request, options);
    }

    countTokens(text: string): Promise<number> {
        return this.routes[0]![1].countTokens(text);
    }

    async dispose(): Promise<void> {
        for (const [, runtime] of this.routes) await runtime.dispose();
    }
}
