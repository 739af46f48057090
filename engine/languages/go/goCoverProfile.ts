// Reads a Go cover profile (`go test -coverprofile`) into line coverage by file. The profile names files by
// import path (`example.com/m/sub/x.go`) and counts statement blocks, not lines: a line is coverable when a block
// spans it, and covered when any block spanning it ran.

import type { LineCoverage } from "../../toolchains/TestRunResult.js";

/** One block line: `file:startLine.startCol,endLine.endCol statements count`. */
const blockLine = /^(.+):(\d+)\.(\d+),(\d+)\.(\d+) (\d+) (\d+)$/;

/**
 * Line coverage by file relative to the module's root. `modulePath` is go.mod's `module`; `rootInside` is where the
 * module sat during the run, for profiles that name files by absolute path (outside a module). Other files are left out.
 */
export function parseGoCoverProfile(text: string, modulePath: string, rootInside?: string): LineCoverage {
    const lines = new Map<string, { covered: Set<number>; coverable: Set<number> }>();
    for (const line of text.split("\n")) {
        const match = blockLine.exec(line.trim());
        if (!match) continue;
        const file = relativeFile(match[1]!, modulePath, rootInside);
        if (file === undefined) continue;
        const start = Number(match[2]),
            end = Number(match[4]),
            statements = Number(match[6]),
            count = Number(match[7]);
        if (statements === 0) continue;
        let entry = lines.get(file);
        if (!entry) lines.set(file, (entry = { covered: new Set(), coverable: new Set() }));
        for (let number = start; number <= end; number++) {
            entry.coverable.add(number);
            if (count > 0) entry.covered.add(number);
        }
    }
    const coverage: LineCoverage = {};
    for (const [file, { covered, coverable }] of [...lines].sort(([a], [b]) => a.localeCompare(b))) {
        coverage[file] = {
            coveredLines: [...covered].sort((a, b) => a - b),
            coverableLines: [...coverable].sort((a, b) => a - b)
        };
    }
    return coverage;
}

function relativeFile(name: string, modulePath: string, rootInside: string | undefined): string | undefined {
    if (name.startsWith(`${modulePath}/`)) return name.slice(modulePath.length + 1);
    if (rootInside && name.startsWith(`${rootInside}/`)) return name.slice(rootInside.length + 1);
    return undefined;
}
