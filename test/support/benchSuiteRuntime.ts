// The scripted models of the benchmark suite in test/fixtures/bench/suite, one per task, behind one runtime that
// picks the model by the file (or function) the prompt names. Port prompts show the unit's source, not its file.

import { join } from "node:path";
import { LocalModelRuntime } from "../../engine/testing.js";
import { benchReplies } from "./benchReplies.js";
import { buildScriptedModel, testModelDir } from "./models/index.js";
import { RoutedRuntime } from "./RoutedRuntime.js";

async function scripted(name: string, replies: string[]): Promise<LocalModelRuntime> {
    const { path } = await buildScriptedModel(join(testModelDir(), `bench-${name}.gguf`), { replies });
    return LocalModelRuntime.load({ model: path, gpu: false, threads: 1, contextSize: 8192, expectedCandidates: 2 });
}

export async function benchSuiteRuntime(): Promise<RoutedRuntime> {
    return new RoutedRuntime([
        ["def digit_sum(", await scripted("port-digits", [benchReplies.digitsPort])],
        ["def bulk_price(", await scripted("port-bulk", [benchReplies.bulkPortLooksRight])],
        ["def midpoint(", await scripted("port-midpoint", [benchReplies.midpointPortWrong])],
        ["def sign_label(", await scripted("port-sign", [benchReplies.signPort])],
        // Two replies: with seed 1 and two candidates, the first candidate gets the constant and the second the fix.
        ["series.py", await scripted("series", [benchReplies.constant, benchReplies.seriesRight])],
        ["totals.py", await scripted("totals", [benchReplies.constant])],
        ["leap.py", await scripted("leap", [benchReplies.leapLooksRight])],
        ["clamp.ts", await scripted("clamp", [benchReplies.clampRight])],
        ["triangle", await scripted("triangle", [benchReplies.triangleTests])],
        ["lib.rs", await scripted("largest", [benchReplies.largestRight])],
        ["stats.py", await scripted("stats", [benchReplies.statsTests])],
        ["range.ts", await scripted("range", [benchReplies.rangeTests])]
    ]);
}
