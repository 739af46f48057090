// Evidence from static references: the names a failing test's code uses, resolved to functions of the workspace,
// then the names those use, up to three hops (the bug often sits in a helper of another module than the one the
// test calls). A name is resolved by where it can come from: the same file, the same folder (a Go package), a module
// the file imports, else anywhere when few functions carry it.

import { folderOf, functionKey, type IndexedFunction, type SourceIndex } from "./SourceIndex.js";

export interface ReferenceFinding {
    fn: IndexedFunction;
    /** 1: the test calls it; 2: something the test calls calls it; 3 at most. */
    hops: number;
    /** The test, then each function on the way, qualified. */
    path: string[];
    strength: number;
}

/** How far references are followed from a test. */
export const mostHops = 3;
/** A name carried by more functions than this, with nothing to choose between them, is not followed (`get`, `run`). */
const mostNamesakes = 4;
/** What a hop keeps of the evidence: the test's direct callee most, yet a helper two calls away still counts. */
const hopWeight = [0, 1, 0.85, 0.7];

/** True when an import's module names the file: `shop.pricing`, `./pricing.js`, `crate::pricing`, `../shop/pricing`. */
function importNames(source: string, path: string): boolean {
    const module = source
        .replace(/\.[cm]?[jt]sx?$/, "")
        .replace(/::|\./g, "/")
        .replace(/^(\/)+/, "")
        .split("/")
        .filter((part) => part !== "" && part !== "crate" && part !== "super" && part !== "self");
    const file = path.replace(/\.[^./]+$/, "").replace(/\/(index|mod|__init__)$/, "");
    return (
        module.length > 0 &&
        (file === module.join("/") || file.endsWith(`/${module.join("/")}`) || file.split("/").pop() === module.at(-1))
    );
}

/** The functions a name used in `from` may refer to, each with the share of the evidence it gets. */
export function resolveName(
    index: SourceIndex,
    name: string,
    from: IndexedFunction
): { fn: IndexedFunction; share: number }[] {
    const namesakes = index.functionsNamed(name).filter((fn) => functionKey(fn) !== functionKey(from));
    if (namesakes.length === 0) return [];
    const imports = index.files.get(from.file)?.importSources ?? [];
    const preferences = [
        namesakes.filter((fn) => fn.file === from.file),
        namesakes.filter((fn) => folderOf(fn.file) === folderOf(from.file)),
        namesakes.filter((fn) => imports.some((source) => importNames(source, fn.file)))
    ];
    const chosen =
        preferences.find((found) => found.length > 0) ?? (namesakes.length <= mostNamesakes ? namesakes : []);
    return chosen.map((fn) => ({ fn, share: 1 / chosen.length }));
}

export function referenceEvidence(
    index: SourceIndex,
    tests: readonly IndexedFunction[]
): Map<string, ReferenceFinding> {
    const byFunction = new Map<string, ReferenceFinding>();
    for (const test of tests) {
        let frontier: { fn: IndexedFunction; path: string[]; share: number }[] = [
            { fn: test, path: [test.qualifiedName], share: 1 }
        ];
        const seen = new Set<string>([functionKey(test)]);
        for (let hops = 1; hops <= mostHops && frontier.length > 0; hops++) {
            const next: typeof frontier = [];
            for (const { fn: caller, path, share } of frontier) {
                for (const name of caller.usedNames) {
                    for (const { fn, share: nameShare } of resolveName(index, name, caller)) {
                        const key = functionKey(fn);
                        if (seen.has(key)) continue;
                        seen.add(key);
                        const reached = { fn, path: [...path, fn.qualifiedName], share: share * nameShare };
                        next.push(reached);
                        const strength = hopWeight[hops]! * reached.share;
                        const known = byFunction.get(key);
                        if (!known || known.strength < strength)
                            byFunction.set(key, { fn, hops, path: reached.path, strength });
                    }
                }
            }
            frontier = next;
        }
    }
    return byFunction;
}
