// Small path helpers the language folders share for workspace-relative, forward-slash paths.

/** The folder part of a path, with its trailing slash ("" for a file at the root). */
export function directoryOf(path: string): string {
    return path.includes("/") ? path.slice(0, path.lastIndexOf("/") + 1) : "";
}

/** A file's name without its folder and its last extension (`src/gcd.py` → `gcd`). */
export function stemOf(path: string): string {
    return path.slice(directoryOf(path).length).replace(/\.[^.]+$/, "");
}

/** A file's last extension without the dot (`src/a.test.tsx` → `tsx`). */
export function extensionOf(path: string): string {
    return path.slice(path.lastIndexOf(".") + 1);
}
