// The layer table of DESIGN.md as a test: each top folder may import only what its row allows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

function sources(dir: string): string[] {
    const found: string[] = [];
    for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) found.push(...sources(path));
        else if (/\.ts$/.test(name) && !name.endsWith(".d.ts")) found.push(path);
    }
    return found;
}

function imports(file: string): string[] {
    const text = readFileSync(file, "utf8");
    return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => (m[1] ?? m[2])!);
}

/** For each layer: a rule that says whether an import specifier is allowed, and why not. */
const rules: Record<string, (specifier: string) => string | undefined> = {
    engine: (s) => /^vscode|^(\.\.\/)+(server|client|protocol|bin|media)\b/.test(s) ? "the engine knows nothing of editors, LSP or the CLI" : undefined,
    protocol: (s) => /^(\.\.\/)+(engine|server|client|bin)\b/.test(s) || /node-llama-cpp|web-tree-sitter|^node:/.test(s) ? "protocol holds shared types only" : undefined,
    server: (s) => /^(\.\.\/)+engine\/(?!index\.js$)/.test(s) ? "the server uses the engine through engine/index.ts only"
        : /^(\.\.\/)+(client|bin)\b|^vscode$|node-llama-cpp/.test(s) ? "the server reaches the model through the engine, never the client or the CLI" : undefined,
    bin: (s) => /^(\.\.\/)+engine\/(?!index\.js$)/.test(s) ? "the CLI uses the engine through engine/index.ts only"
        : /^vscode|node-llama-cpp/.test(s) ? "the CLI goes through the engine" : undefined
};

test("every import respects the layer table", () => {
    const violations: string[] = [];
    for (const [layer, rule] of Object.entries(rules)) {
        let files: string[] = [];
        try { files = sources(layer); } catch { continue; }
        for (const file of files) for (const specifier of imports(file)) {
            const why = rule(specifier);
            if (why) violations.push(`${file} imports ${specifier}: ${why}`);
        }
    }
    assert.deepEqual(violations, []);
});

test("the layer check catches a violation", () => {
    assert.ok(rules["engine"]!("vscode-languageserver/node"));
    assert.ok(rules["server"]!("../engine/runtime/local/LocalModelRuntime.js"));
    assert.equal(rules["server"]!("../engine/index.js"), undefined);
});
