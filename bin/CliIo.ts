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
    /** Reads standard input to its end (`ponder fix --issue -`); absent: the command says stdin cannot be read. */
    readStdin?(): Promise<string>;
}

/**
 * Exit codes shared by every command (README.md lists them): 0 success, 1 ran but the result is negative, 2 bad
 * input or usage, 3 the machine cannot do it (no sandbox or toolchain, a failed download, too little memory, a
 * broken install), 4 an internal error of Ponder, 130 stopped by Ctrl-C.
 */
export const ExitCode = { ok: 0, negative: 1, badInput: 2, environment: 3, internal: 4, cancelled: 130 } as const;

export function processIo(): CliIo {
    return {
        out: (text) => process.stdout.write(text),
        err: (text) => process.stderr.write(text),
        isTty: Boolean(process.stderr.isTTY),
        cwd: process.cwd(),
        env: process.env,
        readStdin: async () => {
            const chunks: Buffer[] = [];
            for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
            return Buffer.concat(chunks).toString("utf8");
        }
    };
}
