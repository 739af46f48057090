// The prompts of the port chain, each about one unit and small enough for a distilled model: the unit's
// source, the signatures already ported (to call, not to repeat), what is known of the types, the imports'
// counterparts; then, in repair rounds, the compiler's errors or the counterexamples.

import type { LanguagePair } from "./languagePairs.js";
import type { SourceBackend } from "./PortBackends.js";
import type { PortUnit } from "./PortTypes.js";
import type { ValueType } from "./valueTypes.js";

export interface UnitPromptInput {
    pair: LanguagePair;
    /** How the source language writes values and types: the prompt shows the original's values as its own code would. */
    source: Pick<SourceBackend, "literalOf" | "typeTextOf">;
    unit: PortUnit;
    /** Headers of the units already ported that this unit uses. */
    portedSignatures: string[];
    parameterTypes: ValueType[];
    /** Imports of the file with their counterparts. */
    imports: { source: string; target: string }[];
    /** Similar functions ported and proven earlier (the solution memory's worked examples). */
    workedExamples?: string;
    /** How earlier experts' ports of this unit failed, one line each. */
    priorFailures?: string[];
}

/** Longest value text a prompt shows; the rest is cut with a marker saying how much (a list of a million items once made a 55.8-million-token prompt). */
export const longestShownValue = 300;

/** A value's text as a prompt shows it: whole when short, else its start and a marker with the length cut. */
export function shownValue(text: string, longest = longestShownValue): string {
    if (text.length <= longest) return text;
    return `${text.slice(0, longest)}… [${text.length - longest} more characters cut]`;
}

function fence(tag: string, code: string): string {
    return "```" + tag + "\n" + code.trimEnd() + "\n```";
}

export function translatePrompt(input: UnitPromptInput): string {
    const { pair, unit } = input;
    const lines = [
        `Port this ${pair.fromName} ${unit.kind} to ${pair.targetName}.`,
        "",
        fence(pair.from, unit.source),
        ""
    ];
    if (input.portedSignatures.length > 0) {
        lines.push(
            `Already ported (call these as they are; do not write them again):`,
            fence(pair.fenceTag, input.portedSignatures.join("\n")),
            ""
        );
    }
    if (unit.kind === "function" && unit.parameters.length > 0) {
        lines.push("Parameter types:");
        unit.parameters.forEach((parameter, i) => {
            const seen = parameter.seen.slice(0, 4).map((value) => shownValue(input.source.literalOf(value), 80));
            lines.push(
                `- ${parameter.name}: ${input.source.typeTextOf(input.parameterTypes[i]!)}${seen.length ? ` (seen: ${seen.join(", ")})` : ""}`
            );
        });
        if (unit.returnHint) lines.push(`- returns: ${unit.returnHint}`);
        lines.push("");
    }
    const used = input.imports.filter((entry) => unit.source.includes(entry.source));
    if (used.length > 0)
        lines.push(
            "Imports and their counterparts:",
            ...used.map((entry) => `- ${entry.source} → ${entry.target}`),
            ""
        );
    if (input.workedExamples) lines.push(input.workedExamples.trim(), "");
    if (input.priorFailures && input.priorFailures.length > 0)
        lines.push(
            "Earlier ports of this unit were not proven equivalent:",
            ...input.priorFailures.map((failure) => `- ${shownValue(failure, 600)}`),
            ""
        );
    lines.push(
        pair.rules,
        `Answer with one \`\`\`${pair.fenceTag} block holding \`${unit.name}\`, then a \`\`\`json block with a list of argument lists worth testing (edge cases).`
    );
    return lines.join("\n");
}

export function compileRepairPrompt(input: UnitPromptInput, code: string, errors: string[]): string {
    return [
        `This ${input.pair.targetName} port of a ${input.pair.fromName} ${input.unit.kind} does not compile.`,
        "",
        fence(input.pair.from, input.unit.source),
        "",
        "The port:",
        fence(input.pair.fenceTag, code),
        "",
        ...(input.portedSignatures.length
            ? ["Other ported items it may call:", fence(input.pair.fenceTag, input.portedSignatures.join("\n")), ""]
            : []),
        "The compiler says:",
        fence("text", errors.join("\n\n").slice(0, 3000)),
        "",
        `Answer with the corrected \`${input.unit.name}\` in one \`\`\`${input.pair.fenceTag} block.`
    ].join("\n");
}

export function counterexamplePrompt(
    input: UnitPromptInput,
    code: string,
    counterexamples: { call: string; expected: string; actual: string }[]
): string {
    return [
        `This ${input.pair.targetName} port of a ${input.pair.fromName} ${input.unit.kind} gives different results from the original.`,
        "",
        fence(input.pair.from, input.unit.source),
        "",
        "The port:",
        fence(input.pair.fenceTag, code),
        "",
        "Inputs where they differ:",
        ...counterexamples
            .slice(0, 5)
            .map(
                (c) =>
                    `- ${shownValue(c.call)}: ${input.pair.fromName} ${shownValue(c.expected)}; ${input.pair.targetName} ${shownValue(c.actual)}`
            ),
        "",
        `Answer with the corrected \`${input.unit.name}\` in one \`\`\`${input.pair.fenceTag} block.`
    ].join("\n");
}
