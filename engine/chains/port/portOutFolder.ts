// Where a port may be written: a new or empty folder, or an earlier port by Ponder (its Cargo.toml or package.json says so).
// The user's other files are never overwritten; every front end checks this before any work.

import { readFile, readdir } from "node:fs/promises";
import { resolve } from "node:path";
import { InvalidRequestError } from "../../errors.js";

/** Throws when `outDir` holds files that are not an earlier port; returns whether it holds an earlier port. */
export async function checkPortOutFolder(root: string, outDir: string): Promise<{ earlierPort: boolean }> {
    const existing = await readdir(resolve(root, outDir)).catch(() => undefined);
    if (!existing || existing.length === 0) return { earlierPort: false };
    const manifest = await readFile(resolve(root, outDir, "Cargo.toml"), "utf8").catch(() => "")
        + await readFile(resolve(root, outDir, "package.json"), "utf8").catch(() => "");
    if (!/Ported from .* by Ponder\./.test(manifest))
        throw new InvalidRequestError(`${outDir} already holds files that are not an earlier port; choose a new or empty folder.`);
    return { earlierPort: true };
}
