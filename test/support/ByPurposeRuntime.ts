// A model runtime for the fix chain's end-to-end tests: the tests-only pass (`purpose: "fix.tests"`) goes to its own
// runtime, and fix round N to the N-th round runtime (the last after that). Scripted models ignore the prompt, so the
// purpose, not the call order, says which model answers.

import type { GenerationRequest, GenerationResult, ModelRuntime, RuntimeCallOptions } from "../../engine/testing.js";

export class ByPurposeRuntime implements ModelRuntime {
    readonly requests: GenerationRequest[] = [];
    /** `tests`: the tests-only pass's model; default the first round's. */
    constructor(
        private readonly rounds: ModelRuntime[],
        private readonly tests: ModelRuntime = rounds[0]!
    ) {}
    get description() {
        return this.rounds[0]!.description;
    }
    generate(request: GenerationRequest, options?: RuntimeCallOptions): Promise<GenerationResult> {
        this.requests.push(request);
        if (request.purpose === "fix.tests") return this.tests.generate(request, options);
        const round = Number(/^fix\.round(\d+)$/.exec(request.purpose ?? "")?.[1] ?? 0);
        return this.rounds[Math.min(round, this.rounds.length - 1)]!.generate(request, options);
    }
    /** The prompt of each call with this purpose, in order. */
    prompts(purpose: string): string[] {
        return this.requests
            .filter((r) => r.purpose === purpose)
            .map((r) => r.messages.map((m) => m.content).join("\n"));
    }
    countTokens(text: string) {
        return this.rounds[0]!.countTokens(text);
    }
    async dispose() {
        /* the suite disposes the runtimes it made */
    }
}
