// Invariants of the job pipeline, checked on the product's sources by TypeScript's type checker, so that an
// alias, a re-export or a structural type cannot slip past a name: the front ends (bin/, server/) run jobs only
// through the engine's `runJob`, never a chain, a job kind's run or the expert loop directly; the bubblewrap
// sandbox is the only class the product has that is a Sandbox; the model runtime interface holds no
// node-llama-cpp type; and the client's program holds no engine file. Each check also runs on a copy of the
// sources with violations injected in memory, and must find every one of them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import {
    exportOf,
    nodesOf,
    placeOf,
    repoPath,
    repoRoot,
    resolvedSymbol,
    typedProgram,
    type TypedProgram
} from "./support/typedProgram.js";

/** Where the names the checks look up are exported: the engine's test entry re-exports every one of them. */
const testEntry = "engine/testing.ts";
const productFolders = ["engine", "bin", "server", "client"];

const productSources = (typed: TypedProgram, folders: string[]): ts.SourceFile[] =>
    typed.program
        .getSourceFiles()
        .filter((source) => folders.some((folder) => repoPath(source.fileName).startsWith(`${folder}/`)));

/** Declarations a front end must not reach: the chain runners, the expert loop and the job kinds' runs. */
function bypassDeclarations(typed: TypedProgram): Set<ts.Declaration> {
    const symbols = ["runFixChain", "runTestsChain", "runPortChain", "runWithExperts", "jobKinds"].map((name) =>
        exportOf(typed, testEntry, name)
    );
    const jobKindRun = exportOf(typed, testEntry, "JobKindDescriptor").members?.get("run" as ts.__String);
    if (!jobKindRun) throw new Error("JobKindDescriptor has no run member: update the invariant test with the code");
    return new Set([...symbols, jobKindRun].flatMap((symbol) => symbol.declarations ?? []));
}

/** Every place in bin/ or server/ that names a bypass, by whatever alias; and how many calls go to runJob. */
function frontEndBypasses(typed: TypedProgram): { bypasses: string[]; runJobCalls: number } {
    const forbidden = bypassDeclarations(typed);
    const runJob = exportOf(typed, testEntry, "runJob");
    const bypasses = new Set<string>();
    let runJobCalls = 0;
    for (const source of productSources(typed, ["bin", "server"])) {
        for (const node of nodesOf(source)) {
            if (!ts.isIdentifier(node)) continue;
            const symbol = resolvedSymbol(typed.checker, node);
            if (symbol?.declarations?.some((declaration) => forbidden.has(declaration)))
                bypasses.add(`${placeOf(node)}: ${node.text}`);
            if (symbol === runJob && ts.isCallExpression(node.parent) && node.parent.expression === node) runJobCalls++;
        }
    }
    return { bypasses: [...bypasses], runJobCalls };
}

/**
 * Every class in the product whose instances are Sandboxes, by structure, whether or not it says `implements`;
 * and every object literal that is one (a Sandbox needs no class).
 */
function sandboxClasses(typed: TypedProgram): string[] {
    const sandbox = typed.checker.getDeclaredTypeOfSymbol(exportOf(typed, testEntry, "Sandbox"));
    // `any` is assignable to everything and says nothing of a shape.
    const isSandbox = (node: ts.Node): boolean => {
        const type = typed.checker.getTypeAtLocation(node);
        return (type.flags & ts.TypeFlags.Any) === 0 && typed.checker.isTypeAssignableTo(type, sandbox);
    };
    return productSources(typed, productFolders).flatMap((source) =>
        nodesOf(source).flatMap((node) => {
            if ((ts.isClassDeclaration(node) || ts.isClassExpression(node)) && isSandbox(node))
                return [`${repoPath(source.fileName)}: ${node.name?.text ?? "(anonymous)"}`];
            if (ts.isObjectLiteralExpression(node) && isSandbox(node)) return [`${placeOf(node)}: an object literal`];
            return [];
        })
    );
}

const fromNodeLlamaCpp = (symbol: ts.Symbol | undefined): boolean =>
    (symbol?.declarations ?? []).some((declaration) =>
        declaration.getSourceFile().fileName.includes("/node_modules/node-llama-cpp/")
    );

/** Every name in ModelRuntime.ts, and every export of it, whose declaration is node-llama-cpp's. */
function runtimeInterfaceLeaks(typed: TypedProgram): string[] {
    const path = "engine/runtime/ModelRuntime.ts";
    const source = typed.source(path);
    const named = nodesOf(source)
        .filter(ts.isIdentifier)
        .filter((node) => fromNodeLlamaCpp(resolvedSymbol(typed.checker, node)))
        .map((node) => `${placeOf(node)}: ${node.text}`);
    const moduleSymbol = typed.checker.getSymbolAtLocation(source);
    const exported = (moduleSymbol ? typed.checker.getExportsOfModule(moduleSymbol) : [])
        .filter((symbol) =>
            fromNodeLlamaCpp(symbol.flags & ts.SymbolFlags.Alias ? typed.checker.getAliasedSymbol(symbol) : symbol)
        )
        .map((symbol) => `${path} exports ${symbol.name}`);
    return [...new Set([...named, ...exported])];
}

/** Engine and node-llama-cpp files in the client's program: the extension must never load the model. */
function clientModelFiles(typed: TypedProgram): string[] {
    return typed.program
        .getSourceFiles()
        .map((source) => source.fileName)
        .filter((file) => repoPath(file).startsWith("engine/") || file.includes("/node_modules/node-llama-cpp/"))
        .map(repoPath);
}

const product = typedProgram(productFolders);

test("bin/ and server/ run jobs only through runJob", () => {
    const { bypasses, runJobCalls } = frontEndBypasses(product);
    assert.deepEqual(bypasses, []);
    assert.equal(runJobCalls, 2, "one runJob call in the CLI's job runner and one in the server's");
});

test("the product's only Sandbox is the bubblewrap one", () => {
    assert.deepEqual(sandboxClasses(product), ["engine/sandbox/Sandbox.ts: BubblewrapSandbox"]);
});

test("the model runtime interface holds no node-llama-cpp type", () => {
    assert.deepEqual(runtimeInterfaceLeaks(product), []);
});

test("the client's program holds no engine or node-llama-cpp file", () => {
    const client = typedProgram(["client"]);
    assert.ok(
        client.program.getSourceFiles().some((source) => repoPath(source.fileName) === "client/extension.ts"),
        "the client is in its program"
    );
    assert.deepEqual(clientModelFiles(client), []);
});

const appended = (path: string, code: string): Record<string, string> => ({
    [path]: `${readFileSync(join(repoRoot, path), "utf8")}\n${code}\n`
});

/** Violations a reviewer injected that name-matching checks let pass: each check must now find its own. */
const injected: Record<string, string> = {
    // A job kind's run called directly from the server's job code.
    ...appended(
        "server/expertJob.ts",
        `import { jobKinds as kinds } from "../engine/experts/jobKinds.js";\n` +
            `export const directFix = (request: any, deps: any) => kinds.fix.run(request, deps);`
    ),
    // The fix chain under another name.
    ...appended(
        "bin/commands/fixCommand.ts",
        `import { runFixChain as r } from "../../engine/chains/fix/runFixChain.js";\n` +
            `export const aliasedFix = (request: any, deps: any) => r(request, deps);`
    ),
    // A job kind's spec reached through a variable of its type.
    "server/KindRunner.ts":
        `import type { JobKindSpec } from "../engine/experts/jobKinds.js";\n` +
        `export const runKind = (spec: JobKindSpec<"tests">, request: any, deps: any) => spec.run(request, deps);\n`,
    // A class with a Sandbox's shape that never says `implements Sandbox`, and a subclass of the real one.
    "server/ShapedSandbox.ts":
        `import type { SandboxRunRequest, SandboxRunResult } from "../engine/sandbox/index.js";\n` +
        `import type { Scratch, ScratchInputs } from "../engine/sandbox/Scratch.js";\n` +
        `import { BubblewrapSandbox } from "../engine/sandbox/Sandbox.js";\n` +
        `export class ShapedSandbox {\n` +
        `    readonly mode = "unsandboxed" as const; readonly limitsBy = "rlimit" as const; readonly warning = undefined;\n` +
        `    createScratch(inputs?: ScratchInputs): Promise<Scratch> { throw new Error(String(inputs)); }\n` +
        `    runOnce(inputs: ScratchInputs, request: SandboxRunRequest): Promise<SandboxRunResult> { throw new Error(String([inputs, request])); }\n` +
        `    pathInside(scratch: Scratch): string { return String(scratch); }\n` +
        `    run(scratch: Scratch, request: SandboxRunRequest): Promise<SandboxRunResult> { throw new Error(String([scratch, request])); }\n` +
        `    async dispose(): Promise<void> {}\n` +
        `}\n` +
        `export class LooseBubblewrap extends BubblewrapSandbox {}\n` +
        `const shaped = ShapedSandbox.prototype;\n` +
        `export const literalSandbox = { mode: "fake" as const, limitsBy: "rlimit" as const, warning: undefined, createScratch: shaped.createScratch,\n` +
        `    runOnce: shaped.runOnce, pathInside: shaped.pathInside, run: shaped.run, dispose: shaped.dispose };\n`,
    // node-llama-cpp's types through the runtime interface: re-exported, and inside a type of its own.
    ...appended(
        "engine/runtime/ModelRuntime.ts",
        `export type { LlamaModel } from "node-llama-cpp";\n` +
            `export type LoadedContext = { context: import("node-llama-cpp").LlamaContext };`
    )
};

test("each check finds the violations injected into a copy of the sources", () => {
    const violated = typedProgram(productFolders, injected, product);
    const { bypasses } = frontEndBypasses(violated);
    for (const [place, name] of [
        ["server/expertJob.ts", "kinds"],
        ["server/expertJob.ts", "run"],
        ["bin/commands/fixCommand.ts", "r"],
        ["server/KindRunner.ts", "run"]
    ]) {
        assert.ok(
            bypasses.some((found) => found.startsWith(`${place}:`) && found.endsWith(`: ${name}`)),
            `${place} ${name} in ${JSON.stringify(bypasses)}`
        );
    }
    assert.deepEqual(sandboxClasses(violated).sort(), [
        "engine/sandbox/Sandbox.ts: BubblewrapSandbox",
        "server/ShapedSandbox.ts: LooseBubblewrap",
        "server/ShapedSandbox.ts: ShapedSandbox",
        "server/ShapedSandbox.ts:14: an object literal"
    ]);
    const leaks = runtimeInterfaceLeaks(violated);
    assert.ok(leaks.includes("engine/runtime/ModelRuntime.ts exports LlamaModel"), JSON.stringify(leaks));
    assert.ok(
        leaks.some((leak) => leak.endsWith(": LlamaContext")),
        JSON.stringify(leaks)
    );
});

test("the client check finds an engine file the client's program reaches", () => {
    const client = typedProgram(["client"], {
        "client/modelInClient.ts": `import type { ModelRuntime } from "../engine/runtime/ModelRuntime.js";\nexport let runtime: ModelRuntime | undefined;\n`
    });
    assert.ok(
        clientModelFiles(client).includes("engine/runtime/ModelRuntime.ts"),
        JSON.stringify(clientModelFiles(client))
    );
});
