// Evaluates a generation's prompt once and gives the other candidates' sequences its state: node-llama-cpp 3.21.1
// has no sequence copy, but its state files carry a sequence's tokens and KV cells, so one sequence evaluates the
// prompt and the others load its state from a RAM-backed file before the G candidates decode in one batch.

import { existsSync, statfsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { GgufInsights, readGgufFileInfo, type LlamaContextSequence, type Token } from "node-llama-cpp";

/** How a model's candidates get their prompt: evaluated once and copied, or evaluated in every sequence. */
export type PromptSharing = { kind: "once" } | { kind: "perSequence"; reason: string };

/** What one generation's prompt cost: tokens evaluated to prepare it, and how many sequences got a copy. */
export interface SharedPromptReport {
    /** Prompt tokens evaluated before the candidates started (the part no sequence held yet). */
    evaluatedTokens: number;
    /** Sequences that loaded the evaluated state instead of evaluating the prompt themselves. */
    copies: number;
    /** Milliseconds spent writing and loading the state file. */
    copyMs: number;
    /** Why the state was not copied when it should have been (a full RAM disk, say); the sequences then evaluate it. */
    copyFailure?: string;
}

/**
 * Whether this model's memory can be shared through state files. A hybrid or recurrent model's state, and a
 * sliding-window cache that keeps only its window, are restored through node-llama-cpp's checkpoints, which a loaded
 * state file does not replace; no test model of those kinds loads here, so their candidates evaluate the prompt
 * themselves, as before.
 */
export function promptSharingFor(insights: Pick<GgufInsights, "isRecurrent" | "isHybrid" | "swaSize">): PromptSharing {
    if (insights.isRecurrent)
        return { kind: "perSequence", reason: "a recurrent model's state is not shared between candidates yet" };
    if (insights.isHybrid)
        return {
            kind: "perSequence",
            reason: "a hybrid (attention and recurrent) model's state is not shared between candidates yet"
        };
    if (insights.swaSize !== undefined && insights.swaSize > 0)
        return { kind: "perSequence", reason: "a sliding-window cache is not shared between candidates yet" };
    return { kind: "once" };
}

/** `promptSharingFor` from a file's header, without loading the model (for `ponder info`). */
export async function promptSharingOfFile(path: string): Promise<PromptSharing> {
    const info = await readGgufFileInfo(path, { logWarnings: false, sourceType: "filesystem" });
    return promptSharingFor(await GgufInsights.from(info));
}

/**
 * Brings every sequence to `promptTokens` minus its last token (LlamaChat evaluates the last token itself, to
 * sample from its logits): the sequence that already holds the longest part of the prompt evaluates the rest,
 * and the others that lack any of it load its state. A sequence whose own tokens already cover the prompt keeps them.
 */
export async function sharePrompt(
    sequences: LlamaContextSequence[],
    promptTokens: Token[],
    signal?: AbortSignal
): Promise<SharedPromptReport> {
    const prefix = promptTokens.slice(0, -1);
    const held = sequences.map((sequence) => sequence.compareContextTokens(prefix).firstDifferentIndex);
    const sourceIndex = held.indexOf(Math.max(...held));
    const source = sequences[sourceIndex]!;
    await source.adaptStateToTokens(prefix, false);
    const report: SharedPromptReport = { evaluatedTokens: 0, copies: 0, copyMs: 0 };
    // One batch at a time, so a cancel waits for one batch, not the whole prompt (the candidates then stop at once).
    const batch = Math.max(1, source.context.batchSize);
    for (let at = source.nextTokenIndex; at < prefix.length && !signal?.aborted; at = source.nextTokenIndex) {
        const chunk = prefix.slice(at, at + batch);
        await source.evaluateWithoutGeneratingNewTokens(chunk);
        report.evaluatedTokens += chunk.length;
    }
    const targets = sequences.filter((sequence, index) => index !== sourceIndex && held[index]! < prefix.length);
    if (targets.length === 0 || prefix.length === 0 || signal?.aborted) return report;

    const started = performance.now();
    const file = join(
        stateFolder(source.context.stateSize),
        `ponder-prompt-${process.pid}-${randomBytes(6).toString("hex")}.state`
    );
    try {
        await source.saveStateToFile(file);
        for (const target of targets) {
            await target.loadStateFromFile(file, { acceptRisk: true });
            report.copies++;
        }
    } catch (error) {
        // A full RAM disk or a refused load: the sequences without the state evaluate the prompt themselves.
        report.copyFailure = error instanceof Error ? error.message.split("\n")[0]! : String(error);
        for (const target of targets.slice(report.copies)) await target.clearHistory().catch(() => undefined);
    } finally {
        await rm(file, { force: true });
        report.copyMs = Math.round(performance.now() - started);
    }
    return report;
}

/** /dev/shm when it has room for the state (a container's is often 64 MB), else the temp folder. */
function stateFolder(stateBytes: number): string {
    const shm = "/dev/shm";
    try {
        if (!existsSync(shm)) return tmpdir();
        const free = statfsSync(shm);
        if (free.bavail * free.bsize > 2 * stateBytes) return shm;
    } catch {
        // No statfs on this platform: the temp folder works everywhere.
    }
    return tmpdir();
}
