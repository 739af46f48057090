// Finding toolchain executables on the host by full path, so runs never go through shims.

import { existsSync, realpathSync } from "node:fs";
import { isAbsolute, join } from "node:path";

/** The real path of an executable given by absolute path or looked up on PATH, or undefined. */
export function findExecutableOnHost(name: string, searchPath = process.env["PATH"] ?? ""): string | undefined {
    const candidates = isAbsolute(name)
        ? [name]
        : searchPath
              .split(":")
              .filter(Boolean)
              .map((folder) => join(folder, name));
    for (const candidate of candidates) {
        if (existsSync(candidate)) return candidate;
    }
    return undefined;
}

export function realPathOf(path: string): string {
    try {
        return realpathSync(path);
    } catch {
        return path;
    }
}

/**
 * Read-only binds that make an interpreter outside /usr visible in the sandbox (nvm's node, a rustup
 * toolchain): its installation prefix, at the same path.
 */
export function bindsForExecutable(path: string, levelsUp = 2): { source: string; target: string }[] {
    const real = realPathOf(path);
    if (/^\/(usr|bin|sbin|lib|lib64)\//.test(real)) return [];
    let prefix = real;
    for (let level = 0; level < levelsUp; level++) prefix = join(prefix, "..");
    return [{ source: prefix, target: prefix }];
}
