// The port chain's run state as one explicit record: the request's facts (the pair, its two backends, where
// the port goes), the decomposed source, each unit's state, the differential cases, the port that last built,
// the harness's status, notes and timings. Each phase of `runPortChain` reads and extends this record.

import { performance } from "node:perf_hooks";
import { basename, dirname, posix } from "node:path";
import { CodeParser, languageOfPath, type SourceLanguage } from "../../analysis/index.js";
import { InvalidRequestError } from "../../errors.js";
import type { ChainDependencies } from "../ChainDependencies.js";
import type { MemorySession } from "../MemorySession.js";
import { sourceBackendOf, targetBackendOf } from "./backendRegistry.js";
import type { DecomposedSource } from "./PortBackends.js";
import type { ExactJson } from "./exactJson.js";
import { languagePairOf, languagePairs, type LanguagePair } from "./languagePairs.js";
import type { AssembledPort, PortedTestCode, RunContext, SourceBackend, TargetBackend } from "./PortBackends.js";
import type { PortEvent, PortRequest, PortUnit, UnitReport } from "./PortTypes.js";
import type { PortedItem } from "../../languages/rust/port/readPortedItem.js";
import type { DifferentialCase } from "./unitVerdicts.js";

export type PortChainDependencies = ChainDependencies<PortEvent>;

/** What the request and its file say before any phase runs. */
export interface PortFacts {
    request: PortRequest;
    deps: PortChainDependencies;
    /** The file to port, with forward slashes. */
    file: string;
    language: SourceLanguage;
    /** The original's text. */
    text: string;
    /** The file's name without its extension: the crate's or package's name comes from it. */
    stem: string;
    outDir: string;
    caseTimeoutMs: number;
    seed: number;
    pair: LanguagePair;
    source: SourceBackend;
    target: TargetBackend;
    parser: CodeParser;
    /** What the target's builds and runs need: the sandbox, the workspace's caches, the cancel signal. */
    context: RunContext;
    emit(event: PortEvent): void;
}

/** One unit's state through the chain. */
export interface UnitState {
    unit: PortUnit;
    /** The unit's code as it stands; absent before translation or after it was left out of the build. */
    item?: PortedItem;
    report: UnitReport;
    /** Argument lists the model proposed as edge cases in its replies about this unit. */
    proposedCases: ExactJson[][];
    /** The unit is in the last port that built. */
    inBuild: boolean;
}

/** The tests a port carries: the file's own tests ported, and counterexamples kept as regression tests (both empty until step 7). */
export interface PortTestCode {
    portedTests: PortedTestCode[];
    counterexampleTests: string[];
}

export const noTestCode: PortTestCode = { portedTests: [], counterexampleTests: [] };

export interface PortTimings {
    /** `performance.now()` when the run started. */
    startedAt: number;
    modelMs: number;
    buildMs: number;
    differentialMs: number;
}

export interface PortRun extends PortFacts {
    decomposed: DecomposedSource;
    /** The original's imports and their counterparts in the target. */
    imports: { source: string; target: string }[];
    /** Units in translation order (dependencies first). */
    units: UnitState[];
    byName: Map<string, UnitState>;
    /** The job's use of the solution memory; absent without a memory. */
    memory: MemorySession | undefined;
    /** Model calls made so far: the next call's index, and the offset of its seed. */
    modelCalls: number;
    cases: DifferentialCase[];
    /** The port that last built, with the units whose `inBuild` is set. */
    crate: AssembledPort | undefined;
    /** Set when the harness itself does not build: the units still build and are tested no further. */
    harnessBroken: string | undefined;
    notes: string[];
    timings: PortTimings;
}

/** Resolves the request into the pair, its backends and the port's folder, and reads the file; a request Ponder cannot serve throws. */
export async function readPortFacts(request: PortRequest, deps: PortChainDependencies): Promise<PortFacts> {
    const file = request.file.replace(/\\/g, "/");
    const language = languageOfPath(file);
    const pair = language ? languagePairOf(language, request.to) : undefined;
    const source = language ? sourceBackendOf(language) : undefined;
    const target = targetBackendOf(request.to);
    if (!language || !pair || !source || !target) {
        throw new InvalidRequestError(
            `Ponder cannot port ${file} to ${request.to}: the pairs it knows are ${languagePairs.map((p) => `${p.from} to ${p.to}`).join(", ")}.`
        );
    }
    const text = await deps.workspace.readText(file);
    const outDir = request.outDir?.replace(/\\/g, "/").replace(/\/$/, "") ?? defaultPortOutDir(file, pair);
    if (outDir === "" || outDir === "." || outDir.startsWith("../") || outDir.startsWith("/"))
        throw new InvalidRequestError(
            `The port needs a folder of its own inside the workspace, not "${outDir || "."}"; choose one with --out.`
        );
    return {
        request,
        deps,
        file,
        language,
        text,
        stem: source.stemOf(file),
        outDir,
        pair,
        source,
        target,
        caseTimeoutMs: request.caseTimeoutMs ?? 1000,
        seed: request.seed ?? 1,
        parser: CodeParser.shared(),
        context: {
            sandbox: deps.sandbox,
            workspaceRoot: deps.workspace.root,
            ...(deps.signal ? { signal: deps.signal } : {})
        },
        emit: (event) => deps.onEvent?.(event)
    };
}

/** Where a port goes by default: a sibling folder named by the pair (`lib/mathutils.py` → `lib/mathutils_rs`). */
export function defaultPortOutDir(file: string, pair: LanguagePair): string {
    const stem = basename(file).replace(/\.[^.]+$/, "");
    return posix.join(dirname(file) === "." ? "" : dirname(file), pair.outDirOf(stem));
}

/** A fresh run's timings, started now. */
export function startTimings(): PortTimings {
    return { startedAt: performance.now(), modelMs: 0, buildMs: 0, differentialMs: 0 };
}

/** Whether the harness calls this unit: a function with code, a signature the harness reads and writes, and a harness that builds. */
export function isHarnessed(run: Pick<PortRun, "harnessBroken" | "target">, state: UnitState): boolean {
    return (
        state.unit.kind === "function" &&
        state.item !== undefined &&
        !run.harnessBroken &&
        run.target.harnessProblem(state.item) === undefined
    );
}

/** The units in the last port that built and the harness calls. */
export function harnessedUnits(run: PortRun): UnitState[] {
    return run.units.filter((state) => state.inBuild && isHarnessed(run, state));
}
