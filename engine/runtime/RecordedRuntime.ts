// A model runtime that replays replies recorded in a session log (or given directly), behind the same
// interface as the real ones: for unit tests of a chain's logic and for reproducing a user's session.

import { readFile } from "node:fs/promises";
import { InvalidRequestError } from "../errors.js";
import type {
    CandidateReply,
    GenerationRequest,
    GenerationResult,
    ModelDescription,
    ModelRuntime,
    RuntimeCallOptions
} from "./ModelRuntime.js";
import type { CallPurpose } from "./CallPurpose.js";
import type { SessionRecord } from "./SessionRecorder.js";

/** One recorded call: the candidates it returned. */
export type RecordedCall = Pick<SessionRecord, "candidates"> & { purpose?: CallPurpose | "generate" };

const recordedModel: ModelDescription = {
    id: "recorded",
    source: "session log",
    architecture: "recorded",
    parameters: 0,
    activeParameters: 0,
    trainContextSize: 0,
    contextSize: 1 << 20,
    chatTemplate: "deepseek",
    backend: "recorded",
    gpuLayers: 0,
    threads: 0
};

export class RecordedRuntime implements ModelRuntime {
    private next = 0;
    readonly requests: GenerationRequest[] = [];

    constructor(
        private readonly calls: RecordedCall[],
        readonly description: ModelDescription = recordedModel
    ) {}

    /** Replays the calls of a JSONL session log written with `--record`. */
    static async fromSessionLog(path: string): Promise<RecordedRuntime> {
        const lines = (await readFile(path, "utf8")).split("\n").filter((line) => line.trim() !== "");
        return new RecordedRuntime(lines.map((line) => JSON.parse(line) as SessionRecord));
    }

    async generate(request: GenerationRequest, options: RuntimeCallOptions = {}): Promise<GenerationResult> {
        this.requests.push(request);
        const call = this.calls[this.next++];
        if (!call)
            throw new InvalidRequestError(
                `The recording holds ${this.calls.length} calls; call ${this.next} has no reply.`
            );
        const count = request.candidates ?? 1;
        const candidates: CandidateReply[] = [];
        for (let index = 0; index < count; index++) {
            const recorded = call.candidates[index % call.candidates.length]!;
            const reply = { ...recorded, index, seed: (request.seed ?? recorded.seed - recorded.index) + index };
            if (options.signal?.aborted) {
                candidates.push({ ...reply, thought: "", answer: "", stopReason: "cancelled" });
                continue;
            }
            // Replay the stream in small pieces so consumers see the same event shapes as from a model.
            for (const piece of reply.thought.match(/[\s\S]{1,16}/g) ?? [])
                options.onEvent?.({ kind: "thought", candidate: index, text: piece });
            if (reply.thoughtClosedBy !== "none")
                options.onEvent?.({ kind: "thoughtEnd", candidate: index, closedBy: reply.thoughtClosedBy });
            for (const piece of reply.answer.match(/[\s\S]{1,16}/g) ?? [])
                options.onEvent?.({ kind: "answer", candidate: index, text: piece });
            options.onEvent?.({ kind: "done", candidate: index, reply });
            candidates.push(reply);
        }
        return { model: this.description, candidates };
    }

    async countTokens(text: string): Promise<number> {
        return Math.ceil(text.length / 4);
    }

    async dispose(): Promise<void> {
        /* nothing held */
    }
}
