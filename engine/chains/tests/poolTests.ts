// Reads the candidate replies into single tests: each test block is split into one self-contained snippet per
// test (its block's imports, fixtures and helpers kept, the other tests removed), pooled over the replies and
// deduplicated by normalized code. Blocks that do not parse and tests that assert nothing are dropped here.

import { languageSupportOf } from "../../languages/index.js";
import {
    classifyAnswer,
    ensureTestImportsTarget,
    listDefinitions,
    listTestUnits,
    type SourceLanguage,
    type TestFramework,
    type TestUnit
} from "../../analysis/index.js";
import type { CandidateReply } from "../../runtime/ModelRuntime.js";
import type { CandidateTestsReport, DroppedTest } from "./TestsTypes.js";

/** One generated test, ready to run on its own. */
export interface PooledTest {
    /** Unique in the pool: a later test with a taken name gets a `_2` suffix. */
    name: string;
    candidate: number;
    /** The block with only this test: imports, fixtures and helpers, then the test. */
    code: string;
    /** The index of its block in the pool (tests of one block are merged back together in the final file). */
    block: number;
    /** The test unit's own text, as in its block. */
    unitText: string;
    framework: TestFramework;
}

export interface TestBlock {
    candidate: number;
    code: string;
    language: SourceLanguage;
}

export interface PoolResult {
    tests: PooledTest[];
    blocks: TestBlock[];
    dropped: DroppedTest[];
    candidates: CandidateTestsReport[];
}

export interface PoolInput {
    replies: CandidateReply[];
    language: SourceLanguage;
    /** The symbol, or a name no block defines when the whole file is the target. */
    targetName: string;
    originalText: string;
    /** How tests import the target (`stats`, `./stats.js`, `super`). */
    modulePath: string;
    /** Names the target file exports, for the import a test forgot (whole-file targets). */
    importNames: string[];
}

export async function poolTests(input: PoolInput): Promise<PoolResult> {
    const { language } = input;
    const tests: PooledTest[] = [];
    const blocks: TestBlock[] = [];
    const dropped: DroppedTest[] = [];
    const candidates: CandidateTestsReport[] = [];
    const seen = new Map<string, string>();
    const taken = new Set<string>();
    for (const reply of input.replies) {
        const report: CandidateTestsReport = { index: reply.index, tests: [], parseProblems: [] };
        candidates.push(report);
        if (reply.flags.includes("thoughtUnclosed"))
            report.parseProblems.push("the reply ended inside its thought, with no answer");
        if (reply.answer.trim() === "") continue;
        const answer = await classifyAnswer(reply.answer, {
            language,
            targetName: input.targetName,
            originalText: input.originalText
        });
        report.parseProblems.push(...answer.problems.filter((problem) => !/no block defines|is a diff/.test(problem)));
        for (const block of answer.blocks.filter((b) => b.role === "unparseable")) {
            const names = testNamesIn(block.block.code, language);
            for (const name of names.length > 0 ? names : [`block ${answer.blocks.indexOf(block) + 1}`])
                dropped.push({
                    name,
                    candidate: reply.index,
                    reason: `it does not parse: ${block.reason}`,
                    code: block.block.code
                });
        }
        for (const block of answer.tests) {
            let code = (block.testCode ?? block.block.code).trim();
            for (const name of importNamesFor(input, code))
                code = (
                    await ensureTestImportsTarget(code, language, { modulePath: input.modulePath, targetName: name })
                ).code;
            const units = await listTestUnits(code, language);
            const testUnits = units.filter((unit) => unit.kind === "test");
            if (testUnits.length === 0) continue;
            const blockIndex = blocks.length;
            blocks.push({ candidate: reply.index, code, language });
            const definitions = await listDefinitions(code, language);
            for (const unit of testUnits) {
                let name = unit.qualifiedName;
                report.tests.push(name);
                const single = onlyTests(code, units, [unit]);
                const key = normalized(unit, language);
                const original = seen.get(key);
                if (original !== undefined) {
                    dropped.push({ name, candidate: reply.index, reason: `a duplicate of ${original}`, code: single });
                    continue;
                }
                seen.set(key, name);
                if (
                    !asserts(
                        unit.text,
                        definitions
                            .filter((d) => !d.name.startsWith("test"))
                            .map((d) => ({ name: d.name, text: d.text })),
                        language
                    )
                ) {
                    dropped.push({
                        name,
                        candidate: reply.index,
                        reason: "it asserts nothing: it can only fail by crashing",
                        code: single
                    });
                    continue;
                }
                for (let n = 2; taken.has(name); n++) name = `${unit.qualifiedName}_${n}`;
                taken.add(name);
                tests.push({
                    name,
                    candidate: reply.index,
                    code: single,
                    block: blockIndex,
                    unitText: unit.text,
                    framework: unit.framework
                });
            }
        }
    }
    return { tests, blocks, dropped, candidates };
}

/** The names a test block uses from the target file without importing them. */
function importNamesFor(input: PoolInput, code: string): string[] {
    const names = input.importNames.length > 0 ? input.importNames : [input.targetName];
    return names.filter((name) => new RegExp(`\\b${name.split(/::|\./)[0]!.replace(/[$]/g, "\\$")}\\b`).test(code));
}

/**
 * The block's text with every test unit removed except `keep`, and suites left without tests removed too:
 * imports, fixtures, helpers, setUp methods stay.
 */
export function onlyTests(code: string, units: TestUnit[], keep: TestUnit[]): string {
    const keepStarts = new Set(keep.map((unit) => unit.range.start));
    const tests = units.filter((unit) => unit.kind === "test");
    const removed = tests.filter((unit) => !keepStarts.has(unit.range.start)).map((unit) => unit.range);
    for (const suite of units.filter((unit) => unit.kind === "suite")) {
        const inside = tests.filter(
            (unit) => unit.range.start >= suite.range.start && unit.range.end <= suite.range.end
        );
        if (inside.length > 0 && inside.every((unit) => !keepStarts.has(unit.range.start))) removed.push(suite.range);
    }
    // Outer ranges first, then skip the ranges inside one already removed.
    removed.sort((a, b) => a.start - b.start || b.end - a.end);
    let text = "";
    let at = 0;
    for (const range of removed) {
        if (range.start < at) continue;
        text += code.slice(at, lineStartOf(code, range.start));
        at = range.end;
    }
    text += code.slice(at);
    return text.replace(/\n[ \t]*\n([ \t]*\n)+/g, "\n\n\n").trim() + "\n";
}

function lineStartOf(code: string, offset: number): number {
    const start = code.lastIndexOf("\n", offset - 1) + 1;
    return /^[ \t]*$/.test(code.slice(start, offset)) ? start : offset;
}

/** A test's code for duplicate detection: its own name, comments and whitespace do not count. */
function normalized(unit: TestUnit, language: SourceLanguage): string {
    return unit.text
        .split(unit.name)
        .join("\u0000")
        .replace(languageSupportOf(language).tests.comment, "")
        .replace(/\s+/g, "");
}

/** Whether a test checks anything: an assertion in it, or in a helper of its block that it calls. */
function asserts(unitText: string, helpers: { name: string; text: string }[], language: SourceLanguage): boolean {
    const assertion = languageSupportOf(language).tests.assertion;
    if (assertion.test(unitText)) return true;
    return helpers.some(
        (helper) => new RegExp(`\\b${helper.name}\\s*\\(`).test(unitText) && assertion.test(helper.text)
    );
}

/** Test names in code that does not parse, read by pattern. */
function testNamesIn(code: string, language: SourceLanguage): string[] {
    return [...code.matchAll(languageSupportOf(language).tests.testNamePattern)].map((m) => m[1]!);
}
