// One model call about one unit, shared by the translate, compile-repair and counterexample phases: the
// prompt's facts about the unit, the call itself (seeded by its index in the job, streamed as the unit's
// reasoning), and the item read from the reply with the edge cases the model proposed.

import { performance } from "node:perf_hooks";
import { PromptTooLongError } from "../../errors.js";
import type { PortCallStep } from "../../runtime/CallPurpose.js";
import type { GenerationResult } from "../../runtime/ModelRuntime.js";
import { PortPromptTooLongError } from "./PortPromptTooLongError.js";
import type { UnitPromptInput } from "./portPrompt.js";
import type { PortRun, UnitState } from "./PortRun.js";
import type { PortedItem } from "../../languages/rust/port/readPortedItem.js";
import { parameterType } from "./valueTypes.js";

/** What every prompt about a unit carries: the unit, the headers of the units it uses that are ported, its parameter types, the imports. */
export function unitPromptInput(run: PortRun, state: UnitState): UnitPromptInput {
    return {
        pair: run.pair,
        source: run.source,
        unit: state.unit,
        imports: run.imports,
        portedSignatures: state.unit.uses
            .map((name) => run.byName.get(name)?.item)
            .filter((item): item is PortedItem => item !== undefined)
            .map((item) => run.target.declarationOf(item)),
        parameterTypes: state.unit.parameters.map((parameter, i) =>
            parameterType(parameter, state.unit.docstring, state.item?.signature?.parameters[i]?.type)
        )
    };
}

/**
 * Asks the model once about a unit and reads the unit's item from the reply (with the index of the call that
 * gave it); the reply's problems become the unit's notes and its proposed edge cases join the unit's cases.
 */
export async function askForUnit(
    run: PortRun,
    state: UnitState,
    prompt: string,
    round: number,
    purpose: PortCallStep
): Promise<PortedItem | undefined> {
    const { deps, request } = run;
    const modelStarted = performance.now();
    const callIndex = run.modelCalls++;
    let generation: GenerationResult;
    try {
        generation = await deps.runtime.generate(
            {
                messages: [{ role: "user", content: prompt }],
                candidates: 1,
                purpose: `port.${purpose}`,
                seed: run.seed + callIndex,
                ...(request.thinkBudget !== undefined ? { thinkBudget: request.thinkBudget } : {})
            },
            {
                ...(deps.signal ? { signal: deps.signal } : {}),
                onEvent: (event) => run.emit({ kind: "reasoning", round, unit: state.unit.name, event })
            }
        );
    } catch (error) {
        // The runtime calls an over-long prompt bad input; here Ponder wrote the prompt, so the limit is Ponder's.
        if (error instanceof PromptTooLongError)
            throw new PortPromptTooLongError(state.unit.name, purpose, error.promptTokens, error.contextSize, {
                cause: error
            });
        throw error;
    }
    run.timings.modelMs += performance.now() - modelStarted;
    const reply = generation.candidates[0]!;
    const read = await run.target.readItem(reply.answer, state.unit.name, state.unit.kind, run.parser);
    state.report.notes.push(...read.problems.map((problem) => `${purpose}: ${problem}`));
    state.proposedCases.push(...read.proposedCases);
    return read.item ? { ...read.item, modelCall: callIndex } : undefined;
}
