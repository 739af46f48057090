// Whether the document a fix was computed on is still the one in the editor. The engine's patched text and its edit
// refer to the text the server read; once the user has typed since, both are stale, and neither is shown nor applied.
// Pure and free of `vscode`, so tests run it without an editor.

/** Which text of the document a fix's result refers to. */
export interface FixBasis {
    /** The document's version when the client sent the job. */
    versionAtStart: number;
    /** The version the server read (null when it read the file from disk: then the version the job started at counts). */
    documentVersion: number | null;
}

export function documentChangedSince(basis: FixBasis, currentVersion: number): boolean {
    return currentVersion !== (basis.documentVersion ?? basis.versionAtStart);
}
