// The registry of languages: one line per `LanguageSupport`, and the lookups everything else uses (by name, by a
// file's path, by a fence tag, by toolchain). `SourceLanguage` is derived from this list, so a new language is one
// folder plus one line here. Nothing may call these lookups at a module's top level (see LanguageSupport.ts).

import { ecmascriptLanguages, javascriptToolchainSupport } from "./ecmascript/index.js";
import { goLanguage, goToolchainSupport } from "./go/index.js";
import type { LanguageSupport, ToolchainSupport } from "./LanguageSupport.js";
import { pythonLanguage, pythonToolchainSupport } from "./python/index.js";
import { rustLanguage, rustToolchainSupport } from "./rust/index.js";

/** Every supported language, in the order their names are listed to users. */
export const registeredLanguages = [pythonLanguage, ...ecmascriptLanguages, rustLanguage, goLanguage] as const;

/** A language Ponder can parse, test, fix and (where its folder says so) port: a registered support's name. */
export type SourceLanguage = (typeof registeredLanguages)[number]["name"];

/** The toolchains of the registered languages, each typed with its own options (declared in its language's folder). */
export const toolchainsWithOptions = [
    pythonToolchainSupport,
    javascriptToolchainSupport,
    rustToolchainSupport,
    goToolchainSupport
] as const;

/** Each registered toolchain's own options, under its name: what its driver takes. */
export type ToolchainOptions = {
    [T in (typeof toolchainsWithOptions)[number] as T["name"]]?: Parameters<T["driver"]>[0];
};

export type {
    BehaviourHarness,
    FailureSite,
    GrammarSource,
    LanguageMutations,
    LanguageSupport,
    MergedTestCode,
    PortSupport,
    ProjectTestFiles,
    TestConventions,
    TestPlacement,
    ToolchainSupport
} from "./LanguageSupport.js";

/** The names of every registered language, in registry order. */
export function sourceLanguageNames(): SourceLanguage[] {
    return registeredLanguages.map((support) => support.name);
}

/** True when `name` is a registered language's name. */
export function isSourceLanguage(name: string): name is SourceLanguage {
    return registeredLanguages.some((support) => support.name === name);
}

/** The support of a language; every `SourceLanguage` has one. */
export function languageSupportOf(language: SourceLanguage): LanguageSupport {
    return registeredLanguages.find((support) => support.name === language)!;
}

/** The language of a file from its extension (`.d.ts` is TypeScript), or undefined for a file no language reads. */
export function languageOfPath(path: string): SourceLanguage | undefined {
    const name = path.split(/[\\/]/).pop() ?? "";
    const dot = name.lastIndexOf(".");
    if (dot <= 0) return undefined;
    const lower = name.toLowerCase();
    // A compound extension (`d.ts`) is matched before the last one, so the longest registered extension wins.
    const matching = registeredLanguages.flatMap((support) =>
        support.extensions
            .filter((extension) => lower.endsWith(`.${extension}`))
            .map((extension) => ({ support, extension }))
    );
    matching.sort((a, b) => b.extension.length - a.extension.length);
    return matching[0]?.support.name;
}

/**
 * The language a fence tag names (`py`, `TypeScript`, `rs`…), or undefined when the tag is empty or names
 * something else (`bash`, `text`, `diff`). Only the first word counts: `python title="x.py"` is Python; a tag
 * that is a file name (`lib.rs`) is read by its extension.
 */
export function languageOfFenceTag(tag: string): SourceLanguage | undefined {
    const word =
        tag
            .trim()
            .split(/[\s:{,]/)[0]
            ?.toLowerCase() ?? "";
    return registeredLanguages.find((support) => support.fenceTags.includes(word))?.name ?? languageOfPath(word);
}

/** The fence tag prompts ask for, for code of `language`. */
export function fenceTagOf(language: SourceLanguage): string {
    return languageSupportOf(language).fenceTags[0]!;
}

/** True when code written as `written` can stand in for code of `expected`: the same family (TypeScript, TSX, JavaScript). */
export function isCompatibleLanguage(written: SourceLanguage, expected: SourceLanguage): boolean {
    return languageSupportOf(written).family === languageSupportOf(expected).family;
}

/** The toolchains of the registered languages, each once, in registry order. */
export function registeredToolchains(): ToolchainSupport[] {
    const seen = new Map<string, ToolchainSupport>();
    for (const support of registeredLanguages)
        if (!seen.has(support.toolchain.name)) seen.set(support.toolchain.name, support.toolchain);
    return [...seen.values()];
}

/** The toolchain with this name; undefined for a name no registered language uses. */
export function toolchainSupportOf(name: string): ToolchainSupport | undefined {
    return registeredToolchains().find((toolchain) => toolchain.name === name);
}

/** The languages the port chain can port to (those with a target backend), in alphabetical order, as messages list them. */
export function portTargetLanguages(): SourceLanguage[] {
    return registeredLanguages
        .filter((support) => support.port?.target !== undefined)
        .map((support) => support.name)
        .sort();
}

/** Names listed for users: "Python, TypeScript, TSX, JavaScript and Rust". */
export function languageListText(languages: readonly SourceLanguage[] = sourceLanguageNames()): string {
    const names = [...new Set(languages.map((language) => languageSupportOf(language).displayName))];
    return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}
