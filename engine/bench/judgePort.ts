// Judges a port with the task's hidden checks: the port's files (without the tests the chain wrote for it) go into
// a scratch folder with the hidden test files and appended texts at their paths inside the port, and the hidden
// input/output cases become tests of the ported function; the target's toolchain runs them in the sandbox.

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { CodeParser } from "../analysis/index.js";
import { parseExactJson, type ExactJson } from "../chains/port/exactJson.js";
import type { PortResult } from "../chains/port/PortTypes.js";
import { rustTarget } from "../languages/rust/port/rustTarget.js";
import { typescriptTarget } from "../languages/ecmascript/port/typescriptTarget.js";
import type { Sandbox } from "../sandbox/index.js";
import { runTests } from "../toolchains/index.js";
import type { BenchTask, HiddenChecks, HiddenVerdict } from "./BenchTypes.js";
import { renderCaseTests, renderRustPortCaseTests } from "./hiddenCaseTests.js";
import { verdictOf } from "./judgeHidden.js";

export interface PortJudgeContext {
    task: BenchTask;
    checks: HiddenChecks;
    sandbox: Sandbox;
    /** The task's workspace copy (its cargo target folder is the judge's too). */
    workspaceRoot: string;
    signal?: AbortSignal;
    /** Time limit of one test file (TypeScript) or of the whole test step (Rust). */
    testTimeoutMs?: number;
}

export async function judgePort(context: PortJudgeContext, result: PortResult): Promise<HiddenVerdict> {
    const { task, checks } = context;
    const rust = result.to === "rust";
    const prefix = `${result.outDir}/`;
    // The chain's own tests of the port (ported tests, kept counterexamples) are its evidence, not the judge's.
    const ownTests = rust ? "tests/" : "test/";
    const files = Object.fromEntries(
        result.outputs
            .filter((o) => o.path.startsWith(prefix))
            .map((o) => [o.path.slice(prefix.length), o.text])
            .filter(([path]) => !path!.startsWith(ownTests))
    );
    const main = Object.keys(files).find((path) => (rust ? path === "src/lib.rs" : /^src\/[^/]+\.ts$/.test(path)));
    if (!main) return { kind: "noPatch", passed: 0, total: 0, reason: "the port has no source file" };
    const contents: Record<string, string> = { ...files, ...checks.tests };
    const testFiles = Object.keys(checks.tests);
    for (const [path, text] of Object.entries(checks.appended)) {
        const base = contents[path] ?? "";
        contents[path] = base + (base === "" || base.endsWith("\n") ? "" : "\n") + text;
    }
    if (checks.cases) {
        const target = rust ? rustTarget : typescriptTarget;
        const read = await target.readItem(
            "```" + (rust ? "rust" : "typescript") + "\n" + files[main] + "\n```\n",
            checks.cases.function,
            "function",
            CodeParser.shared()
        );
        const signature = read.item?.signature;
        if (!signature)
            return {
                kind: "fail",
                passed: 0,
                total: checks.cases.cases.length,
                reason: `the port has no function ${checks.cases.function} for the hidden cases to call`
            };
        const rendered = rust
            ? renderRustPortCaseTests(
                  await exactCases(task),
                  signature,
                  /^name = "([^"]+)"/m.exec(files["Cargo.toml"] ?? "")?.[1] ?? ""
              )
            : renderCaseTests(
                  {
                      ...checks.cases,
                      function: signature.name,
                      module: `./${main.slice("src/".length, -".ts".length)}.js`
                  },
                  "typescript",
                  main
              );
        contents[rendered.path] = rendered.text;
        testFiles.push(rendered.path);
    }
    return verdictOf(
        await runTests({
            sandbox: context.sandbox,
            workspaceRoot: context.workspaceRoot,
            toolchain: rust ? "rust" : "javascript",
            files: [],
            contents,
            ...(!rust && testFiles.length > 0 ? { tests: testFiles } : {}),
            testTimeoutMs: context.testTimeoutMs ?? (rust ? 120_000 : 10_000),
            ...(context.signal ? { signal: context.signal } : {})
        })
    );
}

/** The cases read again with exact integers: a Rust port's hidden case may sit beyond 2^53. */
async function exactCases(task: BenchTask): Promise<{ input: ExactJson[]; output: ExactJson }[]> {
    const parsed = parseExactJson(await readFile(join(task.hiddenDir, "cases.json"), "utf8")) as {
        cases: { input: ExactJson[]; output: ExactJson }[];
    };
    return parsed.cases;
}
