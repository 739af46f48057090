// How the CLI writes a user's file on --apply (`fix`, `tests`): the previous text goes to FILE.ponder-backup first,
// so every applied change can be undone by copying the backup back; a file Ponder creates has no backup.

import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";

/** Suffix of the copy of a file's previous text. */
export const backupSuffix = ".ponder-backup";

export interface WrittenFile {
    /** The file, relative to the workspace root. */
    file: string;
    /** The backup of the previous text, relative to the root; absent when the file is new. */
    backup?: string;
}

/** Writes `text` to `file` (relative to `root`), after copying an existing file's text to its backup. */
export async function writeWithBackup(root: string, file: string, text: string, created: boolean): Promise<WrittenFile> {
    const path = resolve(root, file);
    await mkdir(dirname(path), { recursive: true });
    if (!created) await copyFile(path, `${path}${backupSuffix}`);
    await writeFile(path, text);
    return created ? { file } : { file, backup: `${file}${backupSuffix}` };
}

/** The sentence telling the user how to undo a write. */
export function undoNote(written: WrittenFile): string {
    return written.backup ? `the previous text is in ${written.backup} (copy it back to undo)` : "it is new (delete it to undo)";
}
