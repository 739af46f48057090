// The engine's Workspace for a job, backed by the editor: the root is the workspace folder holding the file, and
// every open document under it lays its unsaved text over the disk copy. A file outside every workspace folder is
// refused: its own folder is not a workspace the user trusted (a job would run that folder's conftest.py).

import { relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { TextDocuments } from "vscode-languageserver/node.js";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { OverlayWorkspace, workspaceRelativePath } from "../engine/index.js";
import { invalidParams } from "./responseErrors.js";

export interface DocumentWorkspace {
    workspace: OverlayWorkspace;
    /** The document's path relative to the root. */
    file: string;
    /** The document as the editor has it, when it is open. */
    document: TextDocument | undefined;
}

export function filePathOf(uri: string): string {
    if (!uri.startsWith("file:"))
        throw invalidParams(`Ponder works on files on disk; ${uri} is not a file: URI. Save the document first.`);
    return fileURLToPath(uri);
}

export function folderPathOf(uri: string): string | undefined {
    return uri.startsWith("file:") ? fileURLToPath(uri) : undefined;
}

export function documentWorkspace(
    uri: string,
    folders: readonly string[],
    documents: TextDocuments<TextDocument>
): DocumentWorkspace {
    const path = filePathOf(uri);
    const inside = (folder: string) => path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
    const root = folders.filter(inside).sort((a, b) => b.length - a.length)[0];
    if (root === undefined) {
        throw invalidParams(
            folders.length === 0
                ? `Ponder works on files inside a workspace folder, and none is open; open the folder that holds ${path}.`
                : `${path} is outside the workspace folders (${folders.join(", ")}); Ponder works only on files inside them.`
        );
    }
    const texts: Record<string, string> = {};
    for (const document of documents.all()) {
        const open = folderPathOf(document.uri);
        if (open === undefined) continue;
        const rel = relative(root, open);
        if (rel.startsWith("..")) continue;
        texts[rel.split(sep).join("/")] = document.getText();
    }
    return {
        workspace: new OverlayWorkspace(root, texts),
        file: workspaceRelativePath(root, path),
        document: documents.get(uri) ?? documents.get(pathToFileURL(path).href)
    };
}
