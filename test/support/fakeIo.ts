// A CliIo that records what a command prints, for running CLI commands in-process.
import type { CliIo } from "../../bin/CliIo.js";

export interface RecordedIo extends CliIo {
    stdout: string;
    stderr: string;
}

export function fakeIo(cwd = process.cwd(), env: NodeJS.ProcessEnv = {}): RecordedIo {
    const io: RecordedIo = {
        stdout: "",
        stderr: "",
        out: (text) => { io.stdout += text; },
        err: (text) => { io.stderr += text; },
        isTty: false,
        cwd,
        env: { ...env, PONDER_MODELS_DIR: env["PONDER_MODELS_DIR"] ?? "/nonexistent/ponder-models" }
    };
    return io;
}
