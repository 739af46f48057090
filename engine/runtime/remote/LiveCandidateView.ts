// What one remote candidate has shown live so far, across its attempts: an attempt after a broken stream shows
// only what goes beyond what was shown. The same seed on a replica of the same model replays the same text; an
// attempt that diverges is shown from where it diverges on (the live view then holds both), and the `done`
// event's reply is the one to trust.

import { performance } from "node:perf_hooks";
import type { ReasoningEvent, RuntimeCallOptions } from "../ModelRuntime.js";

export class LiveCandidateView {
    /** When the candidate's first text arrived, on any attempt. */
    firstAt: number | undefined;
    private readonly shown = { thought: "", answer: "" };
    // The thought's end is shown when the answer starts (as the local runtime does), so a live view can close the
    // thought before the answer's first text; a thought cut by the budget or the loop guard ends in the reply.
    private thoughtEndShown = false;
    private readonly emit: NonNullable<RuntimeCallOptions["onEvent"]>;

    constructor(
        private readonly index: number,
        onEvent: RuntimeCallOptions["onEvent"]
    ) {
        this.emit = onEvent ?? (() => undefined);
    }

    /** A delta of this attempt: `text` is new, `whole` is the attempt's text of that kind so far. */
    delta(kind: "thought" | "answer", text: string, whole: string): void {
        this.firstAt ??= performance.now();
        // An answer delta comes only after the server or the tags closed the thought.
        if (kind === "answer" && !this.thoughtEndShown) {
            this.emit({ kind: "thoughtEnd", candidate: this.index, closedBy: "model" });
            this.thoughtEndShown = true;
        }
        const before = this.shown[kind];
        if (before.length >= whole.length && before.startsWith(whole)) return;
        const fresh = whole.startsWith(before) ? whole.slice(before.length) : text;
        this.shown[kind] = whole;
        this.emit({ kind, candidate: this.index, text: fresh });
    }

    /** The reply's closing events: a thought end already shown is not shown again. */
    readonly emitOnce = (event: ReasoningEvent): void => {
        if (event.kind === "thoughtEnd" && this.thoughtEndShown) return;
        this.emit(event);
    };
}
