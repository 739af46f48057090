// Ponder's code actions: "fix with proof" as a quick fix on each diagnostic inside a function and as a rewrite
// on the function around the cursor or selection; "generate tests" on that function and on the whole file;
// "port to …" on a file whose language has a port pair.
// They only parse the document, so they answer at once even while a generation runs.

import {
    CodeActionKind,
    type CodeAction,
    type CodeActionParams,
    type Command,
    type Diagnostic
} from "vscode-languageserver/node.js";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { findEnclosingFunction, languageOfPath, languagePairs } from "../engine/index.js";
import {
    fixCommand,
    generateTestsCommand,
    portCommand,
    type FixParams,
    type GenerateTestsParams,
    type PortParams
} from "../protocol/index.js";
import { offsetRange } from "./lspConversions.js";

export const fixTitle = "Ponder: fix with proof";
export const generateTestsKind = `${CodeActionKind.Refactor}.ponder.tests`;
export const portKind = `${CodeActionKind.Refactor}.ponder.port`;
export const generateTestsTitle = (target: string) => `Ponder: generate tests for ${target}`;

export async function ponderCodeActions(document: TextDocument, params: CodeActionParams): Promise<CodeAction[]> {
    const path = new URL(document.uri).pathname;
    const language = languageOfPath(path);
    if (!language) return [];
    const wanted = (kind: string) =>
        !params.context.only || params.context.only.some((only) => kind === only || kind.startsWith(`${only}.`));
    const text = document.getText();
    const uri = document.uri;
    const actions: CodeAction[] = [];
    const fixedFunctions = new Set<string>();
    if (wanted(CodeActionKind.QuickFix)) {
        for (const diagnostic of params.context.diagnostics) {
            const enclosing = await findEnclosingFunction(text, language, offsetRange(text, diagnostic.range));
            if (!enclosing) continue;
            fixedFunctions.add(enclosing.qualifiedName);
            actions.push(
                action(
                    fixTitle,
                    CodeActionKind.QuickFix,
                    fixCommand,
                    { textDocument: { uri }, range: diagnostic.range, diagnostic } satisfies FixParams,
                    [diagnostic]
                )
            );
        }
    }
    const enclosing = await findEnclosingFunction(text, language, offsetRange(text, params.range));
    if (wanted(CodeActionKind.RefactorRewrite) && enclosing && !fixedFunctions.has(enclosing.qualifiedName))
        actions.push(
            action(fixTitle, CodeActionKind.RefactorRewrite, fixCommand, {
                textDocument: { uri },
                range: params.range
            } satisfies FixParams)
        );
    if (wanted(generateTestsKind)) {
        if (enclosing)
            actions.push(
                action(generateTestsTitle(enclosing.qualifiedName), generateTestsKind, generateTestsCommand, {
                    textDocument: { uri },
                    symbol: enclosing.qualifiedName
                } satisfies GenerateTestsParams)
            );
        const fileName = path.slice(path.lastIndexOf("/") + 1);
        actions.push(
            action(generateTestsTitle(fileName), generateTestsKind, generateTestsCommand, {
                textDocument: { uri },
                wholeFile: true
            } satisfies GenerateTestsParams)
        );
    }
    if (wanted(portKind)) {
        for (const pair of languagePairs.filter((p) => p.from === language))
            actions.push(
                action(`Ponder: port to ${pair.targetName}`, portKind, portCommand, {
                    textDocument: { uri },
                    to: pair.to as PortParams["to"]
                } satisfies PortParams)
            );
    }
    return actions;
}

function action(
    title: string,
    kind: string,
    command: string,
    argument: FixParams | GenerateTestsParams | PortParams,
    diagnostics: Diagnostic[] = []
): CodeAction {
    const run: Command = { title, command, arguments: [argument] };
    return { title, kind, ...(diagnostics.length > 0 ? { diagnostics } : {}), command: run };
}
