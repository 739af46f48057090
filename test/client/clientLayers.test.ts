// DESIGN.md's layer table for the extension's side: client/ imports only vscode, vscode-languageclient and
// protocol/; media/ (the panel's browser code) imports nothing at run time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

function sources(dir: string, pattern: RegExp): string[] {
    return readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? sources(path, pattern) : pattern.test(name) ? [path] : [];
    });
}

function imports(file: string): string[] {
    const text = readFileSync(file, "utf8");
    return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)/g)]
        .map((m) => (m[1] ?? m[2] ?? m[3])!);
}

test("client/ imports only vscode, vscode-languageclient, esbuild (its bundle script), node built-ins and protocol/", () => {
    const allowed = /^(vscode|vscode-languageclient(\/node\.js)?|esbuild|node:.*|\.\.\/protocol\/index\.js|\.\/[A-Za-z]+\.js)$/;
    const violations = sources("client", /\.(ts|mjs)$/).flatMap((file) => imports(file).filter((s) => !allowed.test(s)).map((s) => `${file} imports ${s}`));
    assert.deepEqual(violations, []);
});

test("media/ loads no modules: the panel is plain DOM", () => {
    const violations = sources("media", /\.js$/).flatMap((file) => imports(file).map((s) => `${file} imports ${s}`));
    assert.deepEqual(violations, []);
});
