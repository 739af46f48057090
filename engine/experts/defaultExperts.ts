// The experts Ponder offers before the user defines any, chosen from the model catalog for this machine the way the
// default model is (machineFit.ts: fits with a working context at a usable speed): a fast one (the best small dense
// model that fits), a strong one (the best dense model that fits) and, where the machine holds one, the best
// mixture of experts. Strength follows LiveCodeBench; the cost guess follows the estimated decode speed.

import { modelCatalog, type CatalogModel } from "../model/ModelCatalog.js";
import { codingScore, planModel, type MachineMemory } from "../model/machineFit.js";
import type { ExpertProfile } from "./ExpertProfile.js";

/** Dense models up to this size think quickly enough to be the first expert a job goes to. */
const fastExpertMaxParameters = 4.5e9;

export function defaultExperts(machine: MachineMemory): ExpertProfile[] {
    const plans = new Map(modelCatalog.map((model) => [model.id, planModel(model, machine)]));
    const fitting = modelCatalog.filter((model) => plans.get(model.id)!.fits);
    const dense = fitting.filter((model) => !model.experts);
    const byScore = (models: CatalogModel[]) =>
        [...models].sort((a, b) => codingScore(b) - codingScore(a) || a.sizeBytes - b.sizeBytes);
    const smallDense =
        byScore(dense.filter((model) => model.parameters <= fastExpertMaxParameters))[0] ??
        [...modelCatalog.filter((m) => !m.experts)].sort((a, b) => a.sizeBytes - b.sizeBytes)[0]!;
    const speedOf = (model: CatalogModel) => plans.get(model.id)!.estimatedTokensPerSecond;
    const experts: ExpertProfile[] = [
        profileOf("fast", smallDense, `the best small model that fits (${smallDense.name})`, speedOf(smallDense))
    ];
    const best = byScore(dense)[0];
    if (best && best.id !== smallDense.id)
        experts.push(profileOf("strong", best, `the best dense model that fits (${best.name})`, speedOf(best)));
    // A model whose authors published no coding score (gpt-oss) is left to the user's choice: the router would take it
    // for the weakest and, cheap per token, send jobs to it first.
    const moe = byScore(fitting.filter((model) => model.experts && model.liveCodeBench !== undefined))[0];
    if (moe) {
        experts.push(
            profileOf(
                "moe",
                moe,
                `a mixture of experts (${moe.name}, ${moe.experts!.usedPerToken} of ${moe.experts!.count} experts per token)`,
                speedOf(moe)
            )
        );
    }
    return experts;
}

function profileOf(name: string, model: CatalogModel, description: string, tokensPerSecond: number): ExpertProfile {
    return {
        name,
        model: model.id,
        description,
        sampling: { temperature: model.settings.temperature, topP: model.settings.topP },
        strength: codingScore(model),
        // A job's cost is about its tokens over the decode speed; 20 tokens/s counts as 1. Without a speed (nothing
        // fits) the active parameters stand in, as before.
        relativeCost: tokensPerSecond > 0 ? 20 / tokensPerSecond : model.activeParameters / 1e9
    };
}
