// Compiles a scratch copy's TypeScript to JavaScript beside it with esbuild (no type checking: tests that run
// are the check), so `node --test` runs it on Node 20, which cannot load .ts. Keeps each file's source map
// to report coverage on the TypeScript lines.

import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Scratch } from "../../../sandbox/index.js";
import { ToolchainUnavailableError } from "../../../toolchains/errors.js";

export interface TranspiledFile {
    /** The TypeScript file, relative to scratch. */
    original: string;
    /** The JavaScript written beside it. */
    output: string;
    /** The source map's `mappings`, from output lines to original lines. */
    mappings: string;
}

export type TranspileResult =
    { kind: "transpiled"; files: TranspiledFile[]; notes: string[] } | { kind: "failed"; message: string };

const outputExtension: Record<string, string> = { ".ts": ".js", ".tsx": ".js", ".mts": ".mjs", ".cts": ".cjs" };

type Esbuild = typeof import("esbuild");
let esbuildModule: Promise<Esbuild> | undefined;

function loadEsbuild(): Promise<Esbuild> {
    esbuildModule ??= import("esbuild").catch((error: unknown) => {
        esbuildModule = undefined;
        throw new ToolchainUnavailableError(
            "javascript",
            `esbuild, which runs TypeScript tests, is not installed (${(error as Error).message}). Run \`npm ci\` in Ponder's folder.`
        );
    });
    return esbuildModule;
}

async function listFiles(root: string, relative = ""): Promise<string[]> {
    const found: string[] = [];
    for (const entry of await readdir(join(root, relative), { withFileTypes: true })) {
        const path = relative ? `${relative}/${entry.name}` : entry.name;
        if (
            entry.isDirectory() &&
            entry.name !== "node_modules" &&
            entry.name !== ".ponder-run" &&
            entry.name !== ".git"
        )
            found.push(...(await listFiles(root, path)));
        else if (entry.isFile()) found.push(path);
    }
    return found;
}

/** The module format a .ts file compiles to: what Node would make of the .js beside it (package.json "type"). */
async function formatFor(scratch: Scratch, path: string): Promise<"esm" | "cjs"> {
    if (path.endsWith(".mts")) return "esm";
    if (path.endsWith(".cts")) return "cjs";
    const parts = path.split("/").slice(0, -1);
    for (let depth = parts.length; depth >= 0; depth--) {
        const manifest = await readFile(join(scratch.path, ...parts.slice(0, depth), "package.json"), "utf8").catch(
            () => undefined
        );
        if (manifest !== undefined) {
            try {
                return (JSON.parse(manifest) as { type?: string }).type === "module" ? "esm" : "cjs";
            } catch {
                return "cjs";
            }
        }
    }
    return "cjs";
}

export async function transpileTypeScript(scratch: Scratch): Promise<TranspileResult> {
    const all = await listFiles(scratch.path);
    const present = new Set(all);
    const sources = all.filter((path) => /\.(ts|tsx|mts|cts)$/.test(path) && !/\.d\.(ts|mts|cts)$/.test(path));
    if (sources.length === 0) return { kind: "transpiled", files: [], notes: [] };
    const esbuild = await loadEsbuild();
    const files: TranspiledFile[] = [];
    const notes: string[] = [];
    const errors: string[] = [];
    for (const original of sources) {
        const extension = /\.[^.]+$/.exec(original)![0];
        const output = original.slice(0, -extension.length) + outputExtension[extension];
        if (present.has(output)) {
            notes.push(`${original} was not compiled: ${output} exists beside it and runs instead.`);
            continue;
        }
        try {
            const result = await esbuild.transform(await readFile(join(scratch.path, original), "utf8"), {
                loader: extension === ".tsx" ? "tsx" : "ts",
                format: await formatFor(scratch, original),
                target: "node20",
                sourcefile: original,
                sourcemap: "external",
                logLevel: "silent"
            });
            await scratch.writeFile(output, result.code);
            files.push({ original, output, mappings: (JSON.parse(result.map) as { mappings: string }).mappings });
        } catch (error) {
            const failures = (
                error as {
                    errors?: {
                        text: string;
                        location?: { file: string; line: number; column: number; lineText: string } | null;
                    }[];
                }
            ).errors;
            if (!failures) throw error;
            for (const failure of failures) {
                const where = failure.location
                    ? `${failure.location.file}:${failure.location.line}:${failure.location.column + 1}: `
                    : `${original}: `;
                errors.push(
                    `${where}error: ${failure.text}${failure.location ? `\n    ${failure.location.lineText}` : ""}`
                );
            }
        }
    }
    return errors.length > 0 ? { kind: "failed", message: errors.join("\n") } : { kind: "transpiled", files, notes };
}
