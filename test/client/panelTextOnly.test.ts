// The side panel's page (media/) inserts model text only as text: no HTML sink (innerHTML, outerHTML,
// insertAdjacentHTML, document.write, DOMParser, createContextualFragment, setHTMLUnsafe, srcdoc) appears in its
// code. Found by TypeScript's parser, so a comment or a string that names a sink does not count.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const mediaFolder = fileURLToPath(new URL("../../../media/", import.meta.url));
const htmlSinks = new Set([
    "innerHTML",
    "outerHTML",
    "insertAdjacentHTML",
    "write",
    "writeln",
    "DOMParser",
    "createContextualFragment",
    "setHTMLUnsafe",
    "srcdoc",
    "parseHTMLUnsafe"
]);

/** The HTML sinks a source names in code (property accesses, element accesses by string, identifiers). */
function htmlSinksIn(source: string): string[] {
    const file = ts.createSourceFile("page.ts", source, ts.ScriptTarget.Latest, true);
    const found: string[] = [];
    const visit = (node: ts.Node): void => {
        if (ts.isIdentifier(node) && htmlSinks.has(node.text)) found.push(node.text);
        else if (
            ts.isElementAccessExpression(node) &&
            ts.isStringLiteralLike(node.argumentExpression) &&
            htmlSinks.has(node.argumentExpression.text)
        )
            found.push(node.argumentExpression.text);
        ts.forEachChild(node, visit);
    };
    visit(file);
    return found;
}

test("the check finds each HTML sink in code and none in comments or strings", () => {
    const cases: [source: string, sinks: string[]][] = [
        [`node.innerHTML = text;`, ["innerHTML"]],
        [`node["outerHTML"] = text;`, ["outerHTML"]],
        [`node.insertAdjacentHTML("beforeend", text);`, ["insertAdjacentHTML"]],
        [`document.write(text);`, ["write"]],
        [`new DOMParser().parseFromString(text, "text/html");`, ["DOMParser"]],
        [`range.createContextualFragment(text);`, ["createContextualFragment"]],
        [`frame.srcdoc = text;`, ["srcdoc"]],
        [`node.textContent = text; node.append(text);`, []],
        [`// node.innerHTML = text\nconst note = "never innerHTML";`, []]
    ];
    for (const [source, sinks] of cases) assert.deepEqual(htmlSinksIn(source), sinks, source);
});

test("media/ writes no HTML: model text goes in as text", () => {
    const sources = readdirSync(mediaFolder).filter((name) => /\.(ts|js)$/.test(name) && !name.endsWith(".d.ts"));
    assert.ok(sources.includes("panel.ts"), "media/panel.ts, the panel's page, is missing");
    const found = sources.flatMap((name) =>
        htmlSinksIn(readFileSync(mediaFolder + name, "utf8")).map((sink) => `media/${name} uses ${sink}`)
    );
    assert.deepEqual(found, []);
});
