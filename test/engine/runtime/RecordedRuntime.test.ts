// A session recorded with the real runtime replays through RecordedRuntime with the same replies and events.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { LocalModelRuntime, RecordedRuntime, type ReasoningEvent } from "../../../engine/testing.js";
import { buildScriptedModel, testModelDir } from "../../support/models/index.js";

test("a recorded session replays the same candidates and a stream that rebuilds them", async () => {
    const { path } = await buildScriptedModel(join(testModelDir(), "recorded.gguf"), {
        replies: ["<think>\nA.\n</think>\nfirst", "<think>\nB.\n</think>\nsecond"]
    });
    const log = join(testModelDir(), `recorded-${process.pid}.jsonl`);
    const live = await LocalModelRuntime.load({
        model: path,
        gpu: false,
        threads: 1,
        contextSize: 1024,
        recordTo: log
    });
    const ask = [{ role: "user" as const, content: "hi" }];
    const original = await live.generate({ messages: ask, seed: 4, candidates: 3 });
    await live.dispose();

    const replay = await RecordedRuntime.fromSessionLog(log);
    const events: ReasoningEvent[] = [];
    const replayed = await replay.generate(
        { messages: ask, seed: 4, candidates: 3 },
        { onEvent: (e) => events.push(e) }
    );
    assert.deepEqual(
        replayed.candidates.map((c) => [c.thought, c.answer, c.seed]),
        original.candidates.map((c) => [c.thought, c.answer, c.seed])
    );
    for (const candidate of replayed.candidates) {
        const text = (kind: string) =>
            events
                .filter((e) => e.candidate === candidate.index && e.kind === kind)
                .map((e) => (e as { text: string }).text)
                .join("");
        assert.equal(text("thought"), candidate.thought);
        assert.equal(text("answer"), candidate.answer);
    }
    await assert.rejects(replay.generate({ messages: ask }), /holds 1 calls/);
});
