// JavaScript and TypeScript for the comparison of candidates' behaviour: each version is compiled on the host by
// esbuild into one ES module (its relative imports bundled in; nothing of it runs on the host), the target's
// parameter types read from its TypeScript annotations, its examples and literals with the port's JavaScript
// decomposition, and one sandboxed Node driver per process runs it.

import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import type { Node as SyntaxNode } from "web-tree-sitter";
import type { CodeParser } from "../../../analysis/index.js";
import { bindsForExecutable, realPathOf } from "../../../toolchains/hostTools.js";
import { ToolchainUnavailableError } from "../../../toolchains/index.js";
import type { ExactJson } from "../../../chains/port/exactJson.js";
import { javascriptLiteral, javascriptSource } from "../port/javascriptSource.js";
import { fitsJavaScriptNumbers } from "../port/nodeHarness.js";
import { parameterType } from "../../../chains/port/valueTypes.js";
import type { BehaviourRequest } from "../../../chains/fix/candidateBehaviour.js";
import { nodeDriverPath, nodeDriverScript, nodeWorkerPath, nodeWorkerScript } from "./candidateBehaviourNode.js";
import type { BehaviourTarget } from "../../../chains/fix/candidateBehaviourTarget.js";
import { javascriptValueSyntax } from "./javascriptValueSyntax.js";

type Esbuild = typeof import("esbuild");

async function loadEsbuild(): Promise<Esbuild> {
    return import("esbuild").catch((error: unknown) => {
        throw new ToolchainUnavailableError(
            "javascript",
            `esbuild, which compiles TypeScript for the behaviour comparison, is not installed (${(error as Error).message}). Run \`npm ci\` in Ponder's folder.`
        );
    });
}

/** One version as a single ES module that exports the target, or a module that throws the compiler's message on import. */
async function compiledModule(request: BehaviourRequest, text: string): Promise<string> {
    const esbuild = await loadEsbuild();
    const name = request.targetName;
    const esm = request.language !== "javascript" || /^\s*(import\s[^(]|export\s)/m.test(text);
    const exported = new RegExp(
        `export\\s+(async\\s+)?(function\\*?|const|let|var|class)\\s+${name}\\b|export\\s*\\{[^}]*\\b${name}\\b`
    ).test(text);
    const withExport = esm
        ? `${text}\n${exported ? "" : `export { ${name} };\n`}`
        : `${text}\n;if (typeof ${name} !== "undefined") module.exports.${name} = ${name};\n`;
    const loader = request.language === "tsx" ? "tsx" : request.language === "typescript" ? "ts" : "js";
    try {
        const built = await esbuild.build({
            stdin: {
                contents: withExport,
                resolveDir: join(request.workspace.root, dirname(request.file)),
                sourcefile: request.file,
                loader
            },
            bundle: true,
            format: "esm",
            platform: "node",
            write: false,
            logLevel: "silent",
            plugins: [insideWorkspace(request.workspace.root)]
        });
        return built.outputFiles[0]!.text;
    } catch {
        // The project is not on disk (an editor's memory) or an import does not resolve: the file alone.
        try {
            return (
                await esbuild.transform(withExport, { loader, format: esm ? "esm" : "cjs", sourcefile: request.file })
            ).code;
        } catch (error) {
            return `throw new SyntaxError(${JSON.stringify(String((error as Error).message).slice(0, 300))});\n`;
        }
    }
}

/**
 * Bundling reads files on the host: a candidate's import may only bring in files of the workspace. Anything else
 * (`/home/me/.ssh/…`, `../../secret.json`) stays an import the sandbox cannot satisfy.
 */
function insideWorkspace(root: string): import("esbuild").Plugin {
    // esbuild answers with real paths: a workspace reached through a symlink counts by its real path too.
    const roots = [resolve(root), realPathOf(resolve(root))];
    const inside = (path: string) =>
        roots.some((folder) => {
            const rel = relative(folder, path);
            return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
        });
    return {
        name: "ponder-inside-workspace",
        setup(build) {
            build.onResolve({ filter: /.*/ }, async (args) => {
                if (args.kind === "entry-point" || (args.pluginData as { checked?: boolean } | undefined)?.checked)
                    return undefined;
                const found = await build.resolve(args.path, {
                    kind: args.kind,
                    resolveDir: args.resolveDir,
                    importer: args.importer,
                    pluginData: { checked: true }
                });
                if (found.errors.length > 0) return { errors: found.errors };
                return found.external || inside(found.path) ? found : { path: args.path, external: true };
            });
        }
    };
}

export async function readScriptTarget(
    request: BehaviourRequest,
    parser: CodeParser
): Promise<BehaviourTarget | { reason: string }> {
    const asJavaScript = async (text: string) =>
        request.language === "javascript"
            ? text
            : (
                  await (
                      await loadEsbuild()
                  )
                      .transform(text, { loader: request.language === "tsx" ? "tsx" : "ts", format: "esm" })
                      .catch(() => ({ code: "" }))
              ).code;
    const testFiles =
        request.language === "javascript" ? await javascriptSource.testFiles(request.workspace, request.file) : [];
    const original = await javascriptSource.decompose(
        await asJavaScript(request.originalText),
        testFiles,
        request.file,
        parser
    );
    const unit = original.units.find((u) => u.name === request.targetName && u.kind === "function");
    if (!unit) return { reason: `${request.file} has no top-level function ${request.targetName} to call` };
    const annotations =
        request.language === "javascript"
            ? []
            : await typeAnnotations(
                  request.originalText,
                  request.targetName,
                  parser,
                  request.language === "tsx" ? "tsx" : "typescript"
              );
    const literals: ExactJson[] = [];
    for (const text of [request.originalText, ...request.subjects.map((subject) => subject.text)]) {
        const units = (await javascriptSource.decompose(await asJavaScript(text), [], request.file, parser)).units;
        const reached = units.filter((u) => u.name === request.targetName || unit.uses.includes(u.name));
        for (const source of reached.map((u) => u.source)) {
            literals.push(
                ...(await parser.parse(source, "javascript", (parsed) =>
                    parsed.root
                        .descendantsOfType(["number", "string"])
                        .map((node) => javascriptLiteral(node))
                        .filter((value): value is ExactJson => value !== undefined)
                ))
            );
        }
    }
    const launcher: BehaviourTarget["launcher"] = (text, caseTimeoutMs, signal) => {
        const module = compiledModule(request, text);
        return async (stdin, timeoutMs) =>
            request.sandbox.runOnce(
                {
                    contents: {
                        ".ponder-behaviour/subject.mjs": await module,
                        [nodeDriverPath]: nodeDriverScript,
                        [nodeWorkerPath]: nodeWorkerScript
                    }
                },
                {
                    command: process.execPath,
                    args: [nodeDriverPath, ".ponder-behaviour/subject.mjs", request.targetName, String(caseTimeoutMs)],
                    stdin,
                    binds: bindsForExecutable(process.execPath),
                    limits: { timeoutMs, maxOutputBytes: 32 * 1024 * 1024, memoryMb: 2048, maxProcesses: 64 }
                },
                signal ? { signal } : {}
            );
    };
    return {
        syntax: javascriptValueSyntax,
        types: unit.parameters.map((parameter, i) =>
            parameterType({ name: parameter.name, seen: parameter.seen }, undefined, annotations[i])
        ),
        examples: original.examples
            .filter((example) => example.unit === request.targetName)
            .map((example) => example.args),
        literals,
        launcher,
        // Integers beyond 2^53 have no exact JavaScript number: such inputs are not run.
        accepts: (args) => args.every(fitsJavaScriptNumbers)
    };
}

/** The type annotation of each parameter of the top-level function `name` (`number`, `string[]`), or undefined. */
async function typeAnnotations(
    text: string,
    name: string,
    parser: CodeParser,
    language: "typescript" | "tsx"
): Promise<(string | undefined)[]> {
    return parser.parse(text, language, (parsed) => {
        const named = (node: SyntaxNode | null) => node?.childForFieldName("name")?.text === name;
        const declaration =
            parsed.root.descendantsOfType("function_declaration").find(named) ??
            parsed.root.descendantsOfType("variable_declarator").find(named)?.childForFieldName("value");
        const parameters = declaration?.childForFieldName("parameters")?.namedChildren ?? [];
        return parameters
            .filter((node) => node?.type === "required_parameter" || node?.type === "optional_parameter")
            .map((node) => node!.childForFieldName("type")?.text.replace(/^:\s*/, ""));
    });
}
