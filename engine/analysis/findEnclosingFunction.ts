// The function or method around a position or a range: what "fix this" and "test this" are about.

import { CodeParser, type ParsedSource } from "./CodeParser.js";
import {
    definitionSitesIn,
    isFunctionKind,
    type AnalysisOptions,
    type CodeDefinition,
    type DefinitionSite
} from "./definitions.js";
import type { SourceLanguage } from "./SourceLanguage.js";
import { rangeContains, type TextRange } from "./textEdits.js";

/** An offset or a range to look around. */
export type TextTarget = number | TextRange;

export function targetRange(target: TextTarget): TextRange {
    return typeof target === "number" ? { start: target, end: target } : target;
}

/** The innermost named function or method whose full range (decorators and doc comments included) holds the target. */
export function enclosingFunctionSite(source: ParsedSource, target: TextTarget): DefinitionSite | undefined {
    const range = targetRange(target);
    let best: DefinitionSite | undefined;
    for (const site of definitionSitesIn(source)) {
        const { kind, fullRange } = site.definition;
        if (!isFunctionKind(kind) || !rangeContains(fullRange, range)) continue;
        if (!best || fullRange.end - fullRange.start < best.definition.fullRange.end - best.definition.fullRange.start)
            best = site;
    }
    return best;
}

/**
 * The innermost named function or method around `target` (an offset, or a range it must hold entirely), or
 * undefined when the target is outside every function (module-level code, or a range across two functions).
 * Anonymous callbacks do not count: the named function holding them does.
 */
export async function findEnclosingFunction(
    text: string,
    language: SourceLanguage,
    target: TextTarget,
    options: AnalysisOptions = {}
): Promise<CodeDefinition | undefined> {
    return (options.parser ?? CodeParser.shared()).parse(
        text,
        language,
        (source) => enclosingFunctionSite(source, target)?.definition
    );
}
