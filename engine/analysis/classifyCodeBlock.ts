// Tells what each code block of a model's answer is, by its shape rather than by what the prose claims:
// tests, a replacement of the target function, the whole file, a unified diff, a block holding both a
// replacement and tests (split in two), something else, or code that does not parse (with the reason).

import type { Node as SyntaxNode } from "web-tree-sitter";
import { CodeParser, type LoadedGrammar, type ParsedSource } from "./CodeParser.js";
import { definitionSitesIn, isInsideFunction, type DefinitionSite } from "./definitions.js";
import { isPytestFixture, testUnitsBesideTarget } from "./existingTests.js";
import { answerStart, parseFencedBlocks, type FencedBlock } from "./fencedBlocks.js";
import { importsIn } from "./imports.js";
import { syntaxOf } from "./languageSyntax.js";
import { keepParseableUnits, type DroppedUnit } from "./parseableUnits.js";
import { parseSnippet, snippetClassName, type Snippet } from "./parseSnippet.js";
import { diffFenceTags, isCompatibleLanguage, languageOfFenceTag, type SourceLanguage } from "./SourceLanguage.js";
import { rangeContains, type TextRange } from "./textEdits.js";
import { usedNamesIn } from "./usedDefinitions.js";

export type CodeBlockRole = "tests" | "replacement" | "wholeFile" | "diff" | "mixed" | "other" | "unparseable";

export interface ClassifiedBlock {
    block: FencedBlock;
    role: CodeBlockRole;
    /** Why the block got its role, in one sentence. */
    reason: string;
    /** The language it was read as (its tag's, or the file's when it has no tag). */
    language?: SourceLanguage;
    /** Names of the tests in it (`test_push`, `pops in order`, `tests::pops`). */
    testNames: string[];
    /** Names of the other definitions in it. */
    definedNames: string[];
    /** The code to treat as tests: the block (`tests`), or its tests and imports (`mixed`). */
    testCode?: string;
    /** The code to map onto the file: the block (`replacement`, `wholeFile`), or its non-test part (`mixed`). */
    patchCode?: string;
    /** The diff to apply (`diff`). */
    diff?: string;
    /** Top-level units left out because they do not parse; the rest of the block was read without them. */
    droppedUnits?: DroppedUnit[];
}

export interface ClassifyCodeBlockOptions {
    /** The language of the file the job is about. */
    language: SourceLanguage;
    /** The function the job is about, qualified (`Stack.push`) or plain. */
    targetName: string;
    /** The file's current text; with it, a block repeating most of the file's definitions is `wholeFile`. */
    originalText?: string;
    /** The parser to use; default: the process-wide `CodeParser.shared()`. */
    parser?: CodeParser;
}

/** Tags that name something other than code: shell sessions, program output, data. */
const nonCodeTags = new Set([
    "bash",
    "sh",
    "shell",
    "console",
    "zsh",
    "powershell",
    "ps",
    "cmd",
    "text",
    "txt",
    "plaintext",
    "output",
    "log",
    "json",
    "yaml",
    "yml",
    "toml",
    "ini",
    "markdown",
    "md",
    "html",
    "css",
    "sql",
    "xml",
    "csv"
]);

/** A line that starts like code of the language: tells an untagged block of output from broken code. */
const codeLike: Record<SourceLanguage, RegExp> = {
    python: /^\s*(def |class |import |from \S+ import|@\w|async def |assert |return )/m,
    typescript:
        /^\s*(function |const |let |var |class |import |export |interface |type |describe\(|test\(|it\(|return )/m,
    tsx: /^\s*(function |const |let |var |class |import |export |interface |type |describe\(|test\(|it\(|return )/m,
    javascript: /^\s*(function |const |let |var |class |import |export |describe\(|test\(|it\(|return )/m,
    rust: /^\s*(fn |pub |impl |use |struct |enum |mod |#\[|let |trait )/m,
    go: /^\s*(func |package |import |type |var |const |return )/m
};

/** True when the code is shaped like a unified diff: `@@` hunks, `---`/`+++` headers, or only +/-/space lines. */
export function looksLikeDiff(code: string): boolean {
    const lines = code.split("\n").filter((line) => line.trim() !== "");
    if (lines.some((line) => /^@@.*@@/.test(line))) return true;
    if (lines.some((line, index) => line.startsWith("--- ") && lines[index + 1]?.startsWith("+++ "))) return true;
    const changes = lines.filter((line) => /^[-+](?![-+]{2})/.test(line));
    return changes.length > 0 && lines.every((line) => /^[-+ \t]/.test(line));
}

/** Classifies one fenced block. Never throws for bad input. */
export async function classifyCodeBlock(
    block: FencedBlock,
    options: ClassifyCodeBlockOptions
): Promise<ClassifiedBlock> {
    const base = { block, testNames: [] as string[], definedNames: [] as string[] };
    if (
        diffFenceTags.has(block.tag) ||
        (looksLikeDiff(block.code) && (block.tag === "" || languageOfFenceTag(block.tag) !== undefined))
    ) {
        return { ...base, role: "diff", reason: "a unified diff", diff: block.code };
    }
    if (nonCodeTags.has(block.tag))
        return { ...base, role: "other", reason: `a ${block.tag} block, not code of the file` };
    if (block.code.trim() === "") return { ...base, role: "other", reason: "an empty block" };
    const tagged = block.language;
    if (tagged && !isCompatibleLanguage(tagged, options.language)) {
        return {
            ...base,
            role: "other",
            language: tagged,
            reason: `written in ${tagged}, the file is ${options.language}`
        };
    }
    const language = options.language;
    const grammar = await (options.parser ?? CodeParser.shared()).load(language);
    return parseSnippet(grammar, block.code, (snippet): ClassifiedBlock => {
        if (snippet.syntaxError && !tagged && !codeLike[language].test(snippet.code)) {
            return {
                ...base,
                role: "other",
                reason: `untagged text that is not ${language} code (program output or prose)`
            };
        }
        if (snippet.syntaxError) {
            const unparseable: ClassifiedBlock = {
                ...base,
                role: "unparseable",
                language,
                reason: `the ${language} code does not parse (${snippet.syntaxError})`
            };
            const parseable = keepParseableUnits(grammar, snippet.code);
            if (!parseable) return unparseable;
            return parseSnippet(grammar, parseable.code, (partial) =>
                partial.syntaxError
                    ? unparseable
                    : {
                          ...classifyParsed({ ...base, language }, partial, grammar, options),
                          droppedUnits: parseable.dropped
                      }
            );
        }
        return classifyParsed({ ...base, language }, snippet, grammar, options);
    });
}

function classifyParsed(
    base: { block: FencedBlock; testNames: string[]; definedNames: string[]; language: SourceLanguage },
    snippet: Snippet,
    grammar: LoadedGrammar,
    options: ClassifyCodeBlockOptions
): ClassifiedBlock {
    const { source, code, wrapped } = snippet;
    const units = testUnitsBesideTarget(source, options.targetName);
    const tests = units.filter((unit) => unit.kind === "test");
    const allSites = definitionSitesIn(source);
    // Fixtures are test code whatever their name: they go with the tests, never into the patched file.
    const fixtures =
        source.language === "python"
            ? allSites.filter((site) => site.definition.container === undefined && isPytestFixture(site, source.text))
            : [];
    const testRanges = [...units.map((unit) => unit.range), ...fixtures.map((site) => site.definition.fullRange)];
    const sites = allSites
        .filter(
            (site) => !(wrapped && site.definition.name === snippetClassName && site.definition.container === undefined)
        )
        .filter((site) => !testRanges.some((range) => rangeContains(range, site.definition.fullRange)));
    const testNames = tests.map((unit) => unit.qualifiedName);
    const definedNames = sites.map((site) => unwrapName(site.definition.qualifiedName));
    const result = { ...base, testNames, definedNames };
    // A closure that kept the target's name inside a renamed function is not a definition of the target.
    const definesTarget = sites.some(
        (site) => site.definition.name === lastPart(options.targetName) && !isInsideFunction(site, allSites)
    );
    if (!definesTarget && units.length > 0)
        return { ...result, role: "tests", reason: `${tests.length} test(s)`, testCode: code };
    if (!definesTarget) {
        const what = definedNames.length > 0 ? `it defines ${definedNames.join(", ")}` : "it defines nothing";
        return {
            ...result,
            role: "other",
            reason: `neither tests nor a definition of ${options.targetName} (${what})`
        };
    }
    if (testRanges.length > 0) {
        const { patchCode, testCode } = splitTests(source, testRanges);
        return {
            ...result,
            role: "mixed",
            reason: `a definition of ${options.targetName} and ${tests.length} test(s)`,
            patchCode,
            testCode
        };
    }
    if (options.originalText !== undefined && repeatsFile(sites, grammar, options.originalText)) {
        return {
            ...result,
            role: "wholeFile",
            reason: "most of the file's definitions, the target among them",
            patchCode: code
        };
    }
    return { ...result, role: "replacement", reason: `a definition of ${options.targetName}`, patchCode: code };
}

function lastPart(name: string): string {
    return name.split(/::|\./).pop() ?? name;
}

function unwrapName(name: string): string {
    return name.startsWith(`${snippetClassName}.`) ? name.slice(snippetClassName.length + 1) : name;
}

/** The block's top-level definitions cover at least half of the file's (and two or more). */
function repeatsFile(sites: DefinitionSite[], grammar: LoadedGrammar, originalText: string): boolean {
    const fileNames = grammar.parse(originalText, (original) =>
        definitionSitesIn(original)
            .filter((site) => site.definition.container === undefined)
            .map((site) => site.definition.name)
    );
    if (fileNames.length < 2) return false;
    const blockNames = new Set(
        sites.filter((site) => site.definition.container === undefined).map((site) => site.definition.name)
    );
    const covered = fileNames.filter((name) => blockNames.has(name)).length;
    return covered >= 2 && covered * 2 >= fileNames.length;
}

const attachableTypes = new Set(["comment", "line_comment", "block_comment", "attribute_item", "decorator"]);

/**
 * Splits a block's top-level items into the tests (with the imports) and the rest. A Python import goes with the
 * rest only when the rest uses a name it binds: `import pytest` or `unittest.mock` serve the tests alone.
 */
function splitTests(source: ParsedSource, testRanges: TextRange[]): { patchCode: string; testCode: string } {
    const imports = new Map(importsIn(source).map((statement) => [statement.range.start, statement.names]));
    const items: { text: string; side: "import" | "test" | "patch"; start: number; end: number }[] = [];
    let pending: SyntaxNode[] = [];
    for (const child of source.root.namedChildren) {
        if (!child) continue;
        if (attachableTypes.has(child.type)) {
            pending.push(child);
            continue;
        }
        const start = (pending[0] ?? child).startIndex;
        pending = [];
        const side = imports.has(child.startIndex)
            ? "import"
            : testRanges.some((range) => range.start < child.endIndex && child.startIndex < range.end)
              ? "test"
              : "patch";
        items.push({ text: source.text.slice(start, child.endIndex), side, start, end: child.endIndex });
    }
    if (pending.length > 0) {
        items.push({
            text: source.text.slice(pending[0]!.startIndex, pending.at(-1)!.endIndex),
            side: "patch",
            start: pending[0]!.startIndex,
            end: pending.at(-1)!.endIndex
        });
    }
    const used = new Set(
        items.filter((item) => item.side === "patch").flatMap((item) => usedNamesIn(source, item).names)
    );
    const patchNeeds = (start: number) => {
        const names = imports.get(start) ?? [];
        return (
            source.language !== "python" || names.length === 0 || names.some((name) => name === "*" || used.has(name))
        );
    };
    const gap = syntaxOf(source.language).definitionGap;
    return {
        patchCode: items
            .filter((item) => item.side === "patch" || (item.side === "import" && patchNeeds(item.start)))
            .map((item) => item.text)
            .join(gap),
        testCode: items
            .filter((item) => item.side !== "patch")
            .map((item) => item.text)
            .join(gap)
    };
}

/** Every block of an answer, classified, and what a chain takes from them. */
export interface ClassifiedAnswer {
    blocks: ClassifiedBlock[];
    /** The patch: the last block that is a replacement, whole file, diff or mixed (models end with the final version). */
    patch?: ClassifiedBlock;
    /** The blocks holding tests (`tests` and `mixed`), in order. */
    tests: ClassifiedBlock[];
    /** Why the answer gives no patch or no tests, when it does not; kept as evidence. */
    problems: string[];
}

/**
 * Reads an answer's fenced blocks (outside the `<think>` trace) and classifies each. An answer without any fence
 * whose whole text parses as code of the file's language is taken as one untagged block.
 */
export async function classifyAnswer(answer: string, options: ClassifyCodeBlockOptions): Promise<ClassifiedAnswer> {
    let fenced = parseFencedBlocks(answer);
    let unfenced = false;
    if (fenced.length === 0) {
        const start = answerStart(answer);
        const code = answer.slice(start).trim();
        if (code !== "") {
            fenced = [
                { info: "", tag: "", code, range: { start, end: answer.length }, closed: true, precedingText: "" }
            ];
            unfenced = true;
        }
    }
    let blocks: ClassifiedBlock[] = [];
    for (const block of fenced) blocks.push(await classifyCodeBlock(block, options));
    const problems: string[] = [];
    if (unfenced && (blocks[0]?.role === "other" || blocks[0]?.role === "unparseable")) {
        blocks = [];
        problems.push("the answer has no code blocks");
    } else if (fenced.length === 0) problems.push("the answer has no code blocks");
    const patch = blocks
        .filter(
            (block) =>
                block.role === "replacement" ||
                block.role === "wholeFile" ||
                block.role === "diff" ||
                block.role === "mixed"
        )
        .at(-1);
    const tests = blocks.filter((block) => block.role === "tests" || block.role === "mixed");
    if (blocks.length > 0 && !patch) problems.push(`no block defines ${options.targetName} or is a diff`);
    if (blocks.length > 0 && tests.length === 0) problems.push("no block holds tests");
    for (const block of blocks) {
        if (block.role === "unparseable") problems.push(`block ${blocks.indexOf(block) + 1}: ${block.reason}`);
        const dropped = block.droppedUnits ?? [];
        if (dropped.length > 0) {
            problems.push(
                `block ${blocks.indexOf(block) + 1}: left out ${dropped.length} ${dropped.length === 1 ? "unit that does" : "units that do"} not parse: ` +
                    dropped.map((unit) => `\`${unit.firstLine}\` (${unit.error})`).join("; ")
            );
        }
        if (!block.block.closed)
            problems.push(`block ${blocks.indexOf(block) + 1} is not closed (the answer may be cut off)`);
    }
    const result: ClassifiedAnswer = { blocks, tests, problems };
    if (patch) result.patch = patch;
    return result;
}
