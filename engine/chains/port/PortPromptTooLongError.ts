// The port chain's prompts are Ponder's own text (the unit, its signatures, counterexamples), so a prompt the
// model's context cannot hold is Ponder's limit to meet, not the user's input: exit 4 with what happened.

import { PonderError } from "../../errors.js";

export class PortPromptTooLongError extends PonderError {
    override readonly fault = "internal";

    constructor(
        readonly unit: string,
        readonly purpose: string,
        readonly promptTokens: number,
        readonly contextSize: number,
        options?: { cause?: unknown }
    ) {
        super(
            `Ponder's ${purpose} prompt for \`${unit}\` takes ${promptTokens} tokens, more than the model's context of ${contextSize}: ` +
                "this is a limit of Ponder's port chain, not a fault in your file. Port a smaller file or unit, " +
                `or raise the context size (--context-size, at least ${promptTokens + 1024}).`,
            options
        );
    }
}
