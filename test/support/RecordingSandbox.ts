// A stand-in for the bubblewrap sandbox, for unit tests of chain phases: it makes real scratch copies, records
// every command a phase runs (with the scratch files it saw), and answers from a script instead of running
// anything. The script may write files into scratch (a runner's report), which `collect` then reads back.

import {
    runInFreshScratch,
    Scratch,
    type Sandbox,
    type SandboxBind,
    type SandboxCallOptions,
    type SandboxRunRequest,
    type SandboxRunResult,
    type ScratchInputs
} from "../../engine/testing.js";

/** One command a phase asked the sandbox to run. */
export interface RecordedSandboxCall {
    request: SandboxRunRequest;
    /** The scratch directory's host path while the command "ran". */
    scratchPath: string;
    cancelled: boolean;
}

/** How the fake answers a command: the parts of a result it sets (the rest are a clean exit with no output). */
export type SandboxAnswer = (call: {
    request: SandboxRunRequest;
    scratch: Scratch;
}) => Partial<SandboxRunResult> | Promise<Partial<SandboxRunResult>>;

export class RecordingSandbox implements Sandbox {
    readonly mode = "fake" as const;
    readonly limitsBy = "rlimit" as const;
    readonly warning = undefined;
    readonly calls: RecordedSandboxCall[] = [];
    private readonly scratches = new Set<Scratch>();

    constructor(private readonly answer: SandboxAnswer = () => ({})) {}

    async createScratch(inputs: ScratchInputs = {}): Promise<Scratch> {
        const scratch = await Scratch.create(inputs);
        this.scratches.add(scratch);
        return scratch;
    }

    runOnce(
        inputs: ScratchInputs,
        request: SandboxRunRequest,
        options: SandboxCallOptions = {}
    ): Promise<SandboxRunResult> {
        return runInFreshScratch(this, inputs, request, options);
    }

    pathInside(scratch: Scratch, bind?: SandboxBind): string {
        return bind ? (bind.target ?? bind.source) : scratch.path;
    }

    async run(
        scratch: Scratch,
        request: SandboxRunRequest,
        options: SandboxCallOptions = {}
    ): Promise<SandboxRunResult> {
        const cancelled = options.signal?.aborted === true;
        this.calls.push({ request, scratchPath: scratch.path, cancelled });
        const answered = cancelled
            ? { cancelled: true, exitCode: null, signal: "SIGKILL" }
            : await this.answer({ request, scratch });
        const files: Record<string, string> = {};
        for (const path of request.collect ?? []) {
            const text = await scratch.readFile(path);
            if (text !== undefined) files[path] = text;
        }
        return {
            exitCode: 0,
            signal: null,
            timedOut: false,
            oomKilled: false,
            cancelled: false,
            stdout: "",
            stderr: "",
            stdoutTruncated: false,
            stderrTruncated: false,
            durationMs: 1,
            files,
            ...answered
        };
    }

    async dispose(): Promise<void> {
        for (const scratch of this.scratches) await scratch.dispose();
        this.scratches.clear();
    }
}
