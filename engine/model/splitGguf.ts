// Split GGUF files (`name-00001-of-00003.gguf`, written by llama-gguf-split): which parts belong together and which
// are missing, so a partial set is named part by part instead of failing inside the GGUF reader.

import { existsSync } from "node:fs";
import { basename, join } from "node:path";

const splitPartPattern = /-(\d{5})-of-(\d{5})\.gguf$/;

/** Every part's path of the split file set `path` belongs to; `[path]` for a file that is not split. */
export function splitGgufParts(path: string): string[] {
    const match = splitPartPattern.exec(path);
    if (!match) return [path];
    const partCount = Number(match[2]);
    const stem = path.slice(0, match.index);
    return Array.from({ length: partCount }, (_, i) => `${stem}-${String(i + 1).padStart(5, "0")}-of-${match[2]}.gguf`);
}

/** The file names of the parts of `path`'s split set that are not on disk (empty for a complete set or a single file). */
export function missingSplitParts(path: string): string[] {
    return splitGgufParts(path)
        .filter((part) => !existsSync(part))
        .map((part) => basename(part));
}

/**
 * The first part of a downloaded split set whose name starts like `fileName` (`stem-00001-of-NNNNN.gguf`), whatever its
 * part count: the catalog's count is from the hub listing and the downloader names parts by the real one.
 */
export function firstPartLike(
    directory: string,
    fileName: string,
    namesInDirectory: readonly string[]
): string | undefined {
    const match = splitPartPattern.exec(fileName);
    if (!match) return undefined;
    const stem = fileName.slice(0, match.index);
    const found = namesInDirectory.find((name) => name.startsWith(`${stem}-00001-of-`) && splitPartPattern.test(name));
    return found ? join(directory, found) : undefined;
}
