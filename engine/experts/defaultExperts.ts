// The experts Ponder offers before the user defines any, chosen from the model catalog for this machine: a fast
// one (the smallest distill that fits), a strong one (the best distill that fits) and, where the machine can
// hold it, a mixture-of-experts one. Strength follows LiveCodeBench; the cost guess follows active parameters.

import { fitsMachine, modelCatalog, type CatalogModel, type MachineMemory } from "../model/ModelCatalog.js";
import type { ExpertProfile } from "./ExpertProfile.js";

export function defaultExperts(machine: MachineMemory): ExpertProfile[] {
    const fitting = modelCatalog.filter((model) => fitsMachine(model, machine));
    const dense = fitting.filter((model) => !model.experts);
    const experts: ExpertProfile[] = [];
    const smallest = [...(dense.length > 0 ? dense : modelCatalog.filter((m) => !m.experts))].sort((a, b) => a.sizeBytes - b.sizeBytes)[0]!;
    experts.push(profileOf("fast", smallest, `the smallest distill that fits (${smallest.name})`));
    const best = [...dense].sort((a, b) => b.liveCodeBench - a.liveCodeBench)[0];
    if (best && best.id !== smallest.id) experts.push(profileOf("strong", best, `the best distill that fits (${best.name})`));
    const moe = [...fitting.filter((model) => model.experts)].sort((a, b) => b.liveCodeBench - a.liveCodeBench)[0];
    if (moe) experts.push(profileOf("moe", moe, `a mixture of experts (${moe.name}, ${moe.experts!.usedPerToken} of ${moe.experts!.count} experts per token)`));
    return experts;
}

function profileOf(name: string, model: CatalogModel, description: string): ExpertProfile {
    return {
        name, model: model.id, description,
        sampling: { temperature: model.settings.temperature, topP: model.settings.topP },
        strength: model.liveCodeBench,
        relativeCost: model.activeParameters / 1e9
    };
}
