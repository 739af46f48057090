// The local training dataset of one workspace: examples kept one JSON line each in the workspace's state
// folder, exported as supervised fine-tuning JSONL (chat messages, the assistant turn as
// "<think>\n…\n</think>\n\nanswer", as the R1 distills were trained), and summarised.

import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { TrainingExample } from "./TrainingExample.js";

export function datasetFile(stateDir: string): string {
    return join(stateDir, "dataset", "examples.jsonl");
}

/** Keeps one verified, accepted example. */
export function keepTrainingExample(stateDir: string, example: TrainingExample): Promise<string> {
    return keepTrainingExamples(stateDir, [example]);
}

/** Keeps the examples of one accepted result (a port gives one per function). Called by the CLI and the server. */
export async function keepTrainingExamples(stateDir: string, examples: readonly TrainingExample[]): Promise<string> {
    const file = datasetFile(stateDir);
    await mkdir(dirname(file), { recursive: true });
    // One append of whole lines: appends by separate processes do not interleave within a line.
    await appendFile(file, examples.map((example) => JSON.stringify(example) + "\n").join(""));
    return file;
}

export interface StoredExamples {
    examples: TrainingExample[];
    /** Line numbers (1-based) that are not a readable example; they are left in the file, not lost. */
    unreadableLines: number[];
}

export async function readTrainingExamples(stateDir: string): Promise<StoredExamples> {
    const text = await readFile(datasetFile(stateDir), "utf8").catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return "";
        throw error;
    });
    const examples: TrainingExample[] = [];
    const unreadableLines: number[] = [];
    const seen = new Set<string>();
    text.split("\n").forEach((line, i) => {
        if (line.trim() === "") return;
        try {
            const example = JSON.parse(line) as TrainingExample;
            if (
                typeof example.prompt !== "string" ||
                typeof example.thought !== "string" ||
                typeof example.answer !== "string" ||
                typeof example.metadata?.reward !== "number"
            )
                throw new Error("not an example");
            if (!seen.has(example.id)) examples.push(example);
            seen.add(example.id);
        } catch {
            unreadableLines.push(i + 1);
        }
    });
    return { examples, unreadableLines };
}

/** One SFT record: the conversation in chat-messages form, plus the example's metadata. */
export interface SftRecord {
    messages: { role: "user" | "assistant"; content: string }[];
    metadata: TrainingExample["metadata"] & { id: string; kind: string; createdAt: string };
}

export interface SftExport {
    records: SftRecord[];
    /** Examples left out, with why (below the reward floor, a thought that holds a think tag). */
    skipped: { id: string; reason: string }[];
}

/** The assistant turn in the distills' format: the thought closed, a blank line, the answer. */
export function assistantTurn(example: Pick<TrainingExample, "thought" | "answer">): string {
    return `<think>\n${example.thought.trim()}\n</think>\n\n${example.answer.trim()}`;
}

export function exportSft(examples: readonly TrainingExample[], options: { minReward?: number } = {}): SftExport {
    const records: SftRecord[] = [];
    const skipped: SftExport["skipped"] = [];
    for (const example of examples) {
        if (options.minReward !== undefined && example.metadata.reward < options.minReward) {
            skipped.push({ id: example.id, reason: `reward ${example.metadata.reward} is below ${options.minReward}` });
            continue;
        }
        // A think tag inside the thought or answer would make the turn ambiguous to parse.
        if (/<\/?think>/.test(example.thought) || /<\/?think>/.test(example.answer)) {
            skipped.push({ id: example.id, reason: "its thought or answer holds a <think> tag" });
            continue;
        }
        records.push({
            messages: [
                { role: "user", content: example.prompt },
                { role: "assistant", content: assistantTurn(example) }
            ],
            metadata: { id: example.id, kind: example.kind, createdAt: example.createdAt, ...example.metadata }
        });
    }
    return { records, skipped };
}

export interface DatasetStats {
    examples: number;
    byKind: Record<string, number>;
    byExpert: Record<string, number>;
    byModel: Record<string, number>;
    byLanguage: Record<string, number>;
    reward: { min: number; mean: number; max: number } | null;
    meanThoughtChars: number;
    meanAnswerChars: number;
    /** Examples whose thought the model closed itself (others were closed by a budget or the loop guard). */
    thoughtsClosedByModel: number;
}

export function datasetStats(examples: readonly TrainingExample[]): DatasetStats {
    const count = (key: (e: TrainingExample) => string) => {
        const counts: Record<string, number> = {};
        for (const example of examples) counts[key(example)] = (counts[key(example)] ?? 0) + 1;
        return counts;
    };
    const rewards = examples.map((e) => e.metadata.reward);
    const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);
    return {
        examples: examples.length,
        byKind: count((e) => e.kind),
        byExpert: count((e) => e.metadata.expert),
        byModel: count((e) => e.metadata.model),
        byLanguage: count((e) => e.metadata.language),
        reward:
            rewards.length === 0
                ? null
                : { min: Math.min(...rewards), mean: Number(mean(rewards).toFixed(3)), max: Math.max(...rewards) },
        meanThoughtChars: Math.round(mean(examples.map((e) => e.thought.length))),
        meanAnswerChars: Math.round(mean(examples.map((e) => e.answer.length))),
        thoughtsClosedByModel: examples.filter((e) => e.metadata.thoughtClosedBy === "model").length
    };
}
