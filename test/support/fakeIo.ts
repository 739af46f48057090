// A CliIo that records what a command prints, for running CLI commands in-process.
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliIo } from "../../bin/CliIo.js";

export interface RecordedIo extends CliIo {
    stdout: string;
    stderr: string;
}

export function fakeIo(cwd = process.cwd(), env: NodeJS.ProcessEnv = {}): RecordedIo {
    const io: RecordedIo = {
        stdout: "",
        stderr: "",
        out: (text) => {
            io.stdout += text;
        },
        err: (text) => {
            io.stderr += text;
        },
        isTty: false,
        cwd,
        // What Ponder learns of a workspace (router state, kept examples) goes to a temp folder, never the user's.
        env: {
            ...env,
            PONDER_MODELS_DIR: env["PONDER_MODELS_DIR"] ?? "/nonexistent/ponder-models",
            PONDER_STATE_DIR: env["PONDER_STATE_DIR"] ?? join(tmpdir(), `ponder-test-state-${process.pid}`)
        }
    };
    return io;
}
