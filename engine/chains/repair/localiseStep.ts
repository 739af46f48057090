// The repair's localisation phase: the evidence ranks the suspects (localisation/), and only when the top ones tie
// does one short model call choose among them; its choice moves that suspect to the top and is reported as such.

import { performance } from "node:perf_hooks";
import { isTied, localise } from "./localisation/localise.js";
import type { Localisation, Suspect } from "./localisation/LocalisationTypes.js";
import type { RepairRun, RepairServices } from "./RepairRun.js";
import { chooseSuspectPrompt } from "./repairPrompt.js";
import { suspectContext } from "./localisation/suspectContext.js";

export async function localiseStep(run: RepairRun, services: RepairServices): Promise<Localisation> {
    services.emit({ kind: "step", step: "localise", round: 0, detail: "ranking suspects by evidence" });
    const started = performance.now();
    const issue = "issue" in run.request.failure ? run.request.failure.issue : undefined;
    const testOutput = "testOutput" in run.request.failure ? run.request.failure.testOutput : undefined;
    const localisation = await localise({
        workspace: services.workspace,
        failing: run.failing.map((f) => ({
            id: f.id,
            name: f.name,
            ...(f.file ? { file: f.file } : {}),
            outcome: "failed",
            ...(f.message ? { message: f.message } : {})
        })),
        passing: run.baseline.passing,
        ...(run.baseline.coverageByTest ? { coverageByTest: run.baseline.coverageByTest } : {}),
        ...(testOutput ? { testOutput } : {}),
        ...(issue ? { issue } : {}),
        ...(services.signal ? { signal: services.signal } : {})
    });
    run.timings.localiseMs += performance.now() - started;
    if (localisation.tied && localisation.suspects.length > 1) await chooseAmongTied(run, localisation, services);
    services.emit({ kind: "localised", localisation });
    return localisation;
}

/** One short call: the model picks the suspect it believes holds the bug among those the evidence cannot separate. */
async function chooseAmongTied(run: RepairRun, localisation: Localisation, services: RepairServices): Promise<void> {
    const top = localisation.suspects[0]!.score;
    // The suspects localisation's own margin cannot tell from the top one.
    const tied = localisation.suspects.filter((s) => isTied([top, s.score])).slice(0, 5);
    if (tied.length < 2) return;
    const started = performance.now();
    const generation = await services.runtime.generate(
        {
            messages: [
                {
                    role: "user",
                    content: chooseSuspectPrompt(
                        run.failing,
                        tied,
                        await suspectContext(tied, services.workspace, 1500)
                    )
                }
            ],
            candidates: 1,
            purpose: "repair.choose",
            ...(run.request.seed !== undefined ? { seed: run.request.seed } : {}),
            thinkBudget: Math.min(run.request.thinkBudget ?? 512, 512)
        },
        services.signal ? { signal: services.signal } : {}
    );
    run.timings.modelMs += performance.now() - started;
    const answer = generation.candidates[0]?.answer ?? "";
    const choice = /CHOICE:\s*(\d+)/i.exec(answer);
    const chosen = choice ? tied[Number(choice[1]) - 1] : undefined;
    if (!chosen) {
        localisation.notes.push(
            "The model was asked to choose among tied suspects and named none; the evidence's order stands."
        );
        return;
    }
    const reason = answer
        .slice(choice!.index + choice![0].length)
        .trim()
        .split("\n")[0]!
        .slice(0, 300);
    localisation.modelChoice = { file: chosen.file, name: chosen.name, reason };
    promote(localisation.suspects, chosen);
}

/** Moves `chosen` to rank 1, the others keep their order. */
function promote(suspects: Suspect[], chosen: Suspect): void {
    suspects.splice(suspects.indexOf(chosen), 1);
    suspects.unshift(chosen);
    suspects.forEach((s, i) => {
        s.rank = i + 1;
    });
}
