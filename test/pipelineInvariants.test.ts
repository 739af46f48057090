// Invariants of the job pipeline that a test can say, checked on the product's sources with TypeScript's parser:
// the front ends (bin/, server/) run jobs only through the engine's `runJob`, never a chain or the expert loop
// directly; the bubblewrap sandbox is the only Sandbox the product implements; and the model runtime interface
// holds no node-llama-cpp type, so recorded and remote runtimes fit behind it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import ts from "typescript";
import { importsOf } from "./support/importsOf.js";

async function sourcesUnder(folder: string): Promise<string[]> {
    const found: string[] = [];
    for (const entry of await readdir(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) found.push(...await sourcesUnder(path));
        else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) found.push(path);
    }
    return found;
}

/** Names called as functions, and the interfaces classes implement, in one source. */
function shapeOf(text: string, fileName: string): { calls: string[]; implemented: { className: string; interfaces: string[] }[] } {
    const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
    const calls: string[] = [];
    const implemented: { className: string; interfaces: string[] }[] = [];
    const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) calls.push(node.expression.text);
        if (ts.isClassDeclaration(node)) {
            const interfaces = (node.heritageClauses ?? []).filter((c) => c.token === ts.SyntaxKind.ImplementsKeyword)
                .flatMap((c) => c.types.map((t) => t.expression.getText()));
            implemented.push({ className: node.name?.text ?? "(anonymous)", interfaces });
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return { calls, implemented };
}

test("the shape finder sees calls and implemented interfaces, not comments or strings", () => {
    const shape = shapeOf(`// runFixChain(x)\nconst s = "runWithExperts()";\nrunJob("fix", r, s);\nclass A implements Sandbox, Other {}\n`, "x.ts");
    assert.deepEqual(shape.calls, ["runJob"]);
    assert.deepEqual(shape.implemented, [{ className: "A", interfaces: ["Sandbox", "Other"] }]);
});

test("bin/ and server/ run jobs only through runJob", async () => {
    const bypasses = ["runFixChain", "runTestsChain", "runPortChain", "runWithExperts"];
    const found: string[] = [];
    let viaRunJob = 0;
    for (const file of [...await sourcesUnder("bin"), ...await sourcesUnder("server")]) {
        const { calls } = shapeOf(await readFile(file, "utf8"), file);
        found.push(...calls.filter((name) => bypasses.includes(name)).map((name) => `${file}: ${name}`));
        viaRunJob += calls.filter((name) => name === "runJob").length;
    }
    assert.deepEqual(found, []);
    assert.equal(viaRunJob, 2, "one runJob call in the CLI's job runner and one in the server's");
});

test("the product's only Sandbox is the bubblewrap one", async () => {
    const sandboxes: string[] = [];
    for (const folder of ["engine", "server", "bin", "client"]) {
        for (const file of await sourcesUnder(folder)) {
            for (const { className, interfaces } of shapeOf(await readFile(file, "utf8"), file).implemented)
                if (interfaces.includes("Sandbox")) sandboxes.push(`${file}: ${className}`);
        }
    }
    assert.deepEqual(sandboxes, ["engine/sandbox/Sandbox.ts: BubblewrapSandbox"]);
});

test("the model runtime interface imports no node-llama-cpp type", async () => {
    const imports = importsOf(await readFile("engine/runtime/ModelRuntime.ts", "utf8"), "ModelRuntime.ts").map((i) => i.specifier);
    assert.ok(imports.every((specifier) => specifier !== undefined && !specifier.startsWith("node-llama-cpp")), JSON.stringify(imports));
});
