// Line coverage for JavaScript and TypeScript from node's lcov report. V8 counts every line of a covered
// range, blank lines and comments included; Ponder keeps only lines with code, and maps compiled
// TypeScript back to its own lines through the source map.

import { parseLcov } from "../../../toolchains/lcov.js";
import { mapLineHits } from "../../../toolchains/sourceMapLines.js";
import type { LineCoverage } from "../../../toolchains/TestRunResult.js";
import type { TranspiledFile } from "./transpileTypeScript.js";

/** 1-based lines holding something other than whitespace and comments (strings and templates are respected). */
export function codeLines(source: string): Set<number> {
    const lines = new Set<number>();
    let line = 1;
    let state: "code" | "lineComment" | "blockComment" | "'" | '"' | "`" = "code";
    for (let index = 0; index < source.length; index++) {
        const character = source[index]!;
        const next = source[index + 1];
        if (character === "\n") {
            line++;
            if (state === "lineComment") state = "code";
            if (state === "'" || state === '"') state = "code";
            if (state === "`") lines.add(line);
            continue;
        }
        switch (state) {
            case "code":
                if (character === "/" && next === "/") {
                    state = "lineComment";
                    index++;
                } else if (character === "/" && next === "*") {
                    state = "blockComment";
                    index++;
                } else if (!/\s/.test(character)) {
                    lines.add(line);
                    if (character === "'" || character === '"' || character === "`") state = character;
                }
                break;
            case "blockComment":
                if (character === "*" && next === "/") {
                    state = "code";
                    index++;
                }
                break;
            case "lineComment":
                break;
            default:
                if (character === "\\") index++;
                else if (character === state) state = "code";
        }
    }
    return lines;
}

/**
 * The lcov report to project-relative line coverage. `sources` gives a file's text (for the code-line filter);
 * files Ponder's own or under node_modules are left out.
 */
export function javascriptCoverage(
    lcov: string,
    transpiled: TranspiledFile[],
    sourceOf: (path: string) => string | undefined,
    relativePath: (reported: string) => string
): LineCoverage {
    const byOutput = new Map(transpiled.map((file) => [file.output, file]));
    const coverage: LineCoverage = {};
    for (const [reported, hits] of parseLcov(lcov)) {
        const path = relativePath(reported);
        if (
            path.startsWith(".ponder-run/") ||
            path.startsWith("node_modules/") ||
            path.includes("/node_modules/") ||
            path.startsWith("..")
        )
            continue;
        const compiled = byOutput.get(path);
        if (compiled) {
            const { covered, coverable } = mapLineHits(hits, compiled.mappings);
            coverage[compiled.original] = { coveredLines: covered, coverableLines: coverable };
            continue;
        }
        const source = sourceOf(path);
        const code = source === undefined ? undefined : codeLines(source);
        const coverable = [...hits.keys()].filter((line) => code === undefined || code.has(line)).sort((a, b) => a - b);
        coverage[path] = { coveredLines: coverable.filter((line) => hits.get(line)! > 0), coverableLines: coverable };
    }
    return coverage;
}
