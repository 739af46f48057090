// Benchmark of speculative decoding through the managed llama-server, in one run: a generated scripted target (eight
// blocks, so each of its tokens costs real work) and a one-block scripted draft with the same replies, decode speed
// with and without the draft, the share of drafted tokens accepted, and whether every reply stayed the same. The
// measurement is cached like any other (`ponder info` on the target shows it), so this is also how a machine's
// default is decided for a generated model; a real model's figures come from measuring it (`measureSpeculation`).

import { join } from "node:path";
import { measureSpeculation, speculationPaysOff } from "../../engine/testing.js";
import { buildScriptedModel, testModelDir } from "../support/models/index.js";
import { findLlamaServer } from "../support/remote/LlamaServerProcess.js";
import type { BenchRow } from "./BenchRow.js";

/** A long thought, so one request decodes a few hundred tokens. */
function longReply(variant: string): string {
    const steps = Array.from({ length: 12 }, (_, i) => `Step ${i}: ${variant} the loop bound is n, not n + 1.`);
    return `<think>\n${steps.join("\n")}\n</think>\n\nUse range(1, n + 1).`;
}

export async function speculationRows(threads: number): Promise<BenchRow[]> {
    const server = findLlamaServer();
    if (server.kind === "absent")
        return [{ name: "speculative decoding", value: 0, unit: "", note: `not measured: ${server.message}` }];
    const replies = [longReply("check that"), longReply("note that"), longReply("so")];
    const target = await buildScriptedModel(join(testModelDir(), "bench-spec-target.gguf"), {
        replies,
        blockCount: 8,
        embeddingLength: 512
    });
    const draft = await buildScriptedModel(join(testModelDir(), "bench-spec-draft.gguf"), { replies, blockCount: 1 });
    const { measurement, without, withSpeculation } = await measureSpeculation({
        model: target.path,
        gpu: false,
        threads,
        binary: server.path,
        speculative: { kind: "draftModel", draftModelPath: draft.path, draftMax: 8, draftMin: 0 },
        maxTokens: 512,
        seeds: [1, 2, 3, 4]
    });
    const how = `${target.sizeBytes / 1e6} MB target, ${draft.sizeBytes / 1e6} MB draft, ${threads} thread, temperature 0 + 4 seeds at 0.6, one run`;
    return [
        { name: "speculation: decode without the draft", value: measurement.without, unit: "tokens/s", note: how },
        {
            name: "speculation: decode with the draft",
            value: measurement.withSpeculation,
            unit: "tokens/s",
            note: `${withSpeculation.predictedTokens} tokens, ${withSpeculation.draftTokens} drafted`
        },
        { name: "speculation: with ÷ without", value: measurement.withSpeculation / measurement.without, unit: "×" },
        { name: "speculation: drafted tokens accepted", value: (measurement.acceptanceRate ?? 0) * 100, unit: "%" },
        {
            name: "speculation: replies unchanged",
            value: measurement.exact ? 1 : 0,
            unit: "",
            note: `${without.replies.length} replies compared`
        },
        {
            name: "speculation: on by default here",
            value: speculationPaysOff(measurement) ? 1 : 0,
            unit: "",
            note: "cached with the target's identity (ponder info shows it)"
        }
    ];
}
