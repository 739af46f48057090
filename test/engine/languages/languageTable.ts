// The one table every language's test fills in: what its registry entry answers (names, files, fences, test
// conventions, placement, imports) and that its grammar loads and parses a sample. A new language's test is one
// `checkLanguage(table)` call.

import assert from "node:assert/strict";
import {
    CodeParser,
    listDefinitions,
    languageOfFenceTag,
    languageOfPath,
    type SourceLanguage
} from "../../../engine/analysis/index.js";
import {
    fenceTagOf,
    languageSupportOf,
    type ProjectTestFiles,
    type TestPlacement
} from "../../../engine/languages/index.js";

export interface LanguageTable {
    language: SourceLanguage;
    /** Paths and the language each is read as (undefined: not this language's file). */
    paths: [string, SourceLanguage | undefined][];
    /** Fence tags read as this language. */
    fenceTags: string[];
    /** The tag prompts ask for. */
    promptTag: string;
    /** Source with the named top-level functions, parsed by the language's grammar. */
    sample: { text: string; functions: string[] };
    /** [path, targetFile, is a test file of it]. */
    testFiles: [string, string, boolean][];
    /** The file kept tests of `target` go into, with the project's test files. */
    testFileFor: { target: string; project: ProjectTestFiles; expected: string }[];
    /** Where a candidate's tests are placed for a run. */
    placement: { target: string; tag: string; code: string; expected: TestPlacement };
    importHint: { file: string; names: string[]; expected: { hint: string; modulePath: string } };
    inTargetFile: boolean;
    toolchain: {
        name: string;
        projectMarkers: string[];
        runsNamedFiles: boolean;
        buildsBeforeTests: boolean;
        measuresCoverage: boolean;
    };
    /** A failure message and where it says the failure is. */
    failure: { message: string; site: { file: string; line: number } | undefined };
    /** Capabilities: behaviour comparison, port source, port target. */
    capabilities: { behaviour: boolean; portSource: boolean; portTarget: boolean; symbolicTools: string[] };
}

export async function checkLanguage(table: LanguageTable): Promise<void> {
    const support = languageSupportOf(table.language);
    assert.equal(support.name, table.language);
    for (const [path, expected] of table.paths) assert.equal(languageOfPath(path), expected, path);
    for (const tag of table.fenceTags) assert.equal(languageOfFenceTag(tag), table.language, tag);
    assert.equal(fenceTagOf(table.language), table.promptTag);
    const names = (await listDefinitions(table.sample.text, table.language, { parser: CodeParser.shared() }))
        .filter((d) => d.container === undefined && d.kind === "function")
        .map((d) => d.name);
    assert.deepEqual(names, table.sample.functions);
    for (const [path, target, expected] of table.testFiles)
        assert.equal(support.tests.isTestFile(path, target), expected, `${path} tests ${target}`);
    for (const { target, project, expected } of table.testFileFor)
        assert.equal(support.tests.testFileFor(target, project), expected);
    const { target, tag, code, expected } = table.placement;
    assert.deepEqual(support.tests.place(target, tag, code), expected);
    assert.deepEqual(
        support.tests.importHint(table.importHint.file, table.importHint.names, "Import with"),
        table.importHint.expected
    );
    assert.equal(support.tests.inTargetFile, table.inTargetFile);
    const { name, projectMarkers, runsNamedFiles, buildsBeforeTests, measuresCoverage } = support.toolchain;
    assert.deepEqual(
        { name, projectMarkers: [...projectMarkers], runsNamedFiles, buildsBeforeTests, measuresCoverage },
        table.toolchain
    );
    assert.deepEqual(support.tests.failureSite(table.failure.message), table.failure.site);
    assert.deepEqual(
        {
            behaviour: support.behaviour !== undefined,
            portSource: support.port?.source !== undefined,
            portTarget: support.port?.target !== undefined,
            symbolicTools: (support.symbolicFixSources?.() ?? []).map((source) => source.tool)
        },
        table.capabilities
    );
}
