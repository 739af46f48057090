// The CLI's exit codes: whose fault a thrown error is (the user's input 2, the machine's 3, Ponder's 4), as a
// table over every named error (the type checker finds every PonderError subclass in engine/, and each must have
// its row), and one real `ponder` process per code, Ctrl-C's 130 included.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import {
    DefinitionNotFoundError,
    GrammarLoadError,
    InvalidExpertSettingsError,
    InvalidModelFileError,
    InvalidRequestError,
    LlamaServerNotFoundError,
    LoraAdapterError,
    ManagedServerCrashedError,
    ManagedServerStartError,
    MemoryFileError,
    MissingApiKeyError,
    MissingDependenciesError,
    MissingModelPartError,
    ModelDoesNotFitError,
    ModelDownloadError,
    ModelFileNotFoundError,
    ModelTooBigError,
    PonderBug,
    PonderError,
    PromptTooLongError,
    RemoteEndpointError,
    RuntimeFaultError,
    SandboxSetupError,
    SandboxUnavailableError,
    SolutionMemory,
    ToolchainUnavailableError,
    UnsafeWriteError,
    UnsupportedArchitectureError,
    UnsupportedLanguageError,
    WorkspaceNotTrustedError
} from "../../engine/testing.js";
import { PortPromptTooLongError } from "../../engine/chains/port/PortPromptTooLongError.js";
import { exitCodeOf } from "../../bin/main.js";
import { nodesOf, repoPath, typedProgram } from "../support/typedProgram.js";

const errorCases: { error: unknown; code: number }[] = [
    { error: new InvalidRequestError("bad flag"), code: 2 },
    { error: new ModelFileNotFoundError("/x.gguf"), code: 2 },
    { error: new InvalidModelFileError("/x.gguf", "truncated"), code: 2 },
    { error: new UnsupportedArchitectureError("/x.gguf", "mamba"), code: 2 },
    { error: new PromptTooLongError(5000, 4096), code: 2 },
    { error: new LoraAdapterError("/a.gguf", "missing"), code: 2 },
    { error: new InvalidExpertSettingsError("experts.json", "not a list"), code: 2 },
    { error: new WorkspaceNotTrustedError(), code: 2 },
    { error: new DefinitionNotFoundError("a.py", "g"), code: 2 },
    { error: new UnsupportedLanguageError("a.cob"), code: 2 },
    { error: new ModelTooBigError("r1-671b", "It needs 400 GB."), code: 2 },
    { error: new MissingApiKeyError("served", "PONDER_API_KEY"), code: 2 },
    { error: new MissingModelPartError("/m-00001-of-00002.gguf", ["/m-00002-of-00002.gguf"]), code: 2 },
    { error: new UnsafeWriteError("a symlink out of the workspace"), code: 2 },
    {
        error: Object.assign(new TypeError("Unknown option '--bogus'"), { code: "ERR_PARSE_ARGS_UNKNOWN_OPTION" }),
        code: 2
    },
    { error: new SandboxUnavailableError("bubblewrap (bwrap) is not installed"), code: 3 },
    { error: new SandboxSetupError("bwrap: bad bind"), code: 3 },
    { error: new ToolchainUnavailableError("python", "Python 3 is not installed"), code: 3 },
    { error: new ModelDownloadError("the model hub is unreachable"), code: 3 },
    { error: new MissingDependenciesError("The project's dependencies are not installed (requests)."), code: 3 },
    { error: new ModelDoesNotFitError("does not fit in this machine's memory"), code: 3 },
    { error: new RuntimeFaultError("no llama.cpp backend loads"), code: 3 },
    { error: new RemoteEndpointError("http://localhost:1 refused the connection"), code: 3 },
    { error: new GrammarLoadError("rust", "no .wasm"), code: 3 },
    { error: new MemoryFileError("/m.json", "it is not valid JSON"), code: 3 },
    { error: new LlamaServerNotFoundError(["/usr/bin/llama-server"]), code: 3 },
    { error: new ManagedServerStartError("it exited at once", "error: unknown model"), code: 3 },
    { error: new ManagedServerCrashedError("killed by SIGKILL"), code: 3 },
    { error: new PonderBug("a state the code should never reach"), code: 4 },
    { error: new PortPromptTooLongError("unit", "translate", 9000, 8192), code: 4 },
    { error: new TypeError("Cannot read properties of undefined"), code: 4 },
    { error: "a thrown string", code: 4 }
];

for (const { error, code } of errorCases) {
    const name = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    test(`exit code of ${name}: ${code}`, () => assert.equal(exitCodeOf(error), code));
}

test("every PonderError subclass in engine/ has a row in the table above", () => {
    const typed = typedProgram(["engine"]);
    const base = typed.checker
        .getSymbolAtLocation(typed.source("engine/errors.ts"))
        ?.exports?.get("PonderError" as ts.__String);
    const isPonderError = (type: ts.Type): boolean =>
        type.symbol === base ||
        (type.isClassOrInterface() && (typed.checker.getBaseTypes(type) ?? []).some(isPonderError));
    const subclasses = typed.program
        .getSourceFiles()
        .filter((source) => repoPath(source.fileName).startsWith("engine/"))
        .flatMap((source) => nodesOf(source).filter(ts.isClassDeclaration))
        .filter(
            (node) =>
                node.name &&
                typed.checker.getTypeAtLocation(node).symbol !== base &&
                isPonderError(typed.checker.getTypeAtLocation(node))
        )
        .map((node) => node.name!.text);
    const rows = errorCases.flatMap(({ error }) => (error instanceof PonderError ? [error.name] : []));
    assert.ok(subclasses.length >= 25, `found ${subclasses.length}`);
    assert.deepEqual(
        [...new Set(rows)].sort(),
        subclasses.sort(),
        "a new error class needs its row: which fault, so which exit code"
    );
});

test("the compiler refuses a PonderError subclass that does not say its fault", () => {
    const typed = typedProgram([], {
        "engine/UnsaidFault.ts": `import { PonderError } from "./errors.js";\nexport class UnsaidFault extends PonderError {}\n`,
        "engine/SaidFault.ts": `import { PonderError } from "./errors.js";\nexport class SaidFault extends PonderError {\n    override readonly fault = "environment";\n}\n`
    });
    const errors = (path: string) =>
        ts
            .getPreEmitDiagnostics(typed.program, typed.source(path))
            .map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
    assert.deepEqual(errors("engine/SaidFault.ts"), []);
    assert.match(errors("engine/UnsaidFault.ts").join("\n"), /does not implement inherited abstract member '?fault'?/);
});

test("a memory size below 1 from the editor's settings is the user's input: exit 2, not Ponder's fault", async () => {
    const refused = await SolutionMemory.open({ maxEntries: 0 }).then(
        () => undefined,
        (error: unknown) => error
    );
    assert.ok(refused instanceof InvalidRequestError, String(refused));
    assert.equal(exitCodeOf(refused), 2);
});

test("only named bad-input errors are bad input: a PonderError is not unless it says so", () => {
    assert.equal(new PonderBug("x").badInput, false);
    assert.equal(new SandboxUnavailableError("none").badInput, false);
    assert.equal(new InvalidRequestError("x").badInput, true);
});

const ponder = (args: string[], env: NodeJS.ProcessEnv = {}, nodeFlags: string[] = []) =>
    spawnSync(process.execPath, [...nodeFlags, "bin/ponder.js", ...args], {
        encoding: "utf8",
        env: { ...process.env, ...env }
    });

const processCases: { name: string; run: () => ReturnType<typeof ponder>; code: number; stderr?: RegExp }[] = [
    { name: "help", run: () => ponder(["--help"]), code: 0 },
    {
        name: "a sandboxed command that fails",
        run: () => ponder(["sandbox", "--trust-workspace", "--", "/bin/false"]),
        code: 1
    },
    {
        name: "a missing model file",
        run: () => ponder(["info", "/nonexistent/model.gguf"]),
        code: 2,
        stderr: /^ponder: Model file not found/
    },
    {
        name: "the sandbox without trust",
        run: () => ponder(["sandbox", "--", "/bin/true"]),
        code: 2,
        stderr: /not trusted/
    },
    {
        name: "a catalog model that is not downloaded, downloads off",
        run: () =>
            ponder(["ask", "hi", "--model", "r1-qwen-1.5b", "--offline"], {
                PONDER_MODELS_DIR: "/nonexistent/ponder-models"
            }),
        code: 3,
        stderr: /downloads are off/
    },
    {
        // A preload breaks a built-in the command uses: the fault is Ponder's side of the line, not the user's.
        name: "an internal error",
        run: () =>
            ponder(["models", "--json"], {}, [
                "--import",
                "data:text/javascript,JSON.stringify=()=>{throw new Error('simulated fault')}"
            ]),
        code: 4,
        stderr: /ponder: internal error: simulated fault/
    }
];

for (const { name, run, code, stderr } of processCases) {
    test(`ponder exits ${code}: ${name}`, () => {
        const result = run();
        assert.equal(result.status, code, result.stderr);
        if (stderr) assert.match(result.stderr, stderr);
        assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
    });
}

/** Whether the process has started a child (the sandbox), from Linux's /proc. */
async function hasChild(pid: number): Promise<boolean> {
    const tasks = await readdir(`/proc/${pid}/task`).catch(() => []);
    for (const task of tasks)
        if ((await readFile(`/proc/${pid}/task/${task}/children`, "utf8").catch(() => "")).trim()) return true;
    return false;
}

test("ponder exits 130 when Ctrl-C stops a job", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "ponder-interrupt-"));
    const child = spawn(
        process.execPath,
        [join(process.cwd(), "bin/ponder.js"), "sandbox", "--trust-workspace", "--", "/bin/sleep", "30"],
        { cwd }
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const deadline = Date.now() + 20_000;
    while (!(await hasChild(child.pid!)) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill("SIGINT");
    assert.equal(await exited, 130, stderr);
    assert.match(stderr, /Stopping/);
});
