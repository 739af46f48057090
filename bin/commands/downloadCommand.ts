// `ponder download ID|hf:URI`: fetches a model into the models folder with a progress bar; Ctrl-C stops
// it and the same command resumes it.

import { parseArgs } from "node:util";
import { defaultModelsDir, InvalidRequestError, resolveModelSource } from "../../engine/index.js";
import { ExitCode, type CliIo } from "../CliIo.js";
import { ProgressBar } from "../terminal/ProgressBar.js";

export async function downloadCommand(args: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
    if (positionals.length !== 1) throw new InvalidRequestError("Usage: ponder download ID|hf:URI");
    const name = positionals[0]!;
    if (!name.startsWith("hf:") && !/^https?:/.test(name) && !/^[a-z0-9.-]+$/.test(name))
        throw new InvalidRequestError(`"${name}" is neither a catalog id (see \`ponder models\`) nor an hf: URI.`);
    const bar = new ProgressBar(io.err, `Downloading ${name}`, io.isTty);
    try {
        const result = await resolveModelSource(name, {
            modelsDir: io.env["PONDER_MODELS_DIR"] ?? defaultModelsDir(io.env),
            cwd: io.cwd,
            ...(signal ? { signal } : {}),
            onProgress: ({ downloadedBytes, totalBytes }) => bar.update(downloadedBytes, totalBytes)
        });
        bar.finish();
        io.out(`${result.downloaded ? "Downloaded" : "Already present"}: ${result.path}\n`);
        return ExitCode.ok;
    } finally {
        bar.finish();
    }
}
