// Writes a whole file so that a reader (or a crash) sees either the old text or the new one, never half: write a
// private temporary file beside it, flush it to disk, then rename it over the old one. The one way the engine
// saves its state files (router state, solution memory) and the CLI its exports.

import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";

export interface AtomicWriteOptions {
    /** The file's permissions. Default 0600: state files and exports hold the user's code. */
    mode?: number;
}

export async function writeFileAtomically(path: string, text: string, options: AtomicWriteOptions = {}): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    try {
        const handle = await open(temporary, "w", options.mode ?? 0o600);
        try {
            await handle.writeFile(text);
            // Flushed before the rename: otherwise a crash soon after could leave the new name on empty blocks.
            await handle.sync();
        } finally {
            await handle.close();
        }
        await rename(temporary, path);
    } finally {
        await rm(temporary, { force: true });
    }
}
