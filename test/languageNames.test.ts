// Language knowledge lives in engine/languages/: this test reads engine/ (outside it), server/ and bin/ with
// TypeScript's parser and counts the places that branch on a language's name (`=== "python"`, `case "rust":`,
// an object keyed by language names, `["typescript", "tsx"].includes(…)`). The goal is none outside
// engine/languages; chains, server and bin hold none today.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** The names a branch on a language would compare against (fence tags such as `py` are data of a language folder). */
const languageNames: ReadonlySet<string> = new Set([
    "python",
    "typescript",
    "tsx",
    "javascript",
    "ecmascript",
    "rust",
    "go"
]);

interface LanguageComparison {
    file: string;
    line: number;
    text: string;
}

function isLanguageName(node: ts.Node | undefined): boolean {
    return (
        node !== undefined &&
        (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
        languageNames.has(node.text)
    );
}

function propertyNameIsLanguage(name: ts.PropertyName): boolean {
    return (ts.isIdentifier(name) || ts.isStringLiteral(name)) && languageNames.has(name.text);
}

const comparisonOperators = new Set([
    ts.SyntaxKind.EqualsEqualsEqualsToken,
    ts.SyntaxKind.ExclamationEqualsEqualsToken,
    ts.SyntaxKind.EqualsEqualsToken,
    ts.SyntaxKind.ExclamationEqualsToken
]);

/** True when `node` branches on a language's name. */
function comparesLanguageName(node: ts.Node): boolean {
    if (ts.isBinaryExpression(node) && comparisonOperators.has(node.operatorToken.kind)) {
        return isLanguageName(node.left) || isLanguageName(node.right);
    }
    if (ts.isCaseClause(node)) return isLanguageName(node.expression);
    // A table keyed by language names: one count per table, not per key.
    if (ts.isObjectLiteralExpression(node) || ts.isTypeLiteralNode(node)) {
        return node
            .getChildren()
            .flatMap((c) => c.getChildren())
            .some(
                (member) =>
                    (ts.isPropertyAssignment(member) ||
                        ts.isShorthandPropertyAssignment(member) ||
                        ts.isMethodDeclaration(member) ||
                        ts.isPropertySignature(member)) &&
                    propertyNameIsLanguage(member.name)
            );
    }
    // `["typescript", "tsx"].includes(language)`, `new Set(["rust"]).has(…)`.
    if (ts.isArrayLiteralExpression(node)) {
        const parent = node.parent;
        const used =
            (ts.isPropertyAccessExpression(parent) && parent.expression === node) ||
            (ts.isNewExpression(parent) && parent.arguments?.includes(node));
        return !!used && node.elements.some((element) => isLanguageName(element));
    }
    return false;
}

/** Every language comparison in the TypeScript text of `file`. */
export function languageComparisons(file: string, text: string): LanguageComparison[] {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const found: LanguageComparison[] = [];
    const visit = (node: ts.Node): void => {
        if (comparesLanguageName(node)) {
            const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
            found.push({ file, line, text: node.getText(source).split("\n")[0]!.slice(0, 100) });
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}

function typeScriptFiles(dir: string): string[] {
    const files: string[] = [];
    for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) files.push(...typeScriptFiles(path));
        else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) files.push(path);
    }
    return files;
}

/** Comparisons per folder (engine's second level: `engine/chains`, …; `server`, `bin`), outside engine/languages. */
function comparisonsByFolder(): Map<string, LanguageComparison[]> {
    const byFolder = new Map<string, LanguageComparison[]>();
    for (const top of ["engine", "server", "bin"]) {
        for (const path of typeScriptFiles(join(repoRoot, top))) {
            const file = relative(repoRoot, path).split("\\").join("/");
            if (file.startsWith("engine/languages/")) continue;
            const parts = file.split("/");
            const folder = top === "engine" && parts.length > 2 ? `${parts[0]}/${parts[1]}` : top;
            const found = languageComparisons(file, readFileSync(path, "utf8"));
            if (found.length > 0) byFolder.set(folder, [...(byFolder.get(folder) ?? []), ...found]);
        }
    }
    return byFolder;
}

test("the counter finds each form of language branch and nothing else", () => {
    const found = languageComparisons(
        "x.ts",
        [
            'if (language === "python") a();',
            'if ("rust" !== language) a();',
            'switch (language) { case "tsx": break; case "other": break; }',
            "const table = { python: 1, rust: 2 };",
            'const ok = ["typescript", "tsx"].includes(language);',
            'const set = new Set(["go"]);',
            'import ts from "typescript";',
            'const request = { language: "python" };',
            'if (kind === "fix") a();'
        ].join("\n")
    );
    assert.deepEqual(
        found.map((f) => f.line),
        [1, 2, 3, 4, 5, 6]
    );
});

/**
 * FIXME: the language-name comparisons still outside engine/languages, per file (the test fails when one goes, so
 * the list only shrinks); each is language knowledge to move behind LanguageSupport (analysis: into `LanguageSyntax`,
 * which it already receives; the port judge: into the port's `TargetBackend`).
 */
const knownComparisons: Record<string, number> = {
    "engine/analysis/buildCodeContext.ts": 1,
    "engine/analysis/classifyCodeBlock.ts": 3,
    "engine/analysis/ensureTestImportsTarget.ts": 6,
    "engine/analysis/existingTests.ts": 7,
    "engine/analysis/imports.ts": 2,
    "engine/analysis/mapReplacementToEdits.ts": 4,
    "engine/analysis/parseSnippet.ts": 2,
    "engine/bench/judgePort.ts": 1
};

test("nothing outside engine/languages branches on a language's name but the known remainder", () => {
    const byFolder = comparisonsByFolder();
    const counts = Object.fromEntries([...byFolder].map(([folder, found]) => [folder, found.length]).sort());
    // The figure for the report: comparisons per folder outside engine/languages.
    console.log(`language-name comparisons outside engine/languages: ${JSON.stringify(counts)}`);
    const mustBeZero = [...byFolder].filter(
        ([folder]) => folder === "engine/chains" || folder === "server" || folder === "bin"
    );
    assert.deepEqual(
        mustBeZero.flatMap(([, found]) => found.map((f) => `${f.file}:${f.line} ${f.text}`)),
        []
    );
    const perFile: Record<string, number> = {};
    for (const found of byFolder.values()) for (const f of found) perFile[f.file] = (perFile[f.file] ?? 0) + 1;
    assert.deepEqual(perFile, knownComparisons, JSON.stringify([...byFolder.values()].flat(), null, 1));
});
