// Turns one candidate reply into a patch (exact edits of the target file) and its tests (with the import of
// the target added), or into the reasons it cannot be used; unusable replies stay in the evidence.

import {
    applyTextEdits,
    applyUnifiedDiff,
    classifyAnswer,
    ensureTestImportsTarget,
    mapReplacementToEdits,
    type SourceLanguage
} from "../../analysis/index.js";
import type { CandidateReply } from "../../runtime/ModelRuntime.js";
import type { CandidatePatch } from "./FixTypes.js";

export interface ParseCandidateInput {
    round: number;
    reply: CandidateReply;
    file: string;
    originalText: string;
    language: SourceLanguage;
    targetName: string;
    modulePath: string;
}

export async function parseCandidate(input: ParseCandidateInput): Promise<CandidatePatch> {
    const { reply, language, originalText, targetName } = input;
    const candidate: CandidatePatch = { round: input.round, index: reply.index, reply, parseProblems: [] };
    if (reply.flags.includes("thoughtUnclosed"))
        candidate.parseProblems.push("the reply ended inside its thought, with no answer");
    if (reply.answer.trim() === "") {
        if (!reply.flags.includes("thoughtUnclosed"))
            candidate.parseProblems.push("the reply has no answer after its thought");
        return candidate;
    }
    const answer = await classifyAnswer(reply.answer, { language, targetName, originalText });
    candidate.parseProblems.push(...answer.problems);
    const patch = answer.patch;
    if (patch?.patchCode !== undefined || patch?.role === "diff") {
        if (patch.role === "diff") {
            const applied = applyUnifiedDiff(originalText, patch.block.code, { path: input.file });
            if (applied.kind === "applied") {
                candidate.edits = applied.edits;
                candidate.patchedText = applied.text;
                candidate.patchKind = "diff";
            } else {
                candidate.parseProblems.push(`the diff does not apply: ${applied.reason}`);
            }
        } else {
            const mapped = await mapReplacementToEdits(originalText, language, targetName, patch.patchCode!);
            if (mapped.kind === "edits") {
                candidate.edits = mapped.edits;
                candidate.patchedText = applyTextEdits(originalText, mapped.edits);
                candidate.patchKind =
                    patch.role === "wholeFile" ? "wholeFile" : patch.role === "mixed" ? "mixed" : "replacement";
                if (candidate.patchedText === originalText) {
                    candidate.parseProblems.push("the patch changes nothing");
                    delete candidate.edits;
                    delete candidate.patchedText;
                }
            } else {
                candidate.parseProblems.push(`the patch cannot be placed in ${input.file}: ${mapped.reason}`);
            }
        }
    }
    const testCode = answer.tests
        .map((block) => block.testCode ?? block.block.code)
        .join("\n\n")
        .trim();
    if (testCode !== "") {
        const imported = await ensureTestImportsTarget(testCode, language, {
            modulePath: input.modulePath,
            targetName
        });
        candidate.testCode = imported.code;
    }
    return candidate;
}
