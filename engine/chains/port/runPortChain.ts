// The port chain: decompose the file into units → translate each in dependency order (one small prompt per
// unit, carrying the signatures already ported) → assemble a Cargo crate → compile repair rounds → differential
// testing of every function against the original on the same inputs → counterexample rounds → the file's tests
// ported and run. It returns new files and a report per unit; it never writes a file itself.

import { performance } from "node:perf_hooks";
import { basename, dirname, posix } from "node:path";
import { CodeParser, languageOfPath } from "../../analysis/index.js";
import { InvalidRequestError } from "../../errors.js";
import { runTests } from "../../toolchains/index.js";
import type { ChainDependencies } from "../ChainDependencies.js";
import { describeOutcome, sameOutcome } from "./compareOutcomes.js";
import { generateCases } from "./caseGeneration.js";
import { decomposeSource, type DecomposedSource } from "./decomposeSource.js";
import { pythonLiteral, type ExactJson } from "./exactJson.js";
import type { CaseLine, HarnessOutcome } from "./harnessRuns.js";
import { languagePairOf, type LanguagePair } from "./languagePairs.js";
import { compileRepairPrompt, counterexamplePrompt, translatePrompt, type UnitPromptInput } from "./portPrompt.js";
import { counterexampleTests, portSourceTests, type PortedFunctions } from "./portTests.js";
import type {
    PortedTest, PortEvent, PortRequest, PortResult, PortStatus, PortUnit, UnitReport
} from "./PortTypes.js";
import { runPythonCases } from "./pythonHarness.js";
import { readPortedItem, type PortedItem } from "./readPortedItem.js";
import { assembleCrate, crateNameOf, type AssembledCrate } from "./rustCrate.js";
import { buildCrate, runRustCases, type RustCrateOptions } from "./rustHarness.js";
import { parameterType } from "./valueTypes.js";

export type PortChainDependencies = ChainDependencies<PortEvent>;

/** One unit's state through the chain. */
interface UnitState {
    unit: PortUnit;
    item?: PortedItem;
    report: UnitReport;
    proposedCases: ExactJson[][];
    /** The unit is in the last crate that built. */
    inBuild: boolean;
}

interface DifferentialCase {
    line: CaseLine;
    unit: string;
    expected?: HarnessOutcome;
}

export async function runPortChain(request: PortRequest, deps: PortChainDependencies): Promise<PortResult> {
    const started = performance.now();
    const { workspace, signal } = deps;
    const emit = (event: PortEvent) => deps.onEvent?.(event);
    const file = request.file.replace(/\\/g, "/");
    const language = languageOfPath(file);
    if (language !== "python") throw new InvalidRequestError(`Ponder ports Python files (.py); ${file} is not one.`);
    const pair = languagePairOf(language, request.to);
    if (!pair) throw new InvalidRequestError(`Ponder cannot port Python to ${request.to} yet: the pairs it knows are Python to Rust.`);
    const text = await workspace.readText(file);
    const stem = basename(file).replace(/\.py$/, "");
    const outDir = request.outDir?.replace(/\\/g, "/").replace(/\/$/, "") ?? defaultPortOutDir(file, pair);
    if (outDir === "" || outDir === "." || outDir.startsWith("../") || outDir.startsWith("/"))
        throw new InvalidRequestError(`The port needs a folder of its own inside the workspace, not "${outDir || "."}"; choose one with --out.`);
    const caseTimeoutMs = request.caseTimeoutMs ?? 1000;
    const seed = request.seed ?? 1;
    const parser = CodeParser.shared();
    let modelMs = 0;
    let buildMs = 0;
    let differentialMs = 0;
    const notes: string[] = [];

    // 1. Decompose.
    emit({ kind: "step", step: "decompose", round: 0, detail: `reading ${file}` });
    const testFiles = await siblingTestFiles(workspace, file, stem);
    const decomposed: DecomposedSource = await decomposeSource(text, testFiles, file, parser);
    if (decomposed.units.length === 0) throw new InvalidRequestError(`${file} has no functions, classes or constants to port.`);
    const imports = decomposed.imports.map((source) => ({ source, target: pair.importCounterparts[source] ?? "no standard counterpart known: port by hand" }));
    const states: UnitState[] = decomposed.units.map((unit) => ({
        unit, proposedCases: [], inBuild: false,
        report: { name: unit.name, kind: unit.kind, status: "doesNotCompile", compiled: false, cases: 0, equal: 0, skipped: 0, counterexamples: [],
            rounds: { translation: 0, compileRepair: 0, counterexample: 0 }, notes: [] }
    }));
    const byName = new Map(states.map((state) => [state.unit.name, state]));
    emit({ kind: "step", step: "decompose", round: 0, detail: `${states.length} units in order ${states.map((s) => s.unit.name).join(", ")}` });

    const promptInput = (state: UnitState): UnitPromptInput => ({
        pair, unit: state.unit, imports,
        portedSignatures: state.unit.uses.map((name) => byName.get(name)?.item).filter((item): item is PortedItem => item !== undefined).map(headerOf),
        parameterTypes: state.unit.parameters.map((parameter, i) => parameterType(parameter, state.unit.docstring, state.item?.signature?.parameters[i]?.type))
    });
    let call = 0;
    const ask = async (state: UnitState, prompt: string, round: number, purpose: string) => {
        const modelStarted = performance.now();
        const generation = await deps.runtime.generate({
            messages: [{ role: "user", content: prompt }], candidates: 1, purpose: `port.${purpose}`, seed: seed + call++,
            ...(request.thinkBudget !== undefined ? { thinkBudget: request.thinkBudget } : {})
        }, { ...(signal ? { signal } : {}), onEvent: (event) => emit({ kind: "reasoning", round, unit: state.unit.name, event }) });
        modelMs += performance.now() - modelStarted;
        const reply = generation.candidates[0]!;
        const read = await readPortedItem(reply.answer, state.unit.name, state.unit.kind, parser);
        state.report.notes.push(...read.problems.map((problem) => `${purpose}: ${problem}`));
        state.proposedCases.push(...read.proposedCases);
        return read.item;
    };

    // 2. Translate in dependency order.
    for (const state of states) {
        if (signal?.aborted) break;
        emit({ kind: "step", step: "translate", round: 0, unit: state.unit.name, detail: `porting ${state.unit.kind} ${state.unit.name}` });
        const literal = state.unit.kind === "constant" ? literalConstant(state.unit) : undefined;
        if (literal) { state.item = literal; continue; }
        state.report.rounds.translation++;
        const item = await ask(state, translatePrompt(promptInput(state)), 0, "translate");
        if (item) state.item = item;
    }

    const crateName = crateNameOf(stem);
    const crateOptions: RustCrateOptions = { sandbox: deps.sandbox, workspaceRoot: workspace.root, ...(signal ? { signal } : {}) };
    let portedTestCode = "";
    let counterexampleCode = "";
    const assemble = (included: UnitState[]): AssembledCrate => assembleCrate({
        crateName, sourceFile: file,
        units: included.map((state) => ({ name: state.unit.name, code: state.item!.code, uses: state.item!.uses })),
        harnessFunctions: included.filter(isHarnessed).map((state) => state.item!.signature!),
        portedTests: portedTestCode, counterexampleTests: counterexampleCode
    });
    /** Builds the units that have code; units whose errors stay after the rounds are left out (with what uses them). */
    const buildWithRepair = async (round: number): Promise<AssembledCrate | undefined> => {
        for (let repair = 0; ; repair++) {
            const included = states.filter((state) => state.item && !dependsOnMissing(state, byName));
            const crate = assemble(included);
            emit({ kind: "step", step: "build", round, detail: `cargo build of ${included.length} units` });
            const build = await buildCrate(crate, crateOptions);
            buildMs += build.durationMs;
            if (build.ok) {
                for (const state of states) state.inBuild = included.includes(state);
                return crate;
            }
            if (build.run.cancelled || signal?.aborted) return undefined;
            const failing = included.filter((state) => build.errorsByUnit.has(state.unit.name));
            const unplaced = build.errorsByUnit.get("") ?? [];
            if (failing.length === 0) {
                notes.push(`the crate does not build and no unit's lines are named: ${(unplaced[0] ?? build.output).slice(0, 600)}`);
                for (const state of states) state.inBuild = false;
                return undefined;
            }
            if (repair >= (request.compileRounds ?? 2)) {
                // Out of rounds: leave the failing units out so the rest can still be tested.
                for (const state of failing) {
                    state.report.notes.push(`does not compile: ${build.errorsByUnit.get(state.unit.name)![0]!.slice(0, 600)}`);
                    delete state.item;
                }
                continue;
            }
            for (const state of failing) {
                if (signal?.aborted) return undefined;
                emit({ kind: "step", step: "repair", round: repair + 1, unit: state.unit.name, detail: `${build.errorsByUnit.get(state.unit.name)!.length} compiler errors back to the model` });
                state.report.rounds.compileRepair++;
                const repaired = await ask(state, compileRepairPrompt(promptInput(state), state.item!.code, build.errorsByUnit.get(state.unit.name)!), repair + 1, "repair");
                if (repaired) state.item = repaired;
            }
        }
    };

    // 3–4. Assemble, build, compile repair.
    let crate = await buildWithRepair(0);
    for (const state of states) state.report.compiled = state.inBuild;

    // 5. Differential testing.
    const cases: DifferentialCase[] = [];
    const casesOf = (state: UnitState): ExactJson[][] => {
        const unit = state.unit;
        const arity = unit.parameters.length;
        const fromFile = decomposed.examples.filter((example) => example.unit === unit.name).map((example) => example.args);
        const types = unit.parameters.map((parameter, i) => parameterType(parameter, unit.docstring, state.item?.signature?.parameters[i]?.type));
        const all = [...fromFile, ...state.proposedCases, ...generateCases(types, request.cases ?? 200, seed)].filter((args) => args.length === arity);
        const seen = new Set<string>();
        return all.filter((args) => { const key = args.map(pythonLiteral).join("|"); if (seen.has(key)) return false; seen.add(key); return true; });
    };
    const harnessed = () => states.filter((state) => state.inBuild && isHarnessed(state));
    for (const state of states.filter((s) => s.inBuild && !isHarnessed(s))) {
        state.report.notes.push(state.unit.kind === "function" ? "not differentially tested: its Rust signature is generic" : `not differentially tested: the harness calls functions, and this is a ${state.unit.kind}`);
    }
    if (crate && harnessed().length > 0) {
        const differentialStarted = performance.now();
        for (const state of harnessed()) {
            for (const args of casesOf(state)) cases.push({ unit: state.unit.name, line: { id: cases.length, fn: state.unit.name, args } });
        }
        emit({ kind: "step", step: "differential", round: 0, detail: `${cases.length} cases on Python and Rust` });
        const expected = await runPythonCases(deps.sandbox, { name: stem, text }, cases.map((c) => c.line), caseTimeoutMs, signal);
        for (const c of cases) c.expected = expected.get(c.line.id);
        differentialMs += performance.now() - differentialStarted;
        await compare(crate, harnessed(), 0);

        // 6. Counterexample rounds.
        for (let round = 1; round <= (request.counterexampleRounds ?? 2) && !signal?.aborted; round++) {
            const differing = harnessed().filter((state) => state.report.counterexamples.some((c) => c.round === round - 1));
            if (differing.length === 0) break;
            const previous = new Map(differing.map((state) => [state, state.item!]));
            for (const state of differing) {
                emit({ kind: "step", step: "counterexamples", round, unit: state.unit.name, detail: `${state.report.counterexamples.filter((c) => c.round === round - 1).length} counterexamples back to the model` });
                state.report.rounds.counterexample++;
                const shown = state.report.counterexamples.filter((c) => c.round === round - 1).map((c) => ({
                    call: `${state.unit.name}(${c.args.map(pythonLiteral).join(", ")})`, expected: describeOutcome(c.expected), actual: describeOutcome(c.actual)
                }));
                const fixed = await ask(state, counterexamplePrompt(promptInput(state), state.item!.code, shown), round, "counterexamples");
                if (fixed) state.item = fixed;
            }
            let rebuilt = await buildWithRepair(round);
            if (!rebuilt) {
                // A fix that breaks the build is dropped: the previous code built.
                for (const [state, item] of previous) state.item = item;
                rebuilt = await buildWithRepair(round);
                if (!rebuilt) break;
            }
            crate = rebuilt;
            const differentialStarted = performance.now();
            await compare(crate, differing.filter((state) => state.inBuild && isHarnessed(state)), round);
            differentialMs += performance.now() - differentialStarted;
        }
    }

    async function compare(built: AssembledCrate, units: UnitState[], round: number): Promise<void> {
        const names = new Set(units.map((state) => state.unit.name));
        // Only inputs the original finished on are compared.
        const runnable = cases.filter((c) => names.has(c.unit) && (c.expected?.kind === "value" || c.expected?.kind === "error"));
        const actual = await runRustCases(built, runnable.map((c) => c.line), caseTimeoutMs, crateOptions);
        for (const state of units) {
            const mine = cases.filter((c) => c.unit === state.unit.name);
            const report = state.report;
            report.cases = 0;
            report.equal = 0;
            report.skipped = 0;
            for (const c of mine) {
                const got = actual.get(c.line.id);
                if (!got || !c.expected || c.expected.kind === "timeout" || c.expected.kind === "crashed" || got.kind === "outOfDomain") { report.skipped++; continue; }
                report.cases++;
                if (sameOutcome(c.expected, got)) report.equal++;
                else report.counterexamples.push({ unit: state.unit.name, args: c.line.args, expected: c.expected, actual: got, round });
            }
            report.code = state.item!.code;
        }
        emit({ kind: "evidence", round, units: units.map((state) => state.report) });
    }

    // 7. The file's tests, and the counterexamples, as Rust tests.
    const functions: PortedFunctions = new Map(states.filter((s) => s.inBuild && isHarnessed(s)).map((s) => [s.unit.name, s.item!.signature!]));
    const portedTests = await portSourceTests(decomposed.tests, functions, parser);
    const tests: PortedTest[] = portedTests.map((t) => t.code ? { name: t.name, ported: true, outcome: "failed" } : { name: t.name, ported: false, outcome: "notPorted", reason: t.reason! });
    portedTestCode = portedTests.some((t) => t.code) ? [`//! The tests of ${file}, ported by Ponder.`, `use ${crateName}::*;`, "", ...portedTests.filter((t) => t.code).map((t) => t.code!)].join("\n\n") + "\n" : "";
    const kept = states.flatMap((state) => {
        const signature = state.item?.signature;
        if (!signature || !state.inBuild) return [];
        const unique = new Map(state.report.counterexamples.map((c) => [c.args.map(pythonLiteral).join("|"), c]));
        // Ten per unit are enough to pin the behaviour down; the report lists them all.
        return [...unique.values()].slice(0, 10).map((c) => ({ signature, args: c.args, expected: c.expected }));
    });
    const keptTests = counterexampleTests(kept);
    counterexampleCode = keptTests.length ? [`//! Inputs on which an earlier port differed from ${file}, kept as regression tests.`, `use ${crateName}::*;`, "", ...keptTests].join("\n\n") + "\n" : "";
    const included = states.filter((state) => state.inBuild);
    const finalCrate = assemble(included.length > 0 ? included : states.filter((state) => state.item));
    if (crate && (portedTestCode || counterexampleCode)) {
        emit({ kind: "step", step: "tests", round: 0, detail: `${portedTests.filter((t) => t.code).length} ported tests, ${keptTests.length} counterexample tests` });
        const run = await runTests({
            sandbox: deps.sandbox, workspaceRoot: workspace.root, toolchain: "rust", files: [], contents: finalCrate.files, testTimeoutMs: 120_000,
            ...(signal ? { signal } : {})
        });
        if (run.kind === "ran") {
            for (const test of tests.filter((t) => t.ported)) {
                const name = portedTests.find((p) => p.name === test.name)!.code!.match(/fn (\w+)\(/)![1]!;
                const result = run.tests.find((r) => r.id.endsWith(`::${name}`) || r.id === name || r.name === name);
                test.outcome = result?.outcome === "passed" ? "passed" : "failed";
                if (result && result.outcome !== "passed") test.reason = result.message?.split("\n").slice(0, 4).join(" ") ?? result.outcome;
            }
        } else {
            notes.push(`the ported tests do not build: ${run.kind === "buildFailed" ? run.message.slice(0, 600) : run.kind}`);
            for (const test of tests.filter((t) => t.ported)) { test.outcome = "failed"; test.reason = "the tests do not build"; }
        }
    }

    // 8. Result.
    for (const state of states) {
        const report = state.report;
        report.compiled = state.inBuild;
        if (state.item) report.code = state.item.code;
        const lastRound = Math.max(0, ...report.counterexamples.map((c) => c.round));
        const differsNow = report.counterexamples.some((c) => c.round === lastRound) && report.equal < report.cases;
        report.status = !state.inBuild ? "doesNotCompile" : !isHarnessed(state) || report.cases === 0 ? "notTested" : differsNow ? "differs" : "equivalent";
    }
    const reports = states.map((state) => state.report);
    const status: PortStatus = reports.some((r) => r.status === "doesNotCompile") ? "doesNotCompile"
        : reports.some((r) => r.status === "differs" || (r.kind === "function" && r.status === "notTested")) ? "differs" : "equivalent";
    emit({ kind: "step", step: "assemble", round: 0, detail: `${status}: ${Object.keys(finalCrate.files).length} files in ${outDir}` });
    return {
        status, file, to: request.to, outDir,
        outputs: Object.entries(finalCrate.files).map(([path, fileText]) => ({ path: `${outDir}/${path}`, text: fileText })),
        units: reports, order: states.map((state) => state.unit.name), imports, tests, notes,
        timings: { modelMs: Math.round(modelMs), buildMs: Math.round(buildMs), differentialMs: Math.round(differentialMs), totalMs: Math.round(performance.now() - started) }
    };
}

/** Where a port goes by default: a sibling folder named by the pair (`lib/mathutils.py` → `lib/mathutils_rs`). */
export function defaultPortOutDir(file: string, pair: LanguagePair): string {
    const stem = basename(file).replace(/\.py$/, "");
    return posix.join(dirname(file) === "." ? "" : dirname(file), pair.outDirOf(stem));
}

function isHarnessed(state: UnitState): boolean {
    return state.unit.kind === "function" && state.item?.signature !== undefined && !state.item.signature.generic;
}

function dependsOnMissing(state: UnitState, byName: Map<string, UnitState>, seen = new Set<string>()): boolean {
    if (seen.has(state.unit.name)) return false;
    seen.add(state.unit.name);
    return state.unit.uses.some((name) => {
        const used = byName.get(name);
        return used !== undefined && (!used.item || dependsOnMissing(used, byName, seen));
    });
}

/** How a ported item is shown to the units that use it: a function's header, a type's declaration, a constant. */
function headerOf(item: PortedItem): string {
    if (item.signature) return `${item.signature.header};`;
    const methods = [...item.code.matchAll(/^\s*(pub\s+fn\s[^{]*)/gm)].map((m) => `    ${m[1]!.trim()};`);
    const declaration = item.code.split("\n\n")[0]!;
    return methods.length ? `${declaration}\nimpl ${item.name} {\n${methods.join("\n")}\n}` : declaration;
}

/** A module constant with a plain literal value needs no model: `LIMIT = 10` → `pub const LIMIT: i64 = 10;`. */
function literalConstant(unit: PortUnit): PortedItem | undefined {
    const match = /^([A-Za-z_]\w*)\s*(?::\s*(\w+)\s*)?=\s*(.+)$/.exec(unit.source.trim());
    if (!match || match[3]!.includes("\n")) return undefined;
    const value = match[3]!.trim();
    let typed: [string, string] | undefined;
    if (/^-?\d[\d_]*$/.test(value)) typed = ["i64", value];
    else if (/^-?\d[\d_]*\.\d*(e-?\d+)?$|^-?\d+e-?\d+$/i.test(value)) typed = ["f64", value.includes(".") ? value : value.replace(/e/i, ".0e")];
    else if (/^("[^"\\]*"|'[^'\\]*')$/.test(value)) typed = ["&str", `"${value.slice(1, -1)}"`];
    else if (value === "True" || value === "False") typed = ["bool", value.toLowerCase()];
    if (!typed) return undefined;
    const name = /^[A-Z0-9_]+$/.test(match[1]!) ? match[1]! : match[1]!.toUpperCase();
    return { name, code: `pub const ${name}: ${typed[0]} = ${typed[1]};`, uses: [] };
}

async function siblingTestFiles(workspace: PortChainDependencies["workspace"], file: string, stem: string) {
    const folder = dirname(file) === "." ? "" : `${dirname(file)}/`;
    const candidates = [`${folder}test_${stem}.py`, `${folder}${stem}_test.py`, `${folder}tests/test_${stem}.py`];
    const found: { path: string; text: string }[] = [];
    for (const path of candidates) {
        const text = await workspace.readText(path).catch(() => undefined);
        if (text !== undefined) found.push({ path, text });
    }
    return found;
}

