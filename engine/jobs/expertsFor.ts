// Which experts a job may use, decided once for every front end from what the user configured: an experts file
// or setting, else the endpoints, else a model, else the machine's default experts. The CLI and the language
// server both call this, so the same configuration gets the same experts in the terminal and in the editor.

import { configuredModel } from "../experts/configuredModel.js";
import { defaultExperts } from "../experts/defaultExperts.js";
import { expertNameOfModel, mergeExperts, parseExpertSettings, type ExpertProfile } from "../experts/ExpertProfile.js";
import type { MachineMemory } from "../model/machineFit.js";

/** What the user configured, whichever front end it came through. */
export interface ExpertChoice {
    /** An experts file's parsed JSON or the `ponder.experts` setting; `origin` names it in messages, relative paths start at `baseDir`. */
    settings?: { value: unknown; origin: string; baseDir: string };
    /** Served-model endpoints: one expert serving from them. */
    endpoints?: readonly string[];
    /** A model path, `hf:` URI or catalog id (with endpoints: the served model's name). Else $PONDER_MODEL from `env`. */
    model?: string;
    /** The environment (PONDER_MODEL). */
    env?: Readonly<Record<string, string | undefined>>;
    /** The environment variable holding the endpoints' API key. */
    apiKeyEnv?: string;
    /** Experts per token for a mixture-of-experts model. */
    expertsPerToken?: number;
    /** Where the single expert came from, for its description ("the --model model", "ponder.model"). */
    modelOrigin?: string;
}

/** The experts for a choice; the machine is read only when the defaults are needed. */
export async function expertsFor(
    choice: ExpertChoice,
    readMachine: () => Promise<MachineMemory> | MachineMemory
): Promise<ExpertProfile[]> {
    if (choice.settings) {
        const parsed = parseExpertSettings(choice.settings.value, choice.settings.origin, choice.settings.baseDir);
        return mergeExperts(parsed.includeDefaults ? defaultExperts(await readMachine()) : [], parsed);
    }
    const origin = choice.modelOrigin ?? "the configured model";
    const served = choice.endpoints !== undefined && choice.endpoints.length > 0;
    const model = configuredModel(choice.model, choice.env ?? {}, served);
    if (choice.endpoints && served) {
        return [
            {
                name: "endpoint",
                endpoints: [...choice.endpoints],
                strength: 1,
                description: origin,
                ...(model ? { model } : {}),
                ...(choice.apiKeyEnv ? { apiKeyEnv: choice.apiKeyEnv } : {})
            }
        ];
    }
    if (model) {
        return [
            {
                name: expertNameOfModel(model),
                model,
                strength: 1,
                description: origin,
                ...(choice.expertsPerToken !== undefined ? { expertsPerToken: choice.expertsPerToken } : {})
            }
        ];
    }
    return defaultExperts(await readMachine());
}
