// Appends every model call to a JSONL session log: prompt, settings, seeds, thoughts, answers and timings,
// so a run can be inspected, replayed by a recorded-reply runtime, or kept as evidence.

import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { CallPurpose } from "./CallPurpose.js";
import type { GenerationRequest, GenerationResult } from "./ModelRuntime.js";

export interface SessionRecord {
    time: string;
    /** The call's purpose; "generate" when the caller gave none. */
    purpose: CallPurpose | "generate";
    model: { id: string; source: string; backend: string };
    request: GenerationRequest;
    durationMs: number;
    candidates: GenerationResult["candidates"];
}

export class SessionRecorder {
    private writing: Promise<void> = Promise.resolve();

    constructor(readonly path: string) {}

    /** Queues one record; records are written in call order. */
    record(request: GenerationRequest, result: GenerationResult, durationMs: number): Promise<void> {
        const entry: SessionRecord = {
            time: new Date().toISOString(),
            purpose: request.purpose ?? "generate",
            model: { id: result.model.id, source: result.model.source, backend: result.model.backend },
            request,
            durationMs: Math.round(durationMs),
            candidates: result.candidates
        };
        const line = JSON.stringify(entry) + "\n";
        this.writing = this.writing.then(async () => {
            await mkdir(dirname(this.path), { recursive: true });
            await appendFile(this.path, line, "utf8");
        });
        return this.writing;
    }

    flush(): Promise<void> {
        return this.writing;
    }
}
