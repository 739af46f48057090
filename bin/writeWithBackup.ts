// How the CLI writes a user's file on --apply (`fix`, `tests`): through the engine's one safe writer, so the previous
// text goes to a new numbered FILE.ponder-backup first (undo by copying it back), nothing is written through a symlink
// that leaves the workspace, and a file Ponder creates has no backup.

import { undoNote, writeInsideWorkspace, type WrittenFile } from "../engine/index.js";

export { undoNote, type WrittenFile };

/** Writes `text` to `file` (relative to `root`): a `created` file must not exist yet; an existing one is backed up first. */
export function writeWithBackup(root: string, file: string, text: string, created: boolean): Promise<WrittenFile> {
    return writeInsideWorkspace(root, file, text, { existing: created ? "refuse" : "backup" });
}
