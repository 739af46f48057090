// What a Go project's files say about how to build it: the module path from go.mod, whether its dependencies are
// vendored, the package (folder) of a file, and which file of a package defines each test function.

import { posix } from "node:path";

/** go.mod's `module` path, or undefined when the text names none. */
export function modulePathOf(goMod: string): string | undefined {
    const match = /^\s*module\s+("([^"]+)"|(\S+))/m.exec(goMod.replace(/\/\/.*$/gm, ""));
    return match ? (match[2] ?? match[3]) : undefined;
}

/**
 * The `-mod` mode a run needs: `vendor` when the project vendors its modules (vendor/modules.txt), else `mod`,
 * which with GOPROXY=off resolves only what the module cache in scratch already holds (nothing: standard library only).
 */
export function moduleMode(files: Iterable<string>): "vendor" | "mod" {
    for (const file of files) if (file === "vendor/modules.txt") return "vendor";
    return "mod";
}

/** The folder of a file, relative to the module root (`.` for the root package). */
export function packageFolderOf(file: string): string {
    return posix.dirname(file);
}

/** A package's import path from its folder. */
export function importPathOf(modulePath: string, folder: string): string {
    return folder === "." || folder === "" ? modulePath : `${modulePath}/${folder}`;
}

/** The folder of a package, relative to the module root, from its import path; undefined when outside the module. */
export function folderOfImportPath(modulePath: string, importPath: string): string | undefined {
    if (importPath === modulePath) return ".";
    return importPath.startsWith(`${modulePath}/`) ? importPath.slice(modulePath.length + 1) : undefined;
}

/** True for a file `go test` compiles as a test file. */
export function isGoTestFile(path: string): boolean {
    return path.endsWith("_test.go") && !posix.basename(path).startsWith("_") && !posix.basename(path).startsWith(".");
}

const testFunction = /^func\s+((Test|Example|Benchmark|Fuzz)([^a-z\W]\w*)?)\s*\(/gm;

/** The top-level test functions a `_test.go` file declares, in order (what `go test -run` and `-list` name). */
export function testFunctionsOf(text: string): string[] {
    return [...text.matchAll(testFunction)].map((match) => match[1]!);
}
