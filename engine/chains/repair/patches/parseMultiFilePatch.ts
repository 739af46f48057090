// Reads a reply's answer into one multi-file patch: every piece that changes a file (named fences, comment-named
// fences, unified diffs, SEARCH/REPLACE blocks, bare functions placed by a suspect's name) becomes exact edits of
// that file; edits of one file compose; every path is checked to lie inside the workspace; what cannot be used is a
// problem, never a guess.

import { applyTextEdits, applyUnifiedDiff, parseUnifiedDiff, type TextEdit } from "../../../analysis/index.js";
import { unifiedDiff } from "../../../text/renderUnifiedDiff.js";
import type { FilePatch } from "../RepairTypes.js";
import { describeTestChange } from "./describeTestChange.js";
import { diffSections, isDevNull, type DiffSection } from "./diffSections.js";
import type { MultiFilePatch, PatchContext, PatchForm } from "./PatchTypes.js";
import { bareFunctionFile, overlaps, placeCode, sameEdit } from "./placeCode.js";
import { readReplyParts, type ReplyPart } from "./replyParts.js";
import { placeSearchReplace } from "./searchReplace.js";
import { isTestPath, touchesInFileTests } from "./testFiles.js";
import { existingText, resolveWorkspacePath } from "./workspacePaths.js";

interface FileState {
    path: string;
    original: string;
    exists: boolean;
    created: boolean;
    edits: TextEdit[];
    /** The edits are one replacement of the whole file. */
    wholeFile: boolean;
    /** Where in the answer each piece that changed this file starts (for the reason of a test change). */
    partOffsets: number[];
}

/** A change one piece of the reply makes to one file, before it is composed with the others. */
interface PieceChange {
    path: string;
    form: PatchForm;
    at: number;
    edits: TextEdit[];
    /** The piece creates the file (it must not exist). */
    creates?: boolean;
    /** The piece replaces the whole file. */
    wholeFile?: boolean;
}

export async function parseMultiFilePatch(answer: string, context: PatchContext): Promise<MultiFilePatch> {
    const read = readReplyParts(answer);
    const problems = [...read.problems];
    const states = new Map<string, FileState>();
    const forms: PatchForm[] = [];
    const stateOf = async (raw: string): Promise<FileState | string> => {
        let resolved = await resolveWorkspacePath(context.workspace, raw);
        if (resolved.kind === "refused") return `refused ${raw}: ${resolved.reason}`;
        const known = states.get(resolved.path);
        if (known) return known;
        let text = await existingText(context.workspace, resolved.path);
        if (text === undefined) {
            // Models drop leading folders (`pricing.py` for `shop/pricing.py`): the one file whose path ends so.
            const path = resolved.path;
            const endingSo = (await context.workspace.listFiles()).filter((file) => file.endsWith(`/${path}`));
            const unique =
                endingSo.length === 1 ? await resolveWorkspacePath(context.workspace, endingSo[0]!) : undefined;
            if (unique?.kind === "inside") {
                resolved = unique;
                text = await existingText(context.workspace, unique.path);
            }
        }
        let state = states.get(resolved.path);
        if (!state) {
            state = {
                path: resolved.path,
                original: text ?? "",
                exists: text !== undefined,
                created: false,
                wholeFile: false,
                edits: [],
                partOffsets: []
            };
            states.set(resolved.path, state);
        }
        return state;
    };
    for (const part of read.parts) {
        for (const change of await changesOf(part, context, stateOf, problems)) {
            const state = await stateOf(change.path);
            if (typeof state === "string") {
                problems.push(state);
                continue;
            }
            if (compose(state, change, problems) && !forms.includes(change.form)) forms.push(change.form);
        }
    }
    const files: FilePatch[] = [];
    for (const state of states.values()) {
        if (state.edits.length === 0) continue;
        const patchedText = applyTextEdits(state.original, state.edits);
        if (!state.created && patchedText === state.original) {
            problems.push(`the reply's changes leave ${state.path} as it is`);
            continue;
        }
        const edits = [...state.edits].sort((a, b) => a.start - b.start || a.end - b.end);
        files.push({
            file: state.path,
            originalText: state.original,
            patchedText,
            edits,
            created: state.created,
            isTest:
                isTestPath(state.path) || (await touchesInFileTests(state.path, state.original, edits, context.parser))
        });
    }
    if (files.length === 0 && read.parts.length === 0) problems.push("the answer changes no file");
    const patch: MultiFilePatch = { files, forms, problems, diff: files.map(renderFileDiff).join("") };
    const testOffsets = files.filter((file) => file.isTest).flatMap((file) => states.get(file.file)!.partOffsets);
    if (testOffsets.length > 0) {
        const reason = describeTestChange(answer, testOffsets);
        if (reason !== undefined) patch.testChangeReason = reason;
    }
    return patch;
}

/**
 * Adds a piece's edits to its file's. Where they overlap an earlier piece's, models mean a later version: a later
 * whole file, or a later rewrite of exactly the same lines, replaces the earlier edits (noted when they disagree);
 * a later piece already contained in an earlier whole file adds nothing. Any other overlap is a problem, and the
 * later piece is left out.
 */
function compose(state: FileState, change: PieceChange, problems: string[]): boolean {
    if (change.creates) {
        if (state.exists) {
            problems.push(`the reply creates ${state.path}, which exists already`);
            return false;
        }
        if (state.created) {
            problems.push(`the reply creates ${state.path} twice; the first is kept`);
            return false;
        }
        state.created = true;
    } else if (!state.exists && !state.created) {
        problems.push(`the reply changes ${state.path}, which does not exist (and it does not say it is new)`);
        return false;
    }
    const fresh = change.edits.filter((edit) => !state.edits.some((taken) => sameEdit(taken, edit)));
    const overlapped = state.edits.filter((taken) => fresh.some((edit) => overlaps(taken, edit)));
    if (overlapped.length > 0) {
        const contained = (edits: readonly TextEdit[], within: TextEdit[]) => {
            const text = squeezed(applyTextEdits(state.original, within));
            return edits.every((edit) => text.includes(squeezed(edit.newText)));
        };
        const sameLines = overlapped.every((taken) =>
            fresh.some((edit) => edit.start === taken.start && edit.end === taken.end)
        );
        if (state.wholeFile && contained(fresh, state.edits)) {
            state.partOffsets.push(change.at);
            return true;
        }
        if (change.wholeFile || sameLines) {
            const after = change.wholeFile
                ? fresh
                : [...state.edits.filter((taken) => !overlapped.includes(taken)), ...fresh];
            if (!contained(overlapped, after))
                problems.push(
                    `a later ${formName[change.form]} for ${state.path} rewrites lines an earlier change of it wrote; the later one is used`
                );
            state.edits = after;
            state.wholeFile = change.wholeFile === true;
            state.partOffsets.push(change.at);
            return true;
        }
        problems.push(`a ${formName[change.form]} for ${state.path} overlaps an earlier change of it; it was left out`);
        return false;
    }
    state.edits.push(...fresh);
    state.wholeFile ||= change.wholeFile === true;
    state.partOffsets.push(change.at);
    return true;
}

/** Text compared ignoring how whitespace is laid out. */
function squeezed(text: string): string {
    return text.replace(/\s+/g, " ").trim();
}

const formName: Record<PatchForm, string> = {
    namedFence: "block named before its fence",
    commentNamedFence: "block named in its first comment",
    unifiedDiff: "unified diff",
    searchReplace: "SEARCH/REPLACE block",
    bareFunction: "bare function"
};

/** The changes one piece of the reply makes; what it cannot do goes to `problems`. */
async function changesOf(
    part: ReplyPart,
    context: PatchContext,
    stateOf: (raw: string) => Promise<FileState | string>,
    problems: string[]
): Promise<PieceChange[]> {
    if (part.kind === "diff") {
        const changes: PieceChange[] = [];
        for (const section of diffSections(part.text)) {
            const change = await diffChange(section, part, stateOf, problems);
            if (change) changes.push(change);
        }
        return changes;
    }
    if (part.kind === "searchReplace") {
        if (part.path === undefined) {
            problems.push("a SEARCH/REPLACE block names no file");
            return [];
        }
        const state = await stateOf(part.path);
        if (typeof state === "string") return (problems.push(state), []);
        if (!state.exists) {
            // An empty SEARCH text is how aider's format creates a file.
            if (part.edit.search.trim() === "")
                return [
                    {
                        path: state.path,
                        form: "searchReplace",
                        at: part.at,
                        edits: [creation(part.edit.replace)],
                        creates: true
                    }
                ];
            problems.push(`a SEARCH/REPLACE block changes ${state.path}, which does not exist`);
            return [];
        }
        const placed = placeSearchReplace(state.original, part.edit);
        if (placed.kind === "notPlaced") {
            problems.push(`a SEARCH/REPLACE block for ${state.path} was not used: ${placed.reason}`);
            return [];
        }
        return [{ path: state.path, form: "searchReplace", at: part.at, edits: [placed.edit] }];
    }
    return codeChanges(part, context, stateOf, problems);
}

/**
 * The change a fenced block of code makes: to the file it names, or to the suspect's file its function's name
 * points to. A block named in the prose whose definitions the named file lacks, but which a suspect's name places,
 * goes to that suspect's file: the prose named a file in passing ("the test in `tests/test_x.py` fails because").
 */
async function codeChanges(
    part: Extract<ReplyPart, { kind: "code" }>,
    context: PatchContext,
    stateOf: (raw: string) => Promise<FileState | string>,
    problems: string[]
): Promise<PieceChange[]> {
    const placeBare = async (): Promise<PieceChange[]> => {
        const found = await bareFunctionFile(part.block, context.suspects, context.parser);
        if (found.kind === "unplaced") return (problems.push(found.reason), []);
        return codeChanges({ ...part, path: found.path, naming: undefined }, context, stateOf, problems);
    };
    if (part.path === undefined) return placeBare();
    const form: PatchForm = part.naming ?? "bareFunction";
    const state = await stateOf(part.path);
    if (typeof state === "string") return (problems.push(state), []);
    if (!state.exists) {
        if (/\bnew\b|\bcreat/i.test(part.block.precedingText.split("\n").slice(-2).join(" ")))
            return [{ path: state.path, form, at: part.at, edits: [creation(part.code)], creates: true }];
        problems.push(`the reply names ${state.path}, which does not exist (and it does not say it is new)`);
        return [];
    }
    const placed = await placeCode(state.path, state.original, part.block, part.code, context.parser);
    if (placed.kind === "notPlaced") {
        if (placed.definesNothingOfFile && part.naming === "namedFence") {
            const bare = await bareFunctionFile(part.block, context.suspects, context.parser);
            if (bare.kind === "file" && bare.path !== state.path) return placeBare();
        }
        problems.push(`a ${formName[form]} for ${state.path} was not used: ${placed.reason}`);
        return [];
    }
    return [{ path: state.path, form, at: part.at, edits: placed.edits, wholeFile: placed.wholeFile }];
}

async function diffChange(
    section: DiffSection,
    part: Extract<ReplyPart, { kind: "diff" }>,
    stateOf: (raw: string) => Promise<FileState | string>,
    problems: string[]
): Promise<PieceChange | undefined> {
    if (isDevNull(section.newPath)) {
        problems.push(`the diff deletes ${section.oldPath}: deleting files is not supported`);
        return undefined;
    }
    const creates = isDevNull(section.oldPath);
    const raw = section.newPath ?? part.path;
    if (raw === undefined) {
        problems.push("a diff without file headers names no file");
        return undefined;
    }
    const state = await stateOf(raw);
    if (typeof state === "string") return (problems.push(state), undefined);
    if (creates) {
        const lines = parseUnifiedDiff(section.text).hunks.flatMap((hunk) => hunk.newLines);
        return {
            path: state.path,
            form: "unifiedDiff",
            at: part.at,
            edits: [creation(lines.join("\n"))],
            creates: true
        };
    }
    if (!state.exists) {
        problems.push(`the diff changes ${state.path}, which does not exist`);
        return undefined;
    }
    const applied = applyUnifiedDiff(state.original, section.text, { path: state.path });
    if (applied.kind === "failed") {
        problems.push(`the diff for ${state.path} does not apply: ${applied.reason}`);
        return undefined;
    }
    return { path: state.path, form: "unifiedDiff", at: part.at, edits: applied.edits };
}

/** The one edit that writes a new file's text (ending with a line break). */
function creation(text: string): TextEdit {
    const body = text.replace(/^\s*\n/, "").replace(/\s*$/, "");
    return { start: 0, end: 0, newText: body === "" ? "" : body + "\n" };
}

function renderFileDiff(file: FilePatch): string {
    if (!file.created) return unifiedDiff(file.file, file.originalText, file.patchedText);
    const lines = file.patchedText.replace(/\n$/, "").split("\n");
    return (
        [
            `--- /dev/null`,
            `+++ b/${file.file}`,
            `@@ -0,0 +1,${lines.length} @@`,
            ...lines.map((line) => `+${line}`)
        ].join("\n") + "\n"
    );
}
