// Where a port may be written: a new or empty folder inside the workspace (its real path: a symlinked folder that
// leads outside is refused), or an earlier port by Ponder (its Cargo.toml or package.json says so). The user's other
// files are never overwritten; every front end checks this before any work.

import { readFile, readdir } from "node:fs/promises";
import { resolveInsideWorkspace, UnsafeWriteError } from "../../files/workspaceWrites.js";

/** Throws when `outDir` leaves the workspace or holds files that are not an earlier port; returns whether it holds an earlier port. */
export async function checkPortOutFolder(root: string, outDir: string): Promise<{ earlierPort: boolean }> {
    const folder = await resolveInsideWorkspace(root, outDir);
    const existing = await readdir(folder.real).catch(() => undefined);
    if (!existing || existing.length === 0) return { earlierPort: false };
    const manifest =
        (await readFile(`${folder.real}/Cargo.toml`, "utf8").catch(() => "")) +
        (await readFile(`${folder.real}/package.json`, "utf8").catch(() => ""));
    if (!/Ported from .* by Ponder\./.test(manifest)) {
        const name = folder.relative === "" ? "The workspace folder itself" : folder.relative;
        throw new UnsafeWriteError(
            `${name} already holds files that are not an earlier port; choose a new or empty folder.`
        );
    }
    return { earlierPort: true };
}
