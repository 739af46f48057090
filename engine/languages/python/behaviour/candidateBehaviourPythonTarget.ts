// Python for the comparison of candidates' behaviour: the target function's parameter types, examples and
// literals read with the port's decomposition, and a launcher that runs one version of the file in the sandbox
// under the typed driver, a fresh scratch copy of the project's Python files per process.

import { basename, dirname } from "node:path";
import type { CodeParser } from "../../../analysis/index.js";
import type { ScratchInputs } from "../../../sandbox/index.js";
import type { ExactJson } from "../../../chains/port/exactJson.js";
import { decomposePythonSource } from "../port/decomposePythonSource.js";
import { pythonPath } from "../port/pythonHarness.js";
import { literalOf } from "../port/pythonLiterals.js";
import { pythonSource } from "../port/pythonSource.js";
import type { PortUnit } from "../../../chains/port/PortTypes.js";
import { parameterType } from "../../../chains/port/valueTypes.js";
import type { BehaviourRequest } from "../../../chains/fix/candidateBehaviour.js";
import type { BehaviourTarget } from "../../../chains/fix/candidateBehaviourTarget.js";
import { pythonDriverPath, pythonDriverScript } from "./candidateBehaviourPython.js";
import { typeFromUse } from "./candidateBehaviourPythonTypes.js";
import { pythonValueSyntax } from "./pythonValueSyntax.js";

export async function readPythonTarget(
    request: BehaviourRequest,
    parser: CodeParser
): Promise<BehaviourTarget | { reason: string }> {
    const testFiles = await pythonSource.testFiles(request.workspace, request.file);
    const original = await decomposePythonSource(request.originalText, testFiles, request.file, parser);
    const unit = original.units.find((u) => u.name === request.targetName && u.kind === "function");
    if (!unit) return { reason: `${request.file} has no top-level function ${request.targetName} to call` };
    // The chain's pooled tests call the function too: their literal calls are examples (and tell an unannotated
    // parameter's type, which a guess from its use can get wrong: `for c in s` reads as a list).
    const fromTests = await Promise.all(
        (request.testTexts ?? []).map((code) => literalCalls(code, request.targetName, parser))
    );
    const examples = [
        ...original.examples.filter((example) => example.unit === request.targetName).map((example) => example.args),
        ...(await promptExamples(request.originalText, request.targetName, parser)),
        ...fromTests.flat()
    ].filter((args) => args.length === unit.parameters.length);
    // The examples say what the parameters hold when no hint does.
    for (const args of examples) unit.parameters.forEach((parameter, i) => parameter.seen.push(args[i]!));
    const literals: ExactJson[] = [];
    for (const text of [request.originalText, ...request.subjects.map((subject) => subject.text)]) {
        const units =
            text === request.originalText
                ? original.units
                : (await decomposePythonSource(text, [], request.file, parser)).units;
        for (const source of sourcesReachedFrom(request.targetName, units))
            literals.push(...(await literalsIn(source, parser)));
    }
    return {
        syntax: pythonValueSyntax,
        types: unit.parameters.map((parameter) => {
            const type = parameterType(parameter, unit.docstring);
            return type.kind === "unknown" ? typeFromUse(parameter.name, unit.source) : type;
        }),
        examples,
        literals,
        launcher: await pythonLauncher(request)
    };
}

/** The sources of the function and of every unit of the file it calls, directly or not. */
function sourcesReachedFrom(name: string, units: PortUnit[]): string[] {
    const byName = new Map(units.map((unit) => [unit.name, unit]));
    const reached = new Set<string>();
    const visit = (current: string) => {
        const unit = byName.get(current);
        if (!unit || reached.has(current)) return;
        reached.add(current);
        unit.uses.forEach(visit);
    };
    visit(name);
    return [...reached].map((reachedName) => byName.get(reachedName)!.source);
}

/** Literal calls of the function on `>>>` lines anywhere in the file (a module docstring's examples too). */
async function promptExamples(text: string, name: string, parser: CodeParser): Promise<ExactJson[][]> {
    const found: ExactJson[][] = [];
    for (const [, line] of text.matchAll(/^\s*>>>\s?(.*)$/gm)) {
        if (line!.includes(`${name}(`)) found.push(...(await literalCalls(line!, name, parser)));
    }
    return found;
}

/** The argument lists of the calls of `name` in Python code whose arguments are all literals. */
async function literalCalls(code: string, name: string, parser: CodeParser): Promise<ExactJson[][]> {
    if (!code.includes(`${name}(`)) return [];
    return parser.parse(code, "python", (parsed) =>
        parsed.root.descendantsOfType("call").flatMap((call) => {
            const argumentNodes = call?.childForFieldName("arguments")?.namedChildren ?? [];
            if (
                call?.childForFieldName("function")?.text !== name ||
                argumentNodes.some((node) => node?.type === "keyword_argument")
            )
                return [];
            const args = argumentNodes.map((node) => literalOf(node));
            return args.every((arg) => arg !== undefined) ? [args as ExactJson[]] : [];
        })
    );
}

async function literalsIn(source: string, parser: CodeParser): Promise<ExactJson[]> {
    return parser.parse(source, "python", (parsed) =>
        parsed.root
            .descendantsOfType(["integer", "float", "string"])
            .map((node) => literalOf(node))
            .filter((value): value is ExactJson => value !== undefined)
    );
}

async function pythonLauncher(request: BehaviourRequest): Promise<BehaviourTarget["launcher"]> {
    const python = pythonPath();
    const seed = await request.workspace.scratchSeed();
    const isPython = (path: string) => path.endsWith(".py");
    const base: ScratchInputs = {
        from: request.workspace.root,
        paths: seed.files.filter(isPython),
        contents: Object.fromEntries(Object.entries(seed.contents).filter(([path]) => isPython(path)))
    };
    const folder = dirname(request.file) === "." ? "." : dirname(request.file);
    const module = basename(request.file).replace(/\.py$/, "");
    return (text, caseTimeoutMs, signal) => (stdin, timeoutMs) =>
        request.sandbox.runOnce(
            { ...base, contents: { ...base.contents, [request.file]: text, [pythonDriverPath]: pythonDriverScript } },
            {
                command: python,
                args: [
                    "-X",
                    "utf8",
                    "-B",
                    "-s",
                    pythonDriverPath,
                    module,
                    folder,
                    request.targetName,
                    String(caseTimeoutMs / 1000)
                ],
                stdin,
                env: { PYTHONHASHSEED: "0", PYTHONDONTWRITEBYTECODE: "1", PYTHONIOENCODING: "utf-8" },
                limits: { timeoutMs, maxOutputBytes: 32 * 1024 * 1024 }
            },
            signal ? { signal } : {}
        );
}
