// What the port chain needs of each language: a source backend reads the original (units, examples, tests) and
// runs it on cases; a target backend reads replies, assembles and builds the port, runs it on the same cases,
// and renders tests. A language pair is a row of `languagePairs.ts` plus one backend on each side.

import type { CodeParser, SourceLanguage } from "../../analysis/index.js";
import type { Sandbox } from "../../sandbox/index.js";
import type { Workspace } from "../../workspace/Workspace.js";
import type { ExactJson } from "./exactJson.js";
import type { CaseLine, HarnessOutcome } from "./harnessRuns.js";
import type { PortTarget, PortUnit, SourceExample } from "./PortTypes.js";
import type { PortedItem, ReadReply } from "../../languages/rust/port/readPortedItem.js";
import type { RustFunctionSignature } from "../../languages/rust/port/rustSignature.js";
import type { TestPlan } from "./testPlans.js";
import type { ValueType } from "./valueTypes.js";

/** What a source backend reads of the original file: its units, imports, examples and tests. */
export interface DecomposedSource {
    /** Units in dependency order: a unit comes after the units it uses (text order where calls form a cycle). */
    units: PortUnit[];
    /** Imported modules, as written (`math`, `collections`). */
    imports: string[];
    examples: SourceExample[];
    /** The file's own tests (pytest functions, unittest methods), with their text. */
    tests: SourceTest[];
}

export interface SourceTest {
    name: string;
    /** The file it is in, relative to the workspace root. */
    file: string;
    /** The test function's node text. */
    text: string;
}

/** A ported function's signature (Rust's shape; a TypeScript parameter is passed as the value it is). */
export type PortedSignature = RustFunctionSignature;

export interface RunContext {
    sandbox: Sandbox;
    /** The workspace whose build caches (cargo's shared target folder) the port uses. */
    workspaceRoot: string;
    cacheDir?: string;
    signal?: AbortSignal;
}

/** The port's files and where each unit sits in its main file. */
export interface AssembledPort {
    /** The crate's or package's name. */
    name: string;
    /** Files by path relative to the port's folder. */
    files: Record<string, string>;
    /** 1-based line ranges of each unit in the main source file. */
    unitLines: { unit: string; first: number; last: number }[];
}

export interface PortBuild {
    ok: boolean;
    cancelled: boolean;
    output: string;
    /** Compiler errors by unit name (errors in no unit's lines are under ""). */
    errorsByUnit: Map<string, string[]>;
    durationMs: number;
}

export interface PortedTestCode {
    /** The original test's name. */
    name: string;
    /** The test in the target; absent when it could not be ported. */
    code?: string;
    /** The name the target's runner reports it under. */
    id?: string;
    reason?: string;
}

export interface AssembleInput {
    stem: string;
    sourceFile: string;
    units: { name: string; code: string; uses: string[] }[];
    harnessFunctions: PortedSignature[];
    portedTests: PortedTestCode[];
    counterexampleTests: string[];
}

export interface TargetBackend {
    readonly target: PortTarget;
    readItem(answer: string, unitName: string, kind: PortUnit["kind"], parser: CodeParser): Promise<ReadReply>;
    /** A constant with a plain literal value, ported without the model. */
    constantItem(name: string, value: ExactJson): PortedItem | undefined;
    /** How an item is shown to the units that use it: a function's header, a type's declaration. */
    declarationOf(item: PortedItem): string;
    /** Why the harness cannot call this item with values read from JSON (a class, a generic or foreign type), or undefined. */
    harnessProblem(item: PortedItem): string | undefined;
    assemble(input: AssembleInput): AssembledPort;
    build(port: AssembledPort, context: RunContext): Promise<PortBuild>;
    runCases(
        port: AssembledPort,
        cases: CaseLine[],
        caseTimeoutMs: number,
        context: RunContext
    ): Promise<Map<number, HarnessOutcome>>;
    renderTests(plans: TestPlan[], functions: Map<string, PortedSignature>): PortedTestCode[];
    counterexampleTests(
        examples: { signature: PortedSignature; args: ExactJson[]; expected: HarnessOutcome }[]
    ): string[];
    /** Runs the port's tests: outcome by test id, or why they did not build. */
    runTests(
        port: AssembledPort,
        context: RunContext
    ): Promise<
        | { kind: "ran"; outcomes: Map<string, { passed: boolean; message?: string }> }
        | { kind: "failed"; message: string }
    >;
}

export interface SourceBackend {
    readonly language: SourceLanguage;
    /** The file's name without its extension. */
    stemOf(file: string): string;
    /** Test files of the project that test this file. */
    testFiles(workspace: Workspace, file: string): Promise<{ path: string; text: string }[]>;
    decompose(
        text: string,
        testFiles: { path: string; text: string }[],
        file: string,
        parser: CodeParser
    ): Promise<DecomposedSource>;
    planTests(tests: SourceTest[], functions: ReadonlySet<string>, parser: CodeParser): Promise<TestPlan[]>;
    runCases(
        sandbox: Sandbox,
        module: { file: string; text: string },
        cases: CaseLine[],
        caseTimeoutMs: number,
        signal?: AbortSignal
    ): Promise<Map<number, HarnessOutcome>>;
    /** A value in the source language's literal syntax: what the model and the user read about the original's inputs and results. */
    literalOf(value: ExactJson): string;
    /** A parameter's type as the source language names it, for prompts. */
    typeTextOf(type: ValueType): string;
}
