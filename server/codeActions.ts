// The "Ponder: fix with proof" code actions: a quick fix on each diagnostic inside a function, and a
// rewrite on the function around the cursor or selection. They only parse the document, so they answer at
// once even while a generation runs.

import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from "vscode-languageserver/node.js";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { findEnclosingFunction, languageOfPath } from "../engine/index.js";
import { fixCommand, type FixParams } from "../protocol/index.js";
import { offsetRange } from "./lspConversions.js";

export const fixTitle = "Ponder: fix with proof";

export async function fixCodeActions(document: TextDocument, params: CodeActionParams): Promise<CodeAction[]> {
    const language = languageOfPath(new URL(document.uri).pathname);
    if (!language) return [];
    const wanted = (kind: string) => !params.context.only || params.context.only.some((only) => kind === only || kind.startsWith(`${only}.`));
    const text = document.getText();
    const uri = document.uri;
    const actions: CodeAction[] = [];
    const fixedFunctions = new Set<string>();
    if (wanted(CodeActionKind.QuickFix)) {
        for (const diagnostic of params.context.diagnostics) {
            const enclosing = await findEnclosingFunction(text, language, offsetRange(text, diagnostic.range));
            if (!enclosing) continue;
            fixedFunctions.add(enclosing.qualifiedName);
            actions.push(fixAction(CodeActionKind.QuickFix, { textDocument: { uri }, range: diagnostic.range, diagnostic }, [diagnostic]));
        }
    }
    if (wanted(CodeActionKind.RefactorRewrite)) {
        const enclosing = await findEnclosingFunction(text, language, offsetRange(text, params.range));
        if (enclosing && !fixedFunctions.has(enclosing.qualifiedName))
            actions.push(fixAction(CodeActionKind.RefactorRewrite, { textDocument: { uri }, range: params.range }, []));
    }
    return actions;
}

function fixAction(kind: string, fix: FixParams, diagnostics: Diagnostic[]): CodeAction {
    return {
        title: fixTitle, kind,
        ...(diagnostics.length > 0 ? { diagnostics } : {}),
        command: { title: fixTitle, command: fixCommand, arguments: [fix] }
    };
}
