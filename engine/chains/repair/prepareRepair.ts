// The repair's settings and empty record: the toolchain the project's tests need (detected from its marker files),
// the language of its tests, and the request's candidates, rounds, reruns and regression budget (defaulted before the chain runs).

import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { InvalidRequestError } from "../../errors.js";
import { languageOfPath, registeredLanguages, type SourceLanguage } from "../../languages/index.js";
import { dominantScript } from "../../text/scriptShare.js";
import { detectToolchain } from "../../toolchains/index.js";
import { projectTestRunner } from "./projectTestRunner.js";
import type { RepairRun, RepairServices } from "./RepairRun.js";
import type { DefaultedRepairRequest, RepairRequest } from "./RepairTypes.js";

/** `request`'s settings as given: its defaults were filled in once, by `withDefaults` (engine/experts/jobKinds.ts). */
export async function prepareRepair(request: DefaultedRepairRequest, services: RepairServices): Promise<RepairRun> {
    const reruns = request.reruns;
    if (!Number.isInteger(reruns) || reruns < 1)
        throw new InvalidRequestError(`reruns must be at least 1; got ${reruns}.`);
    const toolchain = await detectToolchain(services.workspace.root);
    const failure = request.failure;
    const text = "issue" in failure ? failure.issue : "testOutput" in failure ? failure.testOutput : "";
    return {
        request,
        started: performance.now(),
        runner: projectTestRunner({
            sandbox: services.sandbox,
            workspace: services.workspace,
            toolchain,
            testTimeoutMs: request.testTimeoutMs,
            signal: services.signal
        }),
        workspaceText: (file) => services.workspace.readText(file).catch(() => ""),
        language: await languageOfProject(toolchain, request, services),
        candidatesPerRound: request.candidates,
        totalRounds: 1 + request.extraRounds,
        reruns,
        regressionBudgetMs: request.regressionBudgetMs,
        suspectsShown: request.suspects ?? 5,
        parallelRuns: Math.max(1, Math.min(2, availableParallelism())),
        userScript: dominantScript(text),
        baseline: { failing: [], passing: [], flaky: [] },
        failing: [],
        oracle: "issue" in failure ? "reproduction" : "project",
        checked: [],
        feedback: [],
        rounds: 0,
        notes: [],
        timings: { localiseMs: 0, modelMs: 0, verifyMs: 0, regressionMs: 0 }
    };
}

/** The language of the named tests' files, else the most common language among the project's files of the toolchain. */
async function languageOfProject(
    toolchain: string,
    request: RepairRequest,
    services: RepairServices
): Promise<SourceLanguage> {
    const named =
        "tests" in request.failure ? request.failure.tests.map((id) => languageOfPath(id.split("::")[0]!)) : [];
    const fromNamed = named.find((l): l is SourceLanguage => l !== undefined);
    if (fromNamed) return fromNamed;
    const ofToolchain = registeredLanguages
        .filter((l) => l.toolchain.name === toolchain)
        .map((l) => l.name as SourceLanguage);
    const counts = new Map<SourceLanguage, number>();
    for (const file of await services.workspace.listFiles()) {
        const language = languageOfPath(file);
        if (language && ofToolchain.includes(language)) counts.set(language, (counts.get(language) ?? 0) + 1);
    }
    const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (common) return common;
    if (ofToolchain[0]) return ofToolchain[0];
    throw new InvalidRequestError(`No registered language runs the tests of ${services.workspace.root}.`);
}
