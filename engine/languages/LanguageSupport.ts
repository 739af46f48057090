// Everything fix, tests and port need to know about one programming language, behind one interface: the chains,
// the analysis and the front ends ask a `LanguageSupport` (found in the registry, `engine/languages/index.ts`) and
// never compare a language's name. A language is one folder, `engine/languages/<language>/`, and one registry line.
//
// Decisions (2026-12-07, languages-b):
// - One support per `SourceLanguage` (dialect): TypeScript, TSX and JavaScript are three supports built by one
//   folder (`ecmascript/`) and share a `family`, so a prompt's fence tag and a test file's extension stay exact.
// - `SourceLanguage` is derived from the registry (the union of the registered supports' `name`s), not written
//   by hand: adding a language adds its name by adding its registry line.
// - Members that point at chain-level code (port backends, the behaviour harness, symbolic sources) are getters or
//   functions in each folder, so the registry's module cycle (chains → registry → folder → chains) never reads a
//   binding before it is initialised. Nothing calls the registry at a module's top level.
// - Optional members are capabilities: a language without `behaviour` is not compared by behaviour, one without
//   `port.source` cannot be ported from, and the chains say so in the evidence.

import type { CodeParser, TestFramework, TextEdit } from "../analysis/index.js";
import type { LanguageSyntax } from "../analysis/languageSyntax.js";
import type { BehaviourRequest } from "../chains/fix/candidateBehaviour.js";
import type { BehaviourTarget } from "../chains/fix/candidateBehaviourTarget.js";
import type { SymbolicFixSource } from "../chains/fix/symbolic/SymbolicTypes.js";
import type { LanguagePair } from "../chains/port/languagePairs.js";
import type { SourceBackend, TargetBackend } from "../chains/port/PortBackends.js";
import type { TestCaseResult, ToolchainName } from "../toolchains/TestRunResult.js";
import type { ParsedTestId } from "../toolchains/testIdMatching.js";
import type { ToolchainDriver } from "../toolchains/toolchainRun.js";

/** Where a language's tree-sitter grammar and our queries for it are. */
export interface GrammarSource {
    /** The grammar's `.wasm`, as a module path resolvable from the engine (`tree-sitter-python/tree-sitter-python.wasm`). */
    readonly wasm: string;
    /** The folder under `grammars/queries/` holding `definitions.scm`, `imports.scm` and `tests.scm`. */
    readonly queries: string;
}

/** The project's test files of the target's language, with their texts, and its package.json (for the JS runners). */
export interface ProjectTestFiles {
    files: { path: string; text: string }[];
    packageJson?: string;
}

/** Tests placed for one run: a file beside the target, or (in-file tests) a module appended to the target. */
export interface TestPlacement {
    /** Path of the test file (for in-file tests: the target file, which carries the module). */
    file: string;
    /** The test code as placed: for in-file tests, the module to append. */
    code: string;
    /** For in-file tests: the module's name, the prefix of its tests' ids. */
    module?: string;
}

/** Merged kept tests: each import once, then the tests' bodies. */
export interface MergedTestCode {
    imports: string[];
    body: string;
}

/** Where a failure message says a failure happened: the innermost stack frame it names. */
export interface FailureSite {
    file: string;
    line: number;
}

/** How tests are written, found, placed and merged in a language. */
export interface TestConventions {
    /**
     * True when `path` (workspace-relative) is a test file of the project that may test `targetFile`: Python's
     * `test_*.py`/`*_test.py`, JS/TS `*.test.*`/`*.spec.*`, Rust's `tests/*.rs` and the target itself (its
     * `#[cfg(test)]` module is where a Rust file's unit tests live). One rule for fix, tests and port.
     */
    isTestFile(path: string, targetFile: string): boolean;
    /** Tests live inside the target file (Rust): a run builds the whole project, kept tests are appended to the target. */
    readonly inTargetFile: boolean;
    /** The framework new tests should use, from the project's existing tests and manifest. */
    detectFramework(project: ProjectTestFiles): Promise<TestFramework>;
    /** What the tests prompt asks for, per framework ("pytest test functions named test_* using plain `assert`…"). */
    frameworkInstruction(framework: TestFramework): string;
    /** What the fix prompt asks for: the default framework's tests, in a few words. */
    readonly fixTestStyle: string;
    /** How a test imports `names` of `file`: the sentence for the prompt (after `lead`, "Import it with") and the module path. */
    importHint(file: string, names: readonly string[], lead: string): { hint: string; modulePath: string };
    /** The file kept tests go into: an existing test file of the target, else a new one where the project's tests live. */
    testFileFor(targetFile: string, project: ProjectTestFiles): string;
    /** Where a candidate's tests go for one verification run; `tag` names the file or module (`r0_c2`). */
    place(targetFile: string, tag: string, testCode: string): TestPlacement;
    /** A line that is a whole import in test code (merged once at the top of a kept-tests file). */
    readonly importLine: RegExp;
    /** A line of an existing test file where an import starts: missing imports are added after the last one. */
    readonly importStart: RegExp;
    /** What separates two tests (and the imports from the tests) in a kept-tests file: "\n\n\n" in Python. */
    readonly testGap: string;
    /** Merges import lines (JS/TS: one `import { … }` per module); default: as they are. */
    mergeImports?(imports: string[]): string[];
    /** The edit that appends merged tests to an in-file-tests target (Rust's `#[cfg(test)] mod tests`). */
    appendToTarget?(targetText: string, merged: MergedTestCode): TextEdit;
    /** Adds missing names to the file's existing imports of the same modules (JS/TS); returns the edits and what is still missing. */
    extendImports?(existing: string, missing: string[]): { edits: TextEdit[]; missing: string[] };
    /** Renames a test function in its code (for a name an earlier kept test took); code unchanged when it cannot. */
    renameTest(code: string, from: string, to: string): string;
    /** A test's own source in a reply's code, found by its bare name (a function by indentation or braces); undefined: use the whole block. */
    testFunctionSource(code: string, name: string): string | undefined;
    /** Something in a test that checks a result (an assertion, `expect(`, `assert_eq!`). */
    readonly assertion: RegExp;
    /** Test names in code that does not parse, by pattern (global; group 1 is the name). */
    readonly testNamePattern: RegExp;
    /** A comment (global), dropped when comparing two tests' code. */
    readonly comment: RegExp;
    /** Where a failure message says the failure happened. */
    failureSite(message: string): FailureSite | undefined;
    /**
     * Every stack frame a failure message names, outermost first (the test, then what it called), with the sandbox's
     * scratch prefix removed; frames of the runtime, the standard library and installed packages are left out.
     */
    failureFrames(message: string): FailureSite[];
    /**
     * A test of the code's own documented examples (Python docstring doctests), an oracle no sample wrote;
     * undefined when the code has none.
     */
    documentedExamplesTest?(target: { name: string; code: string; modulePath: string }): string | undefined;
}

/** How a language's project tests run in the sandbox. */
export interface ToolchainSupport {
    /** The toolchain's name in results (`TestRunResult.toolchain`); one toolchain may serve several dialects. */
    readonly name: ToolchainName;
    /** Files whose presence in the workspace root says the project uses this toolchain (Cargo.toml); empty: the fallback. */
    readonly projectMarkers: readonly string[];
    /** The driver that builds, runs the tests and reads their per-test results and coverage. `options` are the toolchain's own. */
    driver(options?: unknown): ToolchainDriver;
    /** A build precedes every run (Rust): runs take the longer default limit, and runs of one workspace take turns. */
    readonly buildsBeforeTests: boolean;
    /** Runs can be limited to named test files (not Rust: cargo runs every test of the crate). */
    readonly runsNamedFiles: boolean;
    /** Line coverage of a run is measured (not yet for Rust). */
    readonly measuresCoverage: boolean;
    /** The time a bench judge gives one run of hidden tests when the task sets none (cargo builds first: longer). */
    readonly judgeTimeoutMs: number;
    /** Signs in added code that it reaches for its own verdict (the runner's internals, the process's exit). */
    readonly tamperSigns: readonly TamperSign[];
    /** A whole-line comment, dropped before the scan for tamper signs. */
    readonly commentLine: RegExp;
    /** The runner's own test ids (`tests/test_x.py::test_y`): how a user names one test of the project. */
    readonly testIds: TestIdSyntax;
}

/** A runner's test-id syntax: its description for an error, and the parts of an id written in it. */
export interface TestIdSyntax {
    /** The syntax in words with examples, for an error about a bad id. */
    readonly description: string;
    /** The id's parts, or undefined when `id` is not written in this syntax. */
    parse(id: string): ParsedTestId | undefined;
}

/** One sign of tampering: a pattern, and what code matching it does ("reaches into pytest"). */
export interface TamperSign {
    pattern: RegExp;
    says: string;
}

/** The tree-sitter node types a mutation changes, for the tests chain's mutation score. */
export interface LanguageMutations {
    operatorNodes: string[];
    integerNodes: string[];
    booleanNodes: string[];
    booleanSwap: Record<string, string>;
    /** Return statements and what to return instead; absent: return values are not mutated. */
    returnNode?: string;
    neutralReturn?: string;
}

/** What the port chain needs of a language: reading and running it as the original, or writing it as the port. */
export interface PortSupport {
    readonly source?: SourceBackend;
    readonly target?: TargetBackend;
    /** The pairs this language ports to, as the original (prompt rules, import and type counterparts). */
    readonly pairs?: readonly LanguagePair[];
}

/** Runs candidates of the target function on generated inputs, to tell survivors apart by behaviour. */
export interface BehaviourHarness {
    readTarget(request: BehaviourRequest, parser: CodeParser): Promise<BehaviourTarget | { reason: string }>;
}

/** A task's input/output cases (a bench suite's `cases.json`) and where its target file is, for a case test file. */
export interface CaseTestInput {
    cases: { function: string; module?: string; cases: { input: unknown[]; output: unknown }[] };
    tolerance: { absolute?: number; relative?: number; argument?: number };
    /** The target file's folder with its trailing slash ("" at the root), and its name without the extension. */
    dir: string;
    base: string;
}

/** A test file to write: its path relative to the workspace root, and its text. */
export interface CaseTestFile {
    path: string;
    text: string;
}

/** Everything Ponder knows about one language (one dialect: TypeScript and TSX are two). */
export interface LanguageSupport<Name extends string = string> {
    /** The language's identifier: `SourceLanguage` is the union of the registered names. */
    readonly name: Name;
    /** Languages of one family can stand in for each other (a model often tags TypeScript tests as `js`). */
    readonly family: string;
    /** The language's name in prompts and messages ("Python", "TypeScript"). */
    readonly displayName: string;
    /** File extensions, lowercase, without the dot (`py`, `pyi`). */
    readonly extensions: readonly string[];
    /** Fence tags, lowercase, that name this language; the first is the one prompts ask for. */
    readonly fenceTags: readonly string[];
    /** A line comment's opener, for notes in generated code (`#`, `//`). */
    readonly lineComment: string;
    readonly grammar: GrammarSource;
    /** What the analysis needs of the grammar's tree shapes beyond its queries. */
    readonly syntax: LanguageSyntax;
    readonly tests: TestConventions;
    /** A top-level name that is private by convention and not offered to tests (Python's `_helper`). */
    isPrivateName?(name: string): boolean;
    readonly toolchain: ToolchainSupport;
    readonly mutations: LanguageMutations;
    /**
     * Overrides how a failing test's outcome is read (Rust: a panic inside the target, else a failed assertion);
     * undefined: the chain's reading by `failureSite`.
     */
    classifyFailure?(
        test: TestCaseResult,
        targetFile: string,
        originalLineCount: number
    ): { reproduces: boolean; reason: string } | undefined;
    /** Exact tools that propose fixes for files of this language (rustc, TypeScript's code fixes, ruff). */
    symbolicFixSources?(): readonly SymbolicFixSource[];
    /** The candidates' behaviour comparison; absent: candidates are not compared by behaviour. */
    readonly behaviour?: BehaviourHarness;
    readonly port?: PortSupport;
    /**
     * The test file that checks a task's input/output cases, one test per case; throws InvalidRequestError for a
     * language whose hidden checks are test files only (Rust, Go).
     */
    caseTests(input: CaseTestInput): CaseTestFile;
}
