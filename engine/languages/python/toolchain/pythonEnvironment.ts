// The project's own Python environment in the sandbox: the interpreter it configures (PONDER_PYTHON, VS Code's
// python.defaultInterpreterPath) or its virtualenv (.venv, venv), shown read-only so its installed packages
// import; and, when a test file imports a package that is not installed, which packages and what installs them.

import { access, readFile } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import type { SandboxBind } from "../../../sandbox/index.js";
import { bindsForExecutable, findExecutableOnHost } from "../../../toolchains/hostTools.js";
import type { MissingDependencies, TestCaseResult } from "../../../toolchains/TestRunResult.js";

export interface PythonEnvironment {
    /** The interpreter by full path, the same on the host (for probes) and in the sandbox. */
    python: string;
    /** The virtualenv's root when the interpreter is one (its pyvenv.cfg beside bin/). */
    virtualenv?: string;
    /** Read-only binds: the virtualenv, and an interpreter installed outside /usr (pyenv's). */
    binds: SandboxBind[];
    /** Where the choice came from, for notes: "PONDER_PYTHON", ".venv"… */
    source: string;
}

const exists = (path: string) =>
    access(path).then(
        () => true,
        () => false
    );

/** VS Code's configured interpreter, `${workspaceFolder}` and relative paths resolved against the root. */
async function vscodeInterpreter(workspaceRoot: string): Promise<string | undefined> {
    const settings = await readFile(join(workspaceRoot, ".vscode", "settings.json"), "utf8").catch(() => "");
    const configured = /"python\.defaultInterpreterPath"\s*:\s*"([^"]+)"/.exec(settings)?.[1];
    if (!configured) return undefined;
    const path = configured.replace(/\$\{workspaceFolder\}/g, workspaceRoot);
    return isAbsolute(path) ? path : resolve(workspaceRoot, path);
}

/**
 * The interpreter a project's tests run with: an explicit path, else PONDER_PYTHON, else VS Code's
 * python.defaultInterpreterPath, else the project's .venv or venv, else /usr/bin/python3 (python3 on PATH).
 */
export async function projectPython(
    workspaceRoot: string,
    explicit?: string,
    env: NodeJS.ProcessEnv = process.env
): Promise<PythonEnvironment | undefined> {
    const candidates: [string | undefined, string][] = [
        [explicit, "the pythonPath option"],
        [env["PONDER_PYTHON"] || undefined, "PONDER_PYTHON"],
        [await vscodeInterpreter(workspaceRoot), "python.defaultInterpreterPath in .vscode/settings.json"],
        [join(workspaceRoot, ".venv", "bin", "python"), ".venv"],
        [join(workspaceRoot, "venv", "bin", "python"), "venv"]
    ];
    for (const [python, source] of candidates) {
        if (python && (await exists(python))) return environmentOf(python, source);
    }
    const system = findExecutableOnHost("/usr/bin/python3") ?? findExecutableOnHost("python3");
    return system ? environmentOf(system, "the system's python3") : undefined;
}

async function environmentOf(python: string, source: string): Promise<PythonEnvironment> {
    const root = dirname(dirname(python));
    const virtualenv = (await exists(join(root, "pyvenv.cfg"))) ? root : undefined;
    return {
        python,
        ...(virtualenv ? { virtualenv } : {}),
        binds: [...(virtualenv ? [{ source: virtualenv, target: virtualenv }] : []), ...bindsForExecutable(python)],
        source
    };
}

/** A module is the project's own when its top-level package is a file or folder of the project (or of src/). */
function isProjectModule(top: string, files: readonly string[]): boolean {
    return files.some(
        (file) =>
            [`${top}.py`, `src/${top}.py`].includes(file) ||
            file.startsWith(`${top}/`) ||
            file.startsWith(`src/${top}/`)
    );
}

/** Top-level modules that failed to import because they are not installed (not the project's own modules). */
export function missingPythonModules(texts: readonly string[], files: readonly string[]): string[] {
    const missing = new Set<string>();
    for (const text of texts) {
        for (const match of text.matchAll(/ModuleNotFoundError: No module named '([^']+)'/g)) {
            const top = match[1]!.split(".")[0]!;
            if (!isProjectModule(top, files)) missing.add(top);
        }
    }
    return [...missing].sort();
}

/** What installs the project's dependencies, from its manifests. */
export function pythonInstallAdvice(
    packages: string[],
    files: readonly string[],
    environment: PythonEnvironment
): MissingDependencies {
    const command = files.includes("requirements.txt")
        ? "pip install -r requirements.txt"
        : ["pyproject.toml", "setup.py", "setup.cfg"].some((manifest) => files.includes(manifest))
          ? "pip install -e ."
          : `pip install ${packages.join(" ")}`;
    const where = environment.virtualenv
        ? ` in the project's virtualenv (${environment.virtualenv})`
        : ` for ${environment.python}, or in a virtualenv the project keeps in .venv (\`python3 -m venv .venv\`)`;
    return {
        packages,
        advice: `Install the project's dependencies first: \`${command}\`${where}. Not installed: ${packages.join(", ")}.`
    };
}

/** The collection errors of a run (a test file that did not import), whose texts say what could not be imported. */
export function collectionErrors(tests: readonly TestCaseResult[]): TestCaseResult[] {
    return tests.filter((test) => test.outcome === "error" && !test.id.includes("::"));
}
