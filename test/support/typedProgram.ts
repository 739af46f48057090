// A type-checked TypeScript program over the product's sources, for invariant tests that must follow symbols
// (an aliased import, a re-export, a class shaped like an interface) rather than match names. Sources can be
// replaced or added in memory, so a test can inject a violation and check that its check fails.

import { readdirSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

export const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

/** The TypeScript sources (not declarations) under a repo-relative folder, as absolute paths. */
export function tsSourcesUnder(folder: string): string[] {
    const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((name) => {
            const path = join(dir, name);
            if (statSync(path).isDirectory()) return walk(path);
            return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [path] : [];
        });
    return walk(join(repoRoot, folder));
}

/** A source's path relative to the repository, with `/`. */
export function repoPath(file: string): string {
    return relative(repoRoot, file).split(sep).join("/");
}

function compilerOptions(): ts.CompilerOptions {
    const configFile = join(repoRoot, "tsconfig.base.json");
    const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
    const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, repoRoot, configFile);
    // One program over several projects: no project references, no output.
    return { ...options, composite: false, declaration: false, noEmit: true, incremental: false };
}

export interface TypedProgram {
    program: ts.Program;
    checker: ts.TypeChecker;
    /** The program's source file at a repo-relative path; throws when the program does not hold it. */
    source(path: string): ts.SourceFile;
}

/**
 * A program over the sources of `folders` (repo-relative), where `overrides` (repo-relative path → text) replace
 * a file's text or add a file (`reuse`: an earlier program whose unchanged files it keeps). Type errors do not stop it: the checks read symbols, and an injected violation
 * need not compile.
 */
export function typedProgram(
    folders: string[],
    overrides: Record<string, string> = {},
    reuse?: TypedProgram
): TypedProgram {
    const options = compilerOptions();
    const host = ts.createCompilerHost(options, true);
    const injected = new Map(Object.entries(overrides).map(([path, text]) => [resolve(repoRoot, path), text]));
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.readFile = (file) => injected.get(resolve(file)) ?? readFile(file);
    host.fileExists = (file) => injected.has(resolve(file)) || fileExists(file);
    host.getSourceFile = (file, languageVersion, onError, shouldCreate) => {
        const text = injected.get(resolve(file));
        return text !== undefined
            ? ts.createSourceFile(file, text, languageVersion, true)
            : getSourceFile(file, languageVersion, onError, shouldCreate);
    };
    const roots = [...new Set([...folders.flatMap(tsSourcesUnder), ...injected.keys()])];
    // Reusing an earlier program keeps its parsed files, so an injected copy costs only the files it changes.
    const program = ts.createProgram(roots, options, host, reuse?.program);
    return {
        program,
        checker: program.getTypeChecker(),
        source(path: string): ts.SourceFile {
            const found = program.getSourceFile(resolve(repoRoot, path));
            if (!found) throw new Error(`the program holds no ${path}`);
            return found;
        }
    };
}

/** The symbol a name stands for, through import and export aliases. */
export function resolvedSymbol(checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
    const symbol = checker.getSymbolAtLocation(node);
    if (!symbol) return undefined;
    return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** An exported symbol of a module, by repo-relative path and name, through aliases; throws when it is missing. */
export function exportOf(typed: TypedProgram, path: string, name: string): ts.Symbol {
    const moduleSymbol = typed.checker.getSymbolAtLocation(typed.source(path));
    const found = moduleSymbol && typed.checker.getExportsOfModule(moduleSymbol).find((s) => s.name === name);
    if (!found) throw new Error(`${path} exports no ${name}: update the invariant test with the code`);
    return found.flags & ts.SymbolFlags.Alias ? typed.checker.getAliasedSymbol(found) : found;
}

/** Every node of a source, depth first. */
export function nodesOf(source: ts.SourceFile): ts.Node[] {
    const nodes: ts.Node[] = [];
    const visit = (node: ts.Node): void => {
        nodes.push(node);
        ts.forEachChild(node, visit);
    };
    visit(source);
    return nodes;
}

/** `file:line` of a node, repo-relative. */
export function placeOf(node: ts.Node): string {
    const source = node.getSourceFile();
    return `${repoPath(source.fileName)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
}
