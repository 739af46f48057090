// Benchmark of the prompt once: a long prompt (over 4,000 tokens) with G = 4 candidates against G = 1, with the
// prompt shared (today) and evaluated in every sequence (before), in one run, on a random model whose prompt
// evaluation costs what a real model's does per parameter.

import { loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { LocalModelRuntime, type ChatMessage, type GpuPreference } from "../../engine/testing.js";
import { buildRandomModel, testModelDir } from "../support/models/index.js";
import type { BenchRow } from "./BenchRow.js";

/** About `length` tokens (default 4,200): the random model's tokenizer gives one token per byte of this text. */
export function longPrompt(length = 4200): ChatMessage[] {
    const code = "def gcd(a, b):\n    while b:\n        a, b = b, a % b\n    return a\n\n";
    return [{ role: "user", content: `${code.repeat(Math.ceil(length / code.length))}Explain what gcd does.` }];
}

export interface PromptOnceSettings {
    /** Fixed decoding threads (the benchmark compares sharing, not thread choices). */
    threads: number;
    gpu: GpuPreference;
    /** A model file; default a generated ~10M-parameter random model. */
    modelPath?: string;
    /** Tokens each candidate decodes: short, so the prompt's cost shows. Default 16. */
    replyTokens?: number;
    /** Prompt length in tokens, about. Default 4,200 (tests use less). */
    promptLength?: number;
}

/** Wall time of G = 1 and G = 4 on a long prompt, shared and per sequence, and prompt evaluations per distinct prompt. */
export async function promptOnceRows(settings: PromptOnceSettings): Promise<BenchRow[]> {
    const path = settings.modelPath ?? join(testModelDir(), "bench-prompt-once.gguf");
    if (!settings.modelPath)
        await buildRandomModel(path, {
            embeddingLength: 384,
            blockCount: 4,
            feedForwardLength: 1024,
            headCount: 6,
            vocabularySize: 2000,
            contextLength: 8192
        });
    const messages = longPrompt(settings.promptLength);
    const replyTokens = settings.replyTokens ?? 16;
    const open = (sharePrompt: boolean) =>
        LocalModelRuntime.load({
            model: path,
            gpu: settings.gpu,
            threads: settings.threads,
            contextSize: Math.max(1024, (settings.promptLength ?? 4200) + 920),
            expectedCandidates: 4,
            sharePrompt
        });
    const shared = await open(true);
    const unshared = await open(false);
    const loadBefore = loadavg()[0]!;
    try {
        // Each measurement starts from sequences that hold nothing of the prompt: a fresh variant of it per run.
        let variant = 0;
        const timed = async (runtime: LocalModelRuntime, candidates: number) => {
            const ask: ChatMessage[] = [{ role: "user", content: `Run ${variant++}.\n${messages[0]!.content}` }];
            const evaluatedBefore = runtime.evaluatedPromptTokens;
            const started = performance.now();
            const cpuBefore = process.cpuUsage();
            const result = await runtime.generate({
                messages: ask,
                candidates,
                seed: 1,
                maxTokens: replyTokens,
                loopGuard: false,
                thinkBudget: replyTokens
            });
            const ms = performance.now() - started;
            const cpu = process.cpuUsage(cpuBefore);
            const promptTokens = result.candidates[0]!.usage.promptTokens;
            return {
                ms,
                cpuMs: (cpu.user + cpu.system) / 1000,
                promptTokens,
                evaluations: (runtime.evaluatedPromptTokens - evaluatedBefore) / Math.max(1, promptTokens - 1)
            };
        };
        const one = await timed(shared, 1);
        const four = await timed(shared, 4);
        const oneBefore = await timed(unshared, 1);
        const fourBefore = await timed(unshared, 4);
        const copy = shared.lastSharedPrompt;
        const note = `${one.promptTokens}-token prompt, ${replyTokens} tokens a reply, ${settings.threads} thread(s), load ${loadBefore.toFixed(1)}→${loadavg()[0]!.toFixed(1)}`;
        return [
            { name: "long prompt, G=1", value: one.ms, unit: "ms", note },
            {
                name: "long prompt, G=4, prompt once",
                value: four.ms,
                unit: "ms",
                note: copy ? `${copy.copies} state copies in ${copy.copyMs} ms` : ""
            },
            {
                name: "long prompt, G=4 / G=1, prompt once, wall",
                value: four.ms / one.ms,
                unit: "ratio",
                note: "goal ≤ 1.3 on CPU"
            },
            {
                name: "long prompt, G=4 / G=1, per sequence (before), wall",
                value: fourBefore.ms / oneBefore.ms,
                unit: "ratio",
                note: `${fourBefore.ms.toFixed(0)} ms vs ${oneBefore.ms.toFixed(0)} ms`
            },
            // On a shared machine the process's CPU time says more than wall time: it does not count others' turns.
            {
                name: "long prompt, G=4 / G=1, prompt once, CPU time",
                value: four.cpuMs / one.cpuMs,
                unit: "ratio",
                note: `${four.cpuMs.toFixed(0)} ms vs ${one.cpuMs.toFixed(0)} ms`
            },
            {
                name: "long prompt, G=4 / G=1, per sequence (before), CPU time",
                value: fourBefore.cpuMs / oneBefore.cpuMs,
                unit: "ratio",
                note: `${fourBefore.cpuMs.toFixed(0)} ms vs ${oneBefore.cpuMs.toFixed(0)} ms`
            },
            {
                name: "prompt evaluations per distinct prompt, G=4, prompt once",
                value: four.evaluations,
                unit: "evaluations",
                note: "goal 1"
            },
            {
                name: "prompt evaluations per distinct prompt, G=4, per sequence (before)",
                value: fourBefore.evaluations,
                unit: "evaluations"
            }
        ];
    } finally {
        await shared.dispose();
        await unshared.dispose();
    }
}
