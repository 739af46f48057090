// A model runtime as an expert runs it: the expert's sampling settings go into every call, and every call's
// prompt and replies are kept, so a verified answer can be traced back to the exact prompt and reply that made it
// (the training example of the dataset). The chains see a plain ModelRuntime.

import type { CallPurpose } from "../runtime/CallPurpose.js";
import type {
    CandidateReply,
    ChatMessage,
    GenerationRequest,
    GenerationResult,
    ModelRuntime,
    RuntimeCallOptions,
    SamplingSettings
} from "../runtime/ModelRuntime.js";

/** One call an expert answered: the step that made it (absent when the caller named none), the prompt, and every candidate's reply. */
export interface CapturedCall {
    purpose?: CallPurpose;
    messages: ChatMessage[];
    modelId: string;
    replies: CandidateReply[];
}

export class ExpertRuntime implements ModelRuntime {
    readonly calls: CapturedCall[] = [];

    constructor(
        private readonly inner: ModelRuntime,
        private readonly sampling: SamplingSettings | undefined
    ) {}

    get description() {
        return this.inner.description;
    }

    async generate(request: GenerationRequest, options?: RuntimeCallOptions): Promise<GenerationResult> {
        const sampling = this.sampling || request.sampling ? { ...this.sampling, ...request.sampling } : undefined;
        const result = await this.inner.generate({ ...request, ...(sampling ? { sampling } : {}) }, options);
        this.calls.push({
            ...(request.purpose ? { purpose: request.purpose } : {}),
            messages: request.messages,
            modelId: result.model.id,
            replies: result.candidates
        });
        return result;
    }

    countTokens(text: string): Promise<number> {
        return this.inner.countTokens(text);
    }

    dispose(): Promise<void> {
        return this.inner.dispose();
    }
}
