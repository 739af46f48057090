// Test units in test files (pytest and unittest functions, `test(`/`it(` blocks of node:test, jest, vitest and
// mocha, Rust `#[test]` functions) and which of them exercise a given function.

import type { Node as SyntaxNode } from "web-tree-sitter";
import { CodeParser, type ParsedSource } from "./CodeParser.js";
import { attachedNodesOf, lastSegment, outerNodeOf, type AnalysisOptions, type DefinitionSite } from "./definitions.js";
import { importsIn } from "./imports.js";
import { languageOfPath, type SourceLanguage } from "./SourceLanguage.js";
import type { TextRange } from "./textEdits.js";
import { indentationAt } from "./textPositions.js";
import { usedNamesIn } from "./usedDefinitions.js";

export type TestFramework =
    "pytest" | "unittest" | "node:test" | "vitest" | "jest" | "mocha" | "rust" | "go" | "unknown";

/** One test, or one suite grouping tests (a `Test*` class, a `describe` block, a `#[cfg(test)]` module). */
export interface TestUnit {
    kind: "test" | "suite";
    /** The function name, or the title string of a `test(`/`it(` call. */
    name: string;
    /** The name within its suites: `TestStack.test_push`, `Stack > push > keeps order`, `tests::pops`. */
    qualifiedName: string;
    /** The whole unit with its decorators and attributes (`@pytest.mark…`, `#[test]`), or the whole call statement. */
    range: TextRange;
    text: string;
    indentation: string;
    /** The framework the unit is written for, as far as the file tells (`unknown` for jest/mocha/vitest globals). */
    framework: TestFramework;
}

/** A file given by path and content; the analysis never reads the disk itself. */
export interface SourceFile {
    path: string;
    text: string;
}

/** A test of a test file that refers to the target. */
export interface ExistingTest extends TestUnit {
    file: string;
}

/** Every test and suite of a parsed source, in text order. */
export function testUnitsIn(source: ParsedSource, under: SyntaxNode = source.root): TestUnit[] {
    const framework = frameworkOf(source);
    const found: { kind: "test" | "suite"; node: SyntaxNode; name: string }[] = [];
    const seen = new Set<string>();
    for (const match of source.grammar.matches("tests", under)) {
        const main = match.captures.find((capture) => capture.name === "test" || capture.name === "suite");
        const name = match.captures.find((capture) => capture.name === "name");
        if (!main || !name || seen.has(`${main.name}@${main.node.startIndex}`)) continue;
        seen.add(`${main.name}@${main.node.startIndex}`);
        found.push({ kind: main.name as "test" | "suite", node: main.node, name: titleOf(name.node) });
    }
    const separator = source.language === "rust" ? "::" : source.language === "python" ? "." : " > ";
    return found
        .map(({ kind, node, name }) => {
            const suites = found.filter(
                (other) =>
                    other.kind === "suite" &&
                    other.node.startIndex <= node.startIndex &&
                    other.node.endIndex >= node.endIndex &&
                    !(other.node.startIndex === node.startIndex && other.node.endIndex === node.endIndex)
            );
            const range = unitRange(source, node);
            const unitFramework =
                source.language === "python" && suites.some((suite) => isTestCaseClass(suite.node))
                    ? "unittest"
                    : framework;
            return {
                kind,
                name,
                qualifiedName: [...suites.map((suite) => suite.name), name].join(separator),
                range,
                text: source.text.slice(range.start, range.end),
                indentation: indentationAt(source.text, range.start),
                framework: unitFramework
            };
        })
        .sort((a, b) => a.range.start - b.range.start);
}

/**
 * The test units of a model's code that are not the target itself: a function under test may be named `test_tag`
 * and a production class `TestResult`, and the target's own name (or a class holding it) is never a test.
 */
export function testUnitsBesideTarget(source: ParsedSource, targetName: string): TestUnit[] {
    const segments = targetName.split(/::|\./);
    const name = segments.at(-1);
    const containers = new Set(segments.slice(0, -1));
    return testUnitsIn(source).filter(
        (unit) => !(unit.kind === "test" ? unit.name === name : containers.has(unit.name))
    );
}

const fixtureDecorator = /^\s*@(pytest\.)?fixture\b/m;

/** True for a Python definition decorated as a pytest fixture: test code, whatever its name. */
export function isPytestFixture(site: DefinitionSite, text: string): boolean {
    return text
        .slice(site.definition.fullRange.start, site.core.startIndex)
        .split("\n")
        .some((line) => fixtureDecorator.test(line));
}

function titleOf(node: SyntaxNode): string {
    if (node.type === "string" || node.type === "template_string") return node.text.slice(1, -1);
    return node.text;
}

function unitRange(source: ParsedSource, node: SyntaxNode): TextRange {
    if (source.language !== "python" && source.language !== "rust") {
        const statement = node.parent?.type === "expression_statement" ? node.parent : node;
        return { start: statement.startIndex, end: statement.endIndex };
    }
    const outer = outerNodeOf(node, source.language);
    const attached = attachedNodesOf(outer, source.text, source.language);
    return { start: attached[0]?.startIndex ?? outer.startIndex, end: outer.endIndex };
}

function isTestCaseClass(node: SyntaxNode): boolean {
    return /TestCase\b/.test(node.childForFieldName("superclasses")?.text ?? "");
}

function frameworkOf(source: ParsedSource): TestFramework {
    if (source.language === "rust") return "rust";
    if (source.language === "python") return "pytest";
    const modules = importsIn(source).map((statement) => statement.source);
    if (modules.includes("node:test")) return "node:test";
    if (modules.includes("vitest")) return "vitest";
    if (modules.includes("@jest/globals")) return "jest";
    if (modules.includes("mocha")) return "mocha";
    return "unknown";
}

/** The tests (not suites) of a parsed source that refer to `targetName` (its last segment), by any receiver. */
export function testsReferringTo(source: ParsedSource, targetName: string): TestUnit[] {
    const name = lastSegment(targetName);
    return testUnitsBesideTarget(source, targetName).filter((unit) => {
        if (unit.kind !== "test") return false;
        const used = usedNamesIn(source, unit.range);
        return used.names.includes(name) || used.memberNames.includes(name) || used.otherMemberNames.includes(name);
    });
}

/** Every test and suite of a text. */
export async function listTestUnits(
    text: string,
    language: SourceLanguage,
    options: AnalysisOptions = {}
): Promise<TestUnit[]> {
    return (options.parser ?? CodeParser.shared()).parse(text, language, (source) => testUnitsIn(source));
}

/**
 * The tests in `files` that call or otherwise refer to the target (matched by the last part of its name, so
 * `Stack.push` finds `stack.push(1)`). A file's language comes from its path, else `language`.
 */
export async function findExistingTests(
    files: readonly SourceFile[],
    targetName: string,
    language: SourceLanguage,
    options: AnalysisOptions = {}
): Promise<ExistingTest[]> {
    const parser = options.parser ?? CodeParser.shared();
    const tests: ExistingTest[] = [];
    for (const file of files) {
        const fileLanguage = languageOfPath(file.path) ?? language;
        const found = await parser.parse(file.text, fileLanguage, (source) => testsReferringTo(source, targetName));
        tests.push(...found.map((unit) => ({ ...unit, file: file.path })));
    }
    return tests;
}
