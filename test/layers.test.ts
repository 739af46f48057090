// The layer table of ARCHITECTURE.md as a test: each top folder may import only what its row allows, by every
// form of import (`import … from`, `export … from`, `import "x"`, `import x = require("x")`, `require("x")`,
// `import("x")`, `import("x").T` in a type), and a computed specifier fails because no rule can check it. test/ may import anything and is not checked; grammars/ is data and holds no code. Inside the
// engine, folders form tiers, and engine/index.ts exports only what the front ends use.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { isBuiltin } from "node:module";
import { join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { importsOf, type ImportOf } from "./support/importsOf.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

type Layer = "client" | "media" | "protocol" | "server" | "engine" | "bin";

/** What a layer may import; anything not listed is a violation. */
type Allowance =
    /** Files of the layer itself, in any form. */
    | { kind: "own" }
    | { kind: "builtins" }
    /** A package (and its subpaths); `onlyIn` limits it to one file of the layer. */
    | { kind: "package"; name: string; typeOnly?: boolean; onlyIn?: string }
    /** One file of another layer: its public entry. */
    | { kind: "entry"; layer: Layer; path: string; typeOnly?: boolean };

interface LayerRule {
    /** Said with every violation. */
    why: string;
    may: Allowance[];
}

const own: Allowance = { kind: "own" };
const builtins: Allowance = { kind: "builtins" };
const packageOf = (name: string, options: { typeOnly?: boolean; onlyIn?: string } = {}): Allowance => ({
    kind: "package",
    name,
    ...options
});
const entryOf = (layer: Layer, path: string, options: { typeOnly?: boolean } = {}): Allowance => ({
    kind: "entry",
    layer,
    path,
    ...options
});

const layerRules: Record<Layer, LayerRule> = {
    client: {
        why: "client/ reaches the server through vscode-languageclient and protocol/ only, and never hosts the engine",
        may: [
            own,
            builtins,
            packageOf("vscode"),
            packageOf("vscode-languageclient"),
            packageOf("esbuild", { onlyIn: "client/bundle.mjs" }),
            entryOf("protocol", "index.js")
        ]
    },
    media: {
        why: "the panel's page imports protocol/'s types (`import type`) and nothing at run time",
        may: [own, entryOf("protocol", "index.js", { typeOnly: true })]
    },
    protocol: {
        why: "protocol/ imports types only (`import type`), from the LSP's types",
        may: [own, packageOf("vscode-languageserver-protocol", { typeOnly: true })]
    },
    server: {
        why: "server/ uses vscode-languageserver, protocol/index.ts and engine/index.ts; deeper engine files only inside engine/",
        may: [
            own,
            builtins,
            packageOf("vscode-languageserver"),
            packageOf("vscode-languageserver-textdocument"),
            entryOf("protocol", "index.js"),
            entryOf("engine", "index.js")
        ]
    },
    engine: {
        why: "the engine knows no editor, LSP or CLI: node built-ins, the model runtime, tree-sitter, and TypeScript and esbuild for TypeScript code",
        may: [
            own,
            builtins,
            packageOf("node-llama-cpp"),
            packageOf("web-tree-sitter"),
            packageOf("typescript"),
            packageOf("esbuild")
        ]
    },
    bin: {
        why: "bin/ is the CLI over engine/index.ts; it starts the language server (`ponder lsp`) through server/index.ts only",
        may: [own, builtins, entryOf("engine", "index.js"), entryOf("server", "index.js")]
    }
};

const layers = Object.keys(layerRules) as Layer[];

/** Where an import leads. Compiled output (`out/<layer>/…`, which bin/ponder.js loads) counts as its layer. */
type Target =
    | { kind: "layer"; layer: Layer; path: string }
    | { kind: "builtin" }
    | { kind: "package"; name: string }
    | { kind: "computed" }
    | { kind: "outside"; path: string };

function targetOf(file: string, specifier: string | undefined): Target {
    if (specifier === undefined) return { kind: "computed" };
    if (specifier.startsWith(".")) {
        const resolved = posix.normalize(posix.join(posix.dirname(file), specifier));
        const parts = resolved.split("/");
        const [first, second] = parts;
        const isLayer = (name: string | undefined): name is Layer => layers.includes(name as Layer);
        if (isLayer(first)) return { kind: "layer", layer: first, path: parts.slice(1).join("/") };
        if (first === "out" && isLayer(second)) return { kind: "layer", layer: second, path: parts.slice(2).join("/") };
        return { kind: "outside", path: resolved };
    }
    if (isBuiltin(specifier)) return { kind: "builtin" };
    if (specifier.startsWith("/") || /^[a-z]+:/.test(specifier)) return { kind: "outside", path: specifier };
    const segments = specifier.split("/");
    return { kind: "package", name: specifier.startsWith("@") ? segments.slice(0, 2).join("/") : segments[0]! };
}

function allows(allowance: Allowance, layer: Layer, file: string, target: Target, found: ImportOf): boolean {
    if (allowance.kind === "own") return target.kind === "layer" && target.layer === layer;
    if (allowance.kind === "builtins") return target.kind === "builtin";
    if ("typeOnly" in allowance && allowance.typeOnly && !found.typeOnly) return false;
    if (allowance.kind === "package")
        return (
            target.kind === "package" &&
            target.name === allowance.name &&
            (allowance.onlyIn === undefined || allowance.onlyIn === file)
        );
    return target.kind === "layer" && target.layer === allowance.layer && target.path === allowance.path;
}

interface Violation {
    file: string;
    specifier: string | undefined;
    form: ImportOf["form"];
}

/** The imports of `source` (at repo-relative `file` in `layer`) that its layer's row does not allow. */
function violationsOf(layer: Layer, file: string, source: string): Violation[] {
    return importsOf(source, file)
        .filter(
            (found) =>
                !layerRules[layer].may.some((allowance) =>
                    allows(allowance, layer, file, targetOf(file, found.specifier), found)
                )
        )
        .map((found) => ({ file, specifier: found.specifier, form: found.form }));
}

/** The layer's source files, repo-relative with `/`. */
function sourcesOf(folder: string): string[] {
    return readdirSync(join(repoRoot, folder)).flatMap((name) => {
        const path = `${folder}/${name}`;
        if (statSync(join(repoRoot, path)).isDirectory()) return sourcesOf(path);
        return /\.(m|c)?(ts|js)$/.test(name) && !/\.d\.(m|c)?ts$/.test(name) ? [path] : [];
    });
}

test("every layer of the table is a folder with sources", () => {
    for (const layer of layers) {
        assert.ok(
            existsSync(join(repoRoot, layer)),
            `${layer}/ is in the layer table but missing: rename the row with the folder`
        );
        assert.notDeepEqual(sourcesOf(layer), [], `${layer}/ holds no sources to check`);
    }
});

test("every import respects the layer table", () => {
    const violations = layers.flatMap((layer) =>
        sourcesOf(layer).flatMap((file) =>
            violationsOf(layer, file, readFileSync(join(repoRoot, file), "utf8")).map(
                (v) =>
                    `${v.file}: ${v.form} of ${v.specifier === undefined ? "a computed specifier" : `"${v.specifier}"`}: ${layerRules[layer].why}`
            )
        )
    );
    assert.deepEqual(violations, []);
});

test("the extractor finds every form of import, and nothing in comments or strings", () => {
    const cases: [
        source: string,
        expected: [specifier: string | undefined, form: ImportOf["form"], typeOnly: boolean][]
    ][] = [
        [`import x from "a";`, [["a", "import", false]]],
        [`import { x, type Y } from "a";`, [["a", "import", false]]],
        [`import * as x from "a";`, [["a", "import", false]]],
        [`import type { Y } from "a";`, [["a", "import", true]]],
        [`export { x } from "a";`, [["a", "export", false]]],
        [`export * from "a";`, [["a", "export", false]]],
        [`export type { Y } from "a";`, [["a", "export", true]]],
        [`export const x = 1;`, []],
        [`import "a";`, [["a", "sideEffect", false]]],
        [`import x = require("a");`, [["a", "importEquals", false]]],
        [`import type x = require("a");`, [["a", "importEquals", true]]],
        [`const x = require("a");`, [["a", "require", false]]],
        [`const x = require(name);`, [[undefined, "require", false]]],
        [`const x = await import("a");`, [["a", "dynamicImport", false]]],
        [`const x = await import(\`a\`);`, [["a", "dynamicImport", false]]],
        [`const x = await import(new URL("a", import.meta.url).href);`, [[undefined, "dynamicImport", false]]],
        [`let x: import("a").Y;`, [["a", "importType", true]]],
        [`// import x from "a";\n/* require("b"); import("c") */`, []],
        [`const text = 'import x from "a"; require("b"); import("c")';`, []],
        [`const code = \`import x from "a";\`;`, []],
        [`const important = importer("a"); obj.require("b");`, []],
        [
            `import a from "a";\nexport * from "b";\nimport "c";`,
            [
                ["a", "import", false],
                ["b", "export", false],
                ["c", "sideEffect", false]
            ]
        ]
    ];
    for (const [source, expected] of cases) {
        assert.deepEqual(
            importsOf(source).map((found) => [found.specifier, found.form, found.typeOnly]),
            expected,
            source
        );
    }
    assert.deepEqual(
        importsOf(`const x = require("a");`, "script.mjs").map((found) => found.specifier),
        ["a"],
        "JavaScript is parsed too"
    );
});

test("the table rejects each way a layer can break it", () => {
    const cases: [layer: Layer, file: string, source: string, rejected: (string | undefined)[]][] = [
        // engine/: no editor, LSP, CLI or other layer.
        ["engine", "engine/a/b.ts", `import * as vscode from "vscode";`, ["vscode"]],
        ["engine", "engine/a/b.ts", `export { x } from "vscode-languageserver";`, ["vscode-languageserver"]],
        ["engine", "engine/a/b.ts", `import "../../server/index.js";`, ["../../server/index.js"]],
        ["engine", "engine/a/b.ts", `const p = require("../../protocol/index.js");`, ["../../protocol/index.js"]],
        [
            "engine",
            "engine/a/b.ts",
            `import { x } from "../c.js"; import { y } from "node:fs"; import "node-llama-cpp";`,
            []
        ],
        // server/: engine/index.ts only, no client, CLI or model library.
        [
            "server",
            "server/a.ts",
            `import { x } from "../engine/runtime/local/LocalModelRuntime.js";`,
            ["../engine/runtime/local/LocalModelRuntime.js"]
        ],
        [
            "server",
            "server/a.ts",
            `import type { X } from "../engine/runtime/ModelRuntime.js";`,
            ["../engine/runtime/ModelRuntime.js"]
        ],
        [
            "server",
            "server/a.ts",
            `export * from "../engine/chains/fix/runFixChain.js";`,
            ["../engine/chains/fix/runFixChain.js"]
        ],
        [
            "server",
            "server/a.ts",
            `const m = await import("../engine/sandbox/Sandbox.js");`,
            ["../engine/sandbox/Sandbox.js"]
        ],
        ["server", "server/a.ts", `import m = require("../client/extension.js");`, ["../client/extension.js"]],
        ["server", "server/a.ts", `import { LlamaModel } from "node-llama-cpp";`, ["node-llama-cpp"]],
        [
            "server",
            "server/a.ts",
            `import { x } from "../engine/index.js"; import type { Y } from "../protocol/index.js"; import "vscode-languageserver/node.js";`,
            []
        ],
        // bin/: engine/index.ts, and server/index.ts to start the server.
        ["bin", "bin/commands/a.ts", `const server = await import("../../server/index.js");`, []],
        [
            "bin",
            "bin/commands/a.ts",
            `const server = await import("../../server/PonderServer.js");`,
            ["../../server/PonderServer.js"]
        ],
        [
            "bin",
            "bin/commands/a.ts",
            `const server = await import(new URL("../../server/index.js", import.meta.url).href);`,
            [undefined]
        ],
        [
            "bin",
            "bin/commands/a.ts",
            `import { runFixChain } from "../../engine/chains/fix/runFixChain.js";`,
            ["../../engine/chains/fix/runFixChain.js"]
        ],
        [
            "bin",
            "bin/commands/a.ts",
            `import type { FixParams } from "../../protocol/index.js";`,
            ["../../protocol/index.js"]
        ],
        ["bin", "bin/ponder.js", `import { main } from "../out/bin/main.js";`, []],
        ["bin", "bin/ponder.js", `import { serve } from "../out/server/serve.js";`, ["../out/server/serve.js"]],
        // protocol/: types only, from the LSP's types.
        [
            "protocol",
            "protocol/a.ts",
            `import { Range } from "vscode-languageserver-protocol";`,
            ["vscode-languageserver-protocol"]
        ],
        ["protocol", "protocol/a.ts", `import type { Range } from "vscode-languageserver-protocol";`, []],
        ["protocol", "protocol/a.ts", `import type { Sandbox } from "../engine/index.js";`, ["../engine/index.js"]],
        ["protocol", "protocol/a.ts", `import { readFile } from "node:fs";`, ["node:fs"]],
        ["protocol", "protocol/index.ts", `export * from "./ponderProtocol.js";`, []],
        // media/: protocol's types, nothing at run time.
        ["media", "media/panel.ts", `import { fixRequest } from "../protocol/index.js";`, ["../protocol/index.js"]],
        ["media", "media/panel.ts", `import type { PanelMessage } from "../protocol/index.js";`, []],
        [
            "media",
            "media/panel.ts",
            `import type { TraceEvent } from "../protocol/ponderProtocol.js";`,
            ["../protocol/ponderProtocol.js"]
        ],
        ["media", "media/panel.ts", `import "vscode";`, ["vscode"]],
        ["media", "media/panel.ts", `const client = require("../client/TracePanel.js");`, ["../client/TracePanel.js"]],
        // client/: vscode, the language client and protocol/index.ts; esbuild only in the bundle script.
        ["client", "client/a.ts", `import { runFixChain } from "../engine/index.js";`, ["../engine/index.js"]],
        [
            "client",
            "client/a.ts",
            `import type { JobContext } from "../server/JobRunner.js";`,
            ["../server/JobRunner.js"]
        ],
        ["client", "client/a.ts", `import { build } from "esbuild";`, ["esbuild"]],
        ["client", "client/bundle.mjs", `import { build } from "esbuild";`, []],
        [
            "client",
            "client/a.ts",
            `import * as vscode from "vscode"; import { LanguageClient } from "vscode-languageclient/node.js"; import { fixRequest } from "../protocol/index.js";`,
            []
        ],
        ["client", "client/a.ts", `import { x } from "../package.json";`, ["../package.json"]]
    ];
    for (const [layer, file, source, rejected] of cases) {
        assert.deepEqual(
            violationsOf(layer, file, source).map((v) => v.specifier),
            rejected,
            `${file}: ${source}`
        );
    }
});

/**
 * The engine's own layers, highest first: a folder may import its own files and any folder of a lower tier, never
 * one of its own tier or above. The front ends' door (`jobs`) and the engine's own consumers of chains (bench,
 * dataset) are on top; the leaves (the model catalog, files, text, randomness, the settings schema) and then errors.ts at the bottom.
 * `languages` is every language's knowledge, which the chains ask and which drives the toolchains below it.
 */
const engineTiers: string[][] = [
    ["jobs", "bench", "dataset"],
    ["experts"],
    ["chains"],
    ["languages"],
    ["toolchains", "memory"],
    ["sandbox", "runtime", "analysis", "workspace"],
    ["model", "files", "text", "random", "settings"],
    ["errors.ts", "jobKind.ts"]
];

/** The engine's two entries: engine/index.ts (the front ends') and engine/testing.ts (the tests'); they import anything. */
const engineEntries = ["index.ts", "testing.ts"];

/**
 * FIXME: imports that break the engine's tiers today, by importing folder and imported module (the test fails when
 * one goes, so the list only shrinks), each to be moved where it belongs:
 * - `projectFiles` (which files a project holds) belongs in workspace/;
 * - analysis asks the language registry for a file's grammar: the caller should pass the language's support;
 * - the toolchains' dispatcher (`runTests`, `detectToolchain`) asks the registry: it belongs above languages;
 * - the languages' port backends, behaviour harnesses and symbolic sources use the chains' shared value formats and
 *   interfaces (exact JSON, value types, literal writers, the port/behaviour/symbolic types): those modules belong in a
 *   layer below languages.
 */
const knownEngineTierBreaks = [
    "analysis → engine/languages/index.js",
    ...["candidateBehaviour", "candidateBehaviourTarget", "candidateBehaviourValues", "symbolic/SymbolicTypes"].map(
        (module) => `languages → engine/chains/fix/${module}.js`
    ),
    ...[
        "PortBackends",
        "PortTypes",
        "exactJson",
        "harnessRuns",
        "languagePairs",
        "literalWriters",
        "proposedCases",
        "testPlans",
        "valueTypes"
    ].map((module) => `languages → engine/chains/port/${module}.js`),
    "toolchains → engine/languages/ecmascript/toolchain/javascriptToolchain.js",
    "toolchains → engine/languages/index.js",
    "toolchains → engine/languages/python/toolchain/pythonToolchain.js",
    "toolchains → engine/languages/rust/toolchain/cargoInSandbox.js",
    "toolchains → engine/languages/rust/toolchain/rustToolchain.js",
    "workspace → engine/toolchains/projectFiles.js"
];

/** A tier break as the FIXME list names it: the importing folder and the imported module. */
const tierBreakKey = (violation: string): string =>
    violation.split(": ")[0]!.replace(/^engine\/([^/]+)\/\S* → /, "$1 → ");

const tierOf = (part: string): number => engineTiers.findIndex((tier) => tier.includes(part));

/** The engine's imports (in `file`, engine-relative `engine/…`) that go up or across the engine's tiers. */
function engineTierViolations(file: string, source: string): string[] {
    const from = file.split("/")[1]!;
    if (engineEntries.includes(from)) return [];
    return importsOf(source, file).flatMap((found) => {
        const target = targetOf(file, found.specifier);
        if (target.kind !== "layer" || target.layer !== "engine") return [];
        const to = target.path.split("/")[0]!.replace(/\.js$/, ".ts");
        const arrow = `${file} → engine/${target.path}`;
        if (engineEntries.includes(to))
            return [`${arrow}: only front ends and tests use the engine's entries; import the module itself`];
        if (tierOf(from) < 0) return [`${file}: engine/${from} is in no tier of the engine's layer table`];
        if (tierOf(to) < 0) return [`${arrow}: engine/${to} is in no tier of the engine's layer table`];
        if (from === to || tierOf(to) > tierOf(from)) return [];
        return [
            `${arrow}: ${from} (tier ${tierOf(from)}) may import only lower tiers, and ${to} is tier ${tierOf(to)}`
        ];
    });
}

test("the engine's folders import only lower tiers of the engine's layer table", () => {
    const found = sourcesOf("engine").flatMap((file) =>
        engineTierViolations(file, readFileSync(join(repoRoot, file), "utf8"))
    );
    assert.deepEqual([...new Set(found.map(tierBreakKey))].sort(), [...knownEngineTierBreaks].sort(), found.join("\n"));
});

test("the engine's tier check rejects each way a folder can break it", () => {
    const cases: [file: string, source: string, rejected: number][] = [
        ["engine/chains/fix/a.ts", `import { x } from "../../experts/jobKinds.js";`, 1],
        ["engine/chains/fix/a.ts", `import type { X } from "../../jobs/runJob.js";`, 1],
        ["engine/toolchains/a.ts", `import { x } from "../languages/python/index.js";`, 1],
        ["engine/sandbox/a.ts", `import { x } from "../runtime/ModelRuntime.js";`, 1],
        ["engine/analysis/a.ts", `const m = await import("../chains/ChainTypes.js");`, 1],
        ["engine/chains/a.ts", `import { runJob } from "../index.js";`, 1],
        ["engine/chains/a.ts", `import { x } from "../testing.js";`, 1],
        ["engine/newFolder/a.ts", `import { x } from "../errors.js";`, 1],
        ["engine/chains/a.ts", `import { x } from "../newFolder/b.js";`, 1],
        [
            "engine/jobs/a.ts",
            `import { x } from "../experts/index.js"; import { y } from "../chains/fix/runFixChain.js"; import "../errors.js";`,
            0
        ],
        [
            "engine/languages/python/a.ts",
            `import { x } from "../../toolchains/runTests.js"; import { y } from "../../analysis/index.js";`,
            0
        ],
        [
            "engine/chains/fix/a.ts",
            `import { x } from "../tests/b.js"; import { y } from "../../languages/index.js";`,
            0
        ],
        ["engine/index.ts", `export { runJob } from "./jobs/index.js";`, 0]
    ];
    for (const [file, source, rejected] of cases)
        assert.equal(engineTierViolations(file, source).length, rejected, `${file}: ${source}`);
});

test("engine/index.ts exports only names bin/ or server/ import from it", () => {
    const entry = "engine/index.ts";
    const exported = importsOf(readFileSync(join(repoRoot, entry), "utf8"), entry);
    assert.ok(
        exported.every((found) => found.form === "export" && found.names !== undefined),
        "the public API names each export (no `export *`)"
    );
    const used = new Set(
        ["bin", "server"].flatMap(sourcesOf).flatMap((file) =>
            importsOf(readFileSync(join(repoRoot, file), "utf8"), file)
                .filter((found) => {
                    const target = targetOf(file, found.specifier);
                    return target.kind === "layer" && target.layer === "engine" && target.path === "index.js";
                })
                .flatMap((found) => found.names ?? [])
        )
    );
    const unused = exported.flatMap((found) => found.names ?? []).filter((name) => !used.has(name));
    assert.deepEqual(unused, [], "no front end uses these: tests reach them through engine/testing.ts");
});
