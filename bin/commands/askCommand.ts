// `ponder ask`: one prompt to the model, the thought streamed dimmed and the answer plain, or one JSON
// object with every candidate at the end (--json). The simplest way to see the reasoning engine work.

import { readFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
    InvalidRequestError,
    maxCandidates,
    type CandidateReply,
    type GenerationRequest,
    type ReasoningEvent
} from "../../engine/index.js";
import { ExitCode, type CliIo } from "../CliIo.js";
import { loadRuntimeFromFlags, modelFlagSpec, parseSettingFlag, parseWholeNumber } from "../modelOptions.js";
import { stylesFor } from "../terminal/format.js";
import { visibleControls } from "../terminal/visibleControls.js";

export const askUsage = `Usage: ponder ask PROMPT [--file F] [--model PATH|hf:URI|ID] [--candidates G] [--seed N]
                  [--temperature T] [--think-budget N] [--max-tokens N] [--experts-per-token K]
                  [--context-size N] [--gpu auto|cpu|cuda|vulkan|metal] [--threads N] [--offline]
                  [--endpoint URL…] [--api-key-env NAME]
                  [--record FILE] [--json]
`;

export async function askCommand(args: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
    const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: {
            ...modelFlagSpec,
            file: { type: "string" },
            candidates: { type: "string" },
            seed: { type: "string" },
            temperature: { type: "string" },
            "think-budget": { type: "string" },
            "max-tokens": { type: "string" },
            record: { type: "string" },
            json: { type: "boolean" }
        }
    });
    if (positionals.length === 0) throw new InvalidRequestError(`ask needs a prompt.\n${askUsage}`);
    // One candidate, not the setting's default: a question wants one answer unless asked for more.
    const candidates = parseSettingFlag("candidates", values.candidates) ?? 1;
    const seed = parseWholeNumber("seed", values.seed, 0, 2 ** 31 - 1 - maxCandidates);
    const thinkBudget = parseSettingFlag("thinkBudget", values["think-budget"]);
    const maxTokens = parseWholeNumber("max-tokens", values["max-tokens"], 1);
    const temperature = values.temperature === undefined ? undefined : Number(values.temperature);
    if (temperature !== undefined && !(temperature >= 0 && temperature <= 2))
        throw new InvalidRequestError(`--temperature must be a number from 0 to 2; got "${values.temperature}".`);

    let prompt = positionals.join(" ");
    if (values.file) {
        const path = resolve(io.cwd, values.file);
        const text = await readFile(path, "utf8").catch(() => {
            throw new InvalidRequestError(`Cannot read --file ${values.file}: no such readable file.`);
        });
        prompt += `\n\n${basename(path)}:\n\`\`\`\n${text}${text.endsWith("\n") ? "" : "\n"}\`\`\`\n`;
    }

    const runtime = await loadRuntimeFromFlags(values, io);
    try {
        const request: GenerationRequest = {
            messages: [{ role: "user", content: prompt }],
            candidates,
            purpose: "ask",
            ...(seed !== undefined ? { seed } : {}),
            ...(temperature !== undefined ? { sampling: { temperature } } : {}),
            ...(thinkBudget !== undefined ? { thinkBudget } : {}),
            ...(maxTokens !== undefined ? { maxTokens } : {})
        };
        const live = values.json ? undefined : liveRenderer(io, candidates);
        const result = await runtime.generate(request, {
            ...(signal ? { signal } : {}),
            ...(live ? { onEvent: live } : {})
        });
        if (values.json) {
            const { model, candidates: replies } = result;
            io.out(
                JSON.stringify(
                    {
                        model,
                        candidates: replies.map(
                            ({ index, seed, thought, answer, stopReason, thoughtClosedBy, flags, usage, timings }) => ({
                                index,
                                seed,
                                thought,
                                answer,
                                stopReason,
                                thoughtClosedBy,
                                flags,
                                usage,
                                timings
                            })
                        )
                    },
                    null,
                    2
                ) + "\n"
            );
        } else {
            if (candidates > 1) printCandidates(io, result.candidates);
            printNotes(io, result.candidates);
        }
        return result.candidates.some((reply) => reply.answer.trim() !== "") ? ExitCode.ok : ExitCode.negative;
    } finally {
        await runtime.dispose();
    }
}

/** One candidate streams live (thought dimmed on stdout); several show a running token count on stderr. */
function liveRenderer(io: CliIo, candidates: number): (event: ReasoningEvent) => void {
    const styles = stylesFor(io.isTty);
    if (candidates === 1) {
        let answerStarted = false;
        return (event) => {
            if (event.kind === "thought") io.out(styles.dim(visibleControls(event.text)));
            else if (event.kind === "thoughtEnd")
                io.out(styles.dim(event.closedBy === "model" ? "\n" : `\n[thought ended: ${event.closedBy}]\n`));
            else if (event.kind === "answer") {
                const text = answerStarted ? event.text : event.text.replace(/^\n+/, "");
                io.out(visibleControls(text));
                answerStarted ||= text !== "";
            } else if (event.kind === "done") io.out("\n");
        };
    }
    const tokens = new Array<number>(candidates).fill(0);
    let lastDraw = 0;
    return (event) => {
        if (event.kind === "thought" || event.kind === "answer") tokens[event.candidate]! += 1;
        const now = Date.now();
        if (io.isTty && (now - lastDraw > 200 || event.kind === "done")) {
            lastDraw = now;
            io.err(
                `\rgenerating ${candidates} candidates: ${tokens.map((n) => String(n).padStart(5)).join(" ")} chunks\x1b[K`
            );
        }
        if (event.kind === "done" && io.isTty && event.candidate === candidates - 1) io.err("\n");
    };
}

function printCandidates(io: CliIo, replies: CandidateReply[]): void {
    const styles = stylesFor(io.isTty);
    for (const reply of replies) {
        io.out(styles.bold(`── candidate ${reply.index} (seed ${reply.seed}, ${reply.stopReason}) ──\n`));
        io.out(styles.dim(`<think>${visibleControls(reply.thought)}</think>`) + "\n");
        io.out(visibleControls(reply.answer.replace(/^\n+/, "")) + "\n");
    }
}

function printNotes(io: CliIo, replies: CandidateReply[]): void {
    const notes: Record<string, string> = {
        thoughtUnclosed: "the reply ended inside its thought, without an answer",
        thoughtBudgetReached: "the thinking budget closed the thought",
        thoughtLoop: "the thought went in circles and was closed early",
        answerLoop: "the answer went in circles and was stopped there",
        emptyReply: "the model replied with nothing",
        emptyAnswer: "the model gave no answer after its thought",
        maxTokens: "the reply was cut at the token limit"
    };
    for (const reply of replies) {
        const prefix = replies.length > 1 ? `candidate ${reply.index}: ` : "";
        for (const flag of reply.flags) io.err(`note: ${prefix}${notes[flag] ?? flag}\n`);
        if (reply.stopReason === "cancelled") io.err(`note: ${prefix}cancelled; the partial reply is shown\n`);
    }
}
