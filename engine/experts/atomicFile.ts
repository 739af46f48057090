// Writes a whole file so that a reader (or a crash) sees either the old text or the new one, never half:
// write a temporary file beside it, flush it, then rename it over the old one.

import { mkdir, open, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { randomBytes } from "node:crypto";

export async function writeFileAtomically(path: string, text: string): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    const handle = await open(temporary, "w");
    try {
        await handle.writeFile(text);
        await handle.sync();
    } finally {
        await handle.close();
    }
    try {
        await rename(temporary, path);
    } catch (error) {
        await rm(temporary, { force: true });
        throw error;
    }
}
