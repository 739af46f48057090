// Every module a TypeScript or JavaScript source reaches, found by TypeScript's own parser so that comments
// and strings that merely contain the word "import" never count. The layer test checks these against the
// layer table; a parser rather than a regular expression because a regex cannot tell code from a comment.

import ts from "typescript";

/** How a source reaches a module. */
export type ImportForm =
    | "import" // import x from "m", import { x } from "m", import * as x from "m"
    | "export" // export { x } from "m", export * from "m"
    | "sideEffect" // import "m"
    | "importEquals" // import x = require("m")
    | "require" // require("m")
    | "dynamicImport" // import("m")
    | "importType"; // a type written as import("m").T

export interface ImportOf {
    /** The module specifier; undefined when it is computed (`import(name)`), which no rule can check. */
    specifier: string | undefined;
    form: ImportForm;
    /** Erased at compile time: `import type`, `export type`, `import type x = require()` or a type written as `import("m").T`. */
    typeOnly: boolean;
    /** The names an `import { … }` or `export { … } from` takes from the module; undefined for `* as x`, `export *`, a default or other forms. */
    names?: string[];
}

/** The imports of one source text, in the order they appear; `fileName` picks TypeScript or JavaScript parsing. */
export function importsOf(sourceText: string, fileName = "source.ts"): ImportOf[] {
    const scriptKind = /\.(m|c)?js$/.test(fileName)
        ? ts.ScriptKind.JS
        : fileName.endsWith(".tsx")
          ? ts.ScriptKind.TSX
          : ts.ScriptKind.TS;
    const source = ts.createSourceFile(fileName, sourceText, ts.ScriptTarget.Latest, false, scriptKind);
    const found: ImportOf[] = [];
    const literal = (node: ts.Node | undefined): string | undefined =>
        node !== undefined && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
            ? node.text
            : undefined;

    const namesOf = (bindings: ts.NamedImportBindings | ts.NamedExportBindings | undefined): { names?: string[] } =>
        bindings && (ts.isNamedImports(bindings) || ts.isNamedExports(bindings))
            ? { names: bindings.elements.map((element) => (element.propertyName ?? element.name).text) }
            : {};

    const visit = (node: ts.Node): void => {
        if (ts.isImportDeclaration(node)) {
            const clause = node.importClause;
            const names = clause?.name ? {} : namesOf(clause?.namedBindings);
            found.push({
                specifier: literal(node.moduleSpecifier),
                form: clause ? "import" : "sideEffect",
                typeOnly: clause?.isTypeOnly ?? false,
                ...names
            });
        } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
            found.push({
                specifier: literal(node.moduleSpecifier),
                form: "export",
                typeOnly: node.isTypeOnly,
                ...namesOf(node.exportClause)
            });
        } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
            found.push({
                specifier: literal(node.moduleReference.expression),
                form: "importEquals",
                typeOnly: node.isTypeOnly
            });
        } else if (ts.isImportTypeNode(node)) {
            const argument = node.argument;
            found.push({
                specifier: ts.isLiteralTypeNode(argument) ? literal(argument.literal) : undefined,
                form: "importType",
                typeOnly: true
            });
        } else if (ts.isCallExpression(node)) {
            if (node.expression.kind === ts.SyntaxKind.ImportKeyword) {
                found.push({ specifier: literal(node.arguments[0]), form: "dynamicImport", typeOnly: false });
            } else if (ts.isIdentifier(node.expression) && node.expression.text === "require") {
                found.push({ specifier: literal(node.arguments[0]), form: "require", typeOnly: false });
            }
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}
