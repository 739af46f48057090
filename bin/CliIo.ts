// What a CLI command may touch of its surroundings, so commands can be tested in-process.

export interface CliIo {
    /** Writes to standard output. */
    out(text: string): void;
    /** Writes to standard error (progress, the live thought, diagnostics). */
    err(text: string): void;
    /** Whether standard output / error are terminals (colours, progress bars). */
    isTty: boolean;
    cwd: string;
    env: NodeJS.ProcessEnv;
}

/** Exit codes shared by every command: 0 success, 1 ran but the result is negative, 2 bad input or usage. */
export const ExitCode = { ok: 0, negative: 1, badInput: 2 } as const;

export function processIo(): CliIo {
    return {
        out: (text) => process.stdout.write(text),
        err: (text) => process.stderr.write(text),
        isTty: Boolean(process.stderr.isTTY),
        cwd: process.cwd(),
        env: process.env
    };
}
