// ES module imports in kept tests: `import { a, b } from "m"` lines of one module merged into one (a name imported
// twice is a redeclaration), and an existing file's import of a module extended rather than imported twice.

import type { TextEdit } from "../../analysis/index.js";

/** `import { a, b as c } from "m";` read as its module and its names; undefined for any other import. */
function namedImport(line: string): { module: string; names: string[]; semicolon: boolean } | undefined {
    const match = /^import\s*\{([^}]*)\}\s*from\s*(["'][^"']+["'])\s*(;?)\s*$/.exec(line.trim());
    if (!match) return undefined;
    return {
        module: match[2]!,
        names: match[1]!
            .split(",")
            .map((n) => n.trim().replace(/\s+/g, " "))
            .filter((n) => n !== ""),
        semicolon: match[3] === ";"
    };
}

function namedImportLine(module: string, names: string[], semicolon = true): string {
    return `import { ${names.join(", ")} } from ${module}${semicolon ? ";" : ""}`;
}

/** Named imports of one module merged into one line; other imports kept as they are. */
export function mergeNamedImports(imports: string[]): string[] {
    const merged: string[] = [];
    const lineOf = new Map<string, number>();
    const namesOf = new Map<string, string[]>();
    for (const line of imports) {
        const named = namedImport(line);
        if (!named) {
            merged.push(line);
            continue;
        }
        const key = named.module.slice(1, -1);
        const names = namesOf.get(key);
        if (names === undefined) {
            lineOf.set(key, merged.length);
            namesOf.set(key, [...new Set(named.names)]);
            merged.push(line);
        } else {
            for (const name of named.names) if (!names.includes(name)) names.push(name);
        }
    }
    for (const [key, index] of lineOf) {
        const named = namedImport(merged[index]!)!;
        merged[index] = namedImportLine(named.module, namesOf.get(key)!, named.semicolon);
    }
    return merged;
}

/** A module the file already imports from: its import line gains the names it lacks, not a second import. */
export function extendNamedImports(
    existing: string,
    missingImports: string[]
): { edits: TextEdit[]; missing: string[] } {
    let missing = missingImports;
    const edits: TextEdit[] = [];
    let lineStart = 0;
    for (const line of existing.split("\n")) {
        const present = namedImport(line);
        if (present) {
            const module = present.module.slice(1, -1);
            const wanted = missing
                .map((m) => namedImport(m))
                .filter((m) => m !== undefined && m.module.slice(1, -1) === module);
            if (wanted.length > 0) {
                const names = [...present.names];
                for (const name of wanted.flatMap((m) => m!.names)) if (!names.includes(name)) names.push(name);
                if (names.length > present.names.length) {
                    const indent = /^\s*/.exec(line)![0];
                    edits.push({
                        start: lineStart,
                        end: lineStart + line.replace(/\r$/, "").length,
                        newText: indent + namedImportLine(present.module, names, present.semicolon)
                    });
                }
                missing = missing.filter((m) => namedImport(m)?.module.slice(1, -1) !== module);
            }
        }
        lineStart += line.length + 1;
    }
    return { edits, missing };
}
