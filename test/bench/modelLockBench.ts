// The model lock's benchmark: two fix jobs sent back to back against the same two jobs one after the other,
// interleaved over a few rounds in one run. With the lock held only while tokens are generated, the second job
// generates while the first verifies in the sandbox, so the pair takes less than the two alone; with a lock held
// for the whole job (the serial behaviour) the ratio is about 1.

import { performance } from "node:perf_hooks";
import type { FixResponse } from "../../protocol/index.js";
import { startBitcountClient } from "../server/lspTestClient.js";
import type { BenchRow } from "./BenchRow.js";

export async function backToBackFixes(rounds = 3): Promise<BenchRow[]> {
    const client = await startBitcountClient("bench-model-lock");
    const uri = await client.open("bitcount.py");
    let jobs = 0;
    const fix = async () => {
        const response = (await client.rpc.sendRequest("ponder/fix", {
            textDocument: { uri },
            position: { line: 5, character: 8 },
            jobId: `bench-${jobs++}`
        })) as FixResponse;
        if (response.status !== "verified") throw new Error(`a benchmark fix ended ${response.status}`);
    };
    const timed = async (body: () => Promise<unknown>) => {
        const started = performance.now();
        await body();
        return performance.now() - started;
    };
    try {
        await fix();
        const together: number[] = [];
        const oneAfterTheOther: number[] = [];
        for (let round = 0; round < rounds; round++) {
            together.push(await timed(() => Promise.all([fix(), fix()])));
            oneAfterTheOther.push(
                await timed(async () => {
                    await fix();
                    await fix();
                })
            );
        }
        const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
        return [
            {
                name: "two fix jobs back to back: wall clock",
                value: sum(together) / rounds / 1000,
                unit: "s",
                note: `mean of ${rounds}`
            },
            {
                name: "two fix jobs one after the other: wall clock",
                value: sum(oneAfterTheOther) / rounds / 1000,
                unit: "s",
                note: `mean of ${rounds}, what a whole-job lock costs`
            },
            {
                name: "back to back / one after the other",
                value: sum(together) / sum(oneAfterTheOther),
                unit: "ratio",
                note: "below 1: one job verifies while the other generates"
            }
        ];
    } finally {
        await client.close();
    }
}
