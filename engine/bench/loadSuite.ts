// Reads a benchmark suite from disk: one folder per task with its task.json, the workspace handed to the chain
// and the hidden checks the chain never sees. A malformed task is refused with a message naming its file.

import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { languageOfPath } from "../analysis/index.js";
import { languagePairOf, languagePairs } from "../chains/port/languagePairs.js";
import type { PortTarget } from "../chains/port/PortTypes.js";
import { ExactJsonSyntaxError, parseExactJson } from "../chains/port/exactJson.js";
import { InvalidRequestError } from "../errors.js";
import {
    benchJobs,
    type BenchJob,
    type BenchTarget,
    type BenchTask,
    type HiddenChecks,
    type InputOutputCases
} from "./BenchTypes.js";

const jobs: readonly BenchJob[] = benchJobs;

/** The tasks of the suite in `suiteDir`, sorted by id. */
export async function loadSuite(suiteDir: string): Promise<BenchTask[]> {
    const entries = await readdir(suiteDir, { withFileTypes: true }).catch(() => {
        throw new InvalidRequestError(`Cannot read the suite folder ${suiteDir}.`);
    });
    const tasks: BenchTask[] = [];
    for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
        const dir = join(suiteDir, entry.name);
        if (!(await isFile(join(dir, "task.json")))) continue;
        tasks.push(await loadTask(dir, entry.name));
    }
    if (tasks.length === 0)
        throw new InvalidRequestError(
            `${suiteDir} holds no task: a suite is one folder per task, each with a task.json (see docs/bench-suite.md).`
        );
    const ids = new Set<string>();
    for (const task of tasks) {
        if (ids.has(task.id)) throw new InvalidRequestError(`Two tasks of ${suiteDir} have the id "${task.id}".`);
        ids.add(task.id);
    }
    return tasks;
}

async function loadTask(dir: string, folderName: string): Promise<BenchTask> {
    const path = join(dir, "task.json");
    let raw: unknown;
    try {
        raw = JSON.parse(await readFile(path, "utf8"));
    } catch (error) {
        throw new InvalidRequestError(`${path} is not valid JSON: ${(error as Error).message}`);
    }
    const bad = (why: string) => new InvalidRequestError(`${path}: ${why} (see docs/bench-suite.md).`);
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw bad("the task must be a JSON object");
    const fields = raw as Record<string, unknown>;
    const job = fields["job"];
    if (job === "repair")
        throw bad(
            `"job": "repair" tasks are repositories: put them in a repository suite (docs/bench-suite.md, "Repository suites")`
        );
    if (!jobs.includes(job as BenchJob))
        throw bad(`"job" must be one of ${jobs.join(", ")}; got ${JSON.stringify(job)}`);
    const target = fields["target"] as Record<string, unknown> | undefined;
    if (typeof target !== "object" || target === null || typeof target["file"] !== "string")
        throw bad(`"target" must be {"file", "line"} or {"file", "symbol"}`);
    const file = target["file"].replace(/\\/g, "/");
    let benchTarget: BenchTarget;
    if (Number.isInteger(target["line"]) && (target["line"] as number) >= 1)
        benchTarget = { file, line: target["line"] as number };
    else if (typeof target["symbol"] === "string" && target["symbol"] !== "")
        benchTarget = { file, symbol: target["symbol"] };
    // A port takes the whole file.
    else if (job === "port") benchTarget = { file };
    else throw bad(`"target" needs a "line" (1-based) or a "symbol"`);
    const language = languageOfPath(file);
    if (!language) throw bad(`the target ${file} is not a Python, TypeScript, JavaScript or Rust file`);
    if (fields["language"] !== undefined && fields["language"] !== language)
        throw bad(`"language" says ${JSON.stringify(fields["language"])} but the target ${file} is ${language}`);
    const to = fields["to"];
    if (job === "port" && !languagePairOf(language, to as PortTarget))
        throw bad(
            `a port task needs "to" naming a pair the port chain knows (${languagePairs.map((p) => `${p.from} to ${p.to}`).join(", ")}); ` +
                `got ${language} to ${JSON.stringify(to ?? null)}`
        );
    if (job !== "port" && to !== undefined) throw bad(`"to" is read only for a port task`);
    const workspaceDir = join(dir, "workspace");
    const hiddenDir = join(dir, "hidden");
    if (!(await isFile(join(workspaceDir, file)))) throw bad(`the target file workspace/${file} does not exist`);
    if (!(await isDirectory(hiddenDir))) throw bad("the task has no hidden folder of reference checks");
    const id = typeof fields["id"] === "string" && fields["id"] !== "" ? fields["id"] : folderName;
    return {
        id,
        job: job as BenchJob,
        language,
        target: benchTarget,
        workspaceDir,
        hiddenDir,
        ...(job === "port" ? { to: to as PortTarget } : {}),
        ...(typeof fields["source"] === "string" ? { source: fields["source"] } : {})
    };
}

/** The hidden checks of a task: test files, appended texts, input/output cases and buggy variants. */
export async function loadHiddenChecks(task: BenchTask): Promise<HiddenChecks> {
    const dir = task.hiddenDir;
    const checks: HiddenChecks = {
        tests: await readTree(join(dir, "tests")),
        appended: await readTree(join(dir, "append")),
        variants: []
    };
    const casesPath = join(dir, "cases.json");
    if (await isFile(casesPath)) checks.cases = parseCases(await readFile(casesPath, "utf8"), casesPath);
    const variantsDir = join(dir, "variants");
    if (await isDirectory(variantsDir)) {
        for (const entry of (await readdir(variantsDir, { withFileTypes: true }))
            .filter((e) => e.isDirectory())
            .sort((a, b) => a.name.localeCompare(b.name)))
            checks.variants.push({ name: entry.name, files: await readTree(join(variantsDir, entry.name)) });
    }
    const empty = Object.keys(checks.tests).length === 0 && Object.keys(checks.appended).length === 0 && !checks.cases;
    if (task.job !== "tests" && empty)
        throw new InvalidRequestError(
            `Task ${task.id}: its hidden folder has no tests/, append/ or cases.json to judge a ${task.job === "fix" ? "fix" : "port"} with.`
        );
    if (task.job === "tests" && checks.variants.length === 0 && empty)
        throw new InvalidRequestError(
            `Task ${task.id}: its hidden folder has no variants/ (buggy versions the kept tests should catch).`
        );
    return checks;
}

/** The cases with exact values: integers as bigints, floats as numbers (JSON.parse would make 3.0 the int 3 and fail rpn_eval's reference). */
function parseCases(text: string, path: string): InputOutputCases {
    let raw: unknown;
    try {
        raw = parseExactJson(text.trim());
    } catch (error) {
        if (!(error instanceof ExactJsonSyntaxError)) throw error;
        throw new InvalidRequestError(`${path} is not valid JSON: ${error.message}`);
    }
    const fields = raw as Record<string, unknown>;
    const cases = fields?.["cases"];
    if (
        typeof fields?.["function"] !== "string" ||
        !Array.isArray(cases) ||
        cases.length === 0 ||
        !cases.every(
            (c) =>
                typeof c === "object" &&
                c !== null &&
                Array.isArray((c as Record<string, unknown>)["input"]) &&
                "output" in c
        )
    )
        throw new InvalidRequestError(
            `${path}: cases.json must be {"function": NAME, "cases": [{"input": [ARGS…], "output": VALUE}, …]}.`
        );
    const tolerance = fields["tolerance"] as Record<string, unknown> | undefined;
    const timeout = fields["testTimeoutMs"];
    return {
        function: fields["function"],
        cases: cases as InputOutputCases["cases"],
        ...(typeof fields["module"] === "string" ? { module: fields["module"] } : {}),
        ...(tolerance && typeof tolerance === "object"
            ? {
                  tolerance: {
                      ...(tolerance["absolute"] !== undefined ? { absolute: Number(tolerance["absolute"]) } : {}),
                      ...(tolerance["relative"] !== undefined ? { relative: Number(tolerance["relative"]) } : {}),
                      ...(tolerance["argument"] !== undefined ? { argument: Number(tolerance["argument"]) } : {})
                  }
              }
            : {}),
        ...(typeof timeout === "bigint" || typeof timeout === "number" ? { testTimeoutMs: Number(timeout) } : {})
    };
}

/** Every file below `dir` by its path relative to `dir` (forward slashes); empty when `dir` does not exist. */
export async function readTree(dir: string): Promise<Record<string, string>> {
    if (!(await isDirectory(dir))) return {};
    const files: Record<string, string> = {};
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const full = join(entry.parentPath, entry.name);
        files[relative(dir, full).split(sep).join("/")] = await readFile(full, "utf8");
    }
    return files;
}

async function isFile(path: string): Promise<boolean> {
    return stat(path).then(
        (s) => s.isFile(),
        () => false
    );
}

async function isDirectory(path: string): Promise<boolean> {
    return stat(path).then(
        (s) => s.isDirectory(),
        () => false
    );
}
