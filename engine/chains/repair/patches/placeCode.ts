// What a fenced block of code does to one file: the whole file when it repeats most of the file's definitions,
// else each definition it names replaced in place (the fix chain's replacement mapping, helpers and imports
// included); and which suspect's file a bare block belongs to, by a function name unique among the suspects.

import {
    classifyCodeBlock,
    languageOfPath,
    listDefinitions,
    mapReplacementToEdits,
    type CodeParser,
    type FencedBlock,
    type SourceLanguage,
    type TextEdit
} from "../../../analysis/index.js";
import { isFunctionKind } from "../../../analysis/definitions.js";
import { isCompatibleLanguage } from "../../../analysis/SourceLanguage.js";
import { isTestPath } from "./testFiles.js";

export type CodePlacement =
    | { kind: "edits"; edits: TextEdit[]; wholeFile: boolean }
    | {
          kind: "notPlaced";
          reason: string;
          /** The block is code of the file's language but replaces none of its definitions. */
          definesNothingOfFile?: boolean;
      };

/** A name no definition has: the block is classified for its names only, with no target of its own. */
const noTarget = "\u0000";

const lastSegment = (name: string) => name.split(/::|\./).pop() ?? name;
const sameName = (a: string, b: string) => a.replace(/::/g, ".") === b.replace(/::/g, ".");

/** The definitions and tests a block holds (qualified as written), or why it cannot be read as `language`. */
async function namesInBlock(
    block: FencedBlock,
    code: string,
    language: SourceLanguage,
    parser?: CodeParser
): Promise<{ names: string[] } | { reason: string }> {
    const classified = await classifyCodeBlock(
        { ...block, code },
        { language, targetName: noTarget, ...(parser ? { parser } : {}) }
    );
    if (classified.role === "unparseable") return { reason: classified.reason };
    if (block.language && !isCompatibleLanguage(block.language, language))
        return { reason: `it is written in ${block.language}, the file is ${language}` };
    return { names: [...classified.definedNames, ...classified.testNames] };
}

/** The edits a block makes to `path`, whose text is `original`. Never throws for bad input. */
export async function placeCode(
    path: string,
    original: string,
    block: FencedBlock,
    code: string,
    parser?: CodeParser
): Promise<CodePlacement> {
    const eol = original.includes("\r\n") ? "\r\n" : "\n";
    const wholeFile = (): CodePlacement => ({
        kind: "edits",
        wholeFile: true,
        edits: [
            {
                start: 0,
                end: original.length,
                newText: (code.replace(/\r?\n/g, eol) + (original.endsWith("\n") ? eol : "")).replace(/^\s*\n/, "")
            }
        ]
    });
    const language = languageOfPath(path);
    if (!language) return wholeFile();
    const read = await namesInBlock(block, code, language, parser);
    if ("reason" in read) return { kind: "notPlaced", reason: read.reason };
    const fileDefinitions = await listDefinitions(original, language, parser ? { parser } : {});
    const topLevel = fileDefinitions.filter((definition) => definition.container === undefined).map((d) => d.name);
    const blockNames = new Set(read.names);
    const covered = topLevel.filter((name) => blockNames.has(name)).length;
    if (topLevel.length === 0 || (topLevel.length >= 2 && covered >= 2 && covered * 2 >= topLevel.length))
        return wholeFile();
    const targets: string[] = [];
    const containers = new Set(
        fileDefinitions
            .filter((definition) => !isFunctionKind(definition.kind))
            .map((definition) => definition.qualifiedName.replace(/::/g, "."))
    );
    for (const name of read.names) {
        // A function defined inside another of the block (a closure keeping the target's name) replaces nothing.
        const container = name.split(/::|\./).slice(0, -1).join(".");
        if (container !== "" && read.names.some((other) => sameName(other, container)) && !containers.has(container))
            continue;
        // A class or impl block of the reply is placed member by member, never as a whole (it may omit members).
        if (read.names.some((other) => other !== name && sameName(other.split(/::|\./).slice(0, -1).join("."), name)))
            continue;
        const exact = fileDefinitions.find((definition) => sameName(definition.qualifiedName, name));
        const byName = fileDefinitions.filter((definition) => definition.name === lastSegment(name));
        const target = exact ?? (byName.length === 1 ? byName[0] : undefined);
        if (target && !targets.includes(target.qualifiedName)) targets.push(target.qualifiedName);
    }
    if (targets.length === 0) {
        const defined = read.names.length > 0 ? `it defines ${read.names.join(", ")}` : "it defines nothing";
        return {
            kind: "notPlaced",
            reason: `it replaces no definition of ${path} (${defined})`,
            definesNothingOfFile: true
        };
    }
    // Outside test files, the block's tests and units that do not parse are left out, as the fix chain does.
    if (!isTestPath(path)) {
        const classified = await classifyCodeBlock(
            { ...block, code },
            { language, targetName: targets[0]!, originalText: original, ...(parser ? { parser } : {}) }
        );
        code = classified.patchCode ?? code;
    }
    // One mapping per target: a mapping replaces the other definitions it recognises too, but leaves tests and
    // members of other classes alone. The same edit found twice is kept once.
    const edits: TextEdit[] = [];
    const failures: string[] = [];
    for (const target of targets) {
        const mapped = await mapReplacementToEdits(original, language, target, code, parser ? { parser } : {});
        if (mapped.kind !== "edits") {
            failures.push(mapped.reason);
            continue;
        }
        for (const edit of mapped.edits) {
            if (edits.some((taken) => sameEdit(taken, edit))) continue;
            if (edits.some((taken) => overlaps(taken, edit))) continue;
            edits.push(edit);
        }
    }
    if (edits.length === 0) return { kind: "notPlaced", reason: failures[0] ?? `it changes nothing in ${path}` };
    return { kind: "edits", edits, wholeFile: false };
}

export function sameEdit(a: TextEdit, b: TextEdit): boolean {
    return a.start === b.start && a.end === b.end && a.newText === b.newText;
}

/** Two edits touch the same text (insertions at one point do not: they keep their order). */
export function overlaps(a: TextEdit, b: TextEdit): boolean {
    if (a.start === a.end && b.start === b.end) return false;
    return a.start < b.end && b.start < a.end;
}

export type BareFunctionFile = { kind: "file"; path: string } | { kind: "unplaced"; reason: string };

/**
 * The suspect file a bare block belongs to: its definitions whose name only one suspect file has. Tried in the
 * block's tagged language, else in each suspect file's language.
 */
export async function bareFunctionFile(
    block: FencedBlock,
    suspects: readonly { file: string; name: string }[],
    parser?: CodeParser
): Promise<BareFunctionFile> {
    const languages = block.language
        ? [block.language]
        : [...new Set(suspects.map((suspect) => languageOfPath(suspect.file)).filter((each) => each !== undefined))];
    const definedAnywhere: string[] = [];
    for (const language of languages) {
        const read = await namesInBlock(block, block.code, language, parser);
        if ("reason" in read) continue;
        definedAnywhere.push(...read.names);
        const files = new Set<string>();
        for (const name of read.names) {
            const holders = new Set(
                suspects
                    .filter((suspect) => lastSegment(suspect.name) === lastSegment(name))
                    .filter((suspect) => {
                        const suspectLanguage = languageOfPath(suspect.file);
                        return suspectLanguage !== undefined && isCompatibleLanguage(language, suspectLanguage);
                    })
                    .map((suspect) => suspect.file)
            );
            if (holders.size === 1) files.add([...holders][0]!);
        }
        if (files.size === 1) return { kind: "file", path: [...files][0]! };
        if (files.size > 1)
            return {
                kind: "unplaced",
                reason: `a block without a file defines functions of several suspects' files (${[...files].join(", ")}); name each file`
            };
    }
    const names = [...new Set(definedAnywhere)];
    return {
        kind: "unplaced",
        reason:
            names.length > 0
                ? `a block without a file defines ${names.join(", ")}, no name unique among the suspects`
                : "a block without a file defines no function of a suspect"
    };
}
