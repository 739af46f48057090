// Speculative decoding through the real managed llama-server on generated models: a scripted target and a one-block
// scripted draft with the same replies (so the same vocabulary). The server starts with the draft flags and really
// drafts, every reply (temperature 0, and six seeds at 0.6) is the same as without the draft, the measurement is
// cached under the model file's identity, and a later start turns speculation on only where that measurement pays off.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
    ManagedServerRuntime,
    measureSpeculation,
    readSpeculationCache,
    recordSpeculation,
    speculationIdentity,
    speculationNotesOfFile,
    type SpeculativeDecoding
} from "../../../engine/testing.js";
import { buildScriptedModel, testModelDir } from "../../support/models/index.js";
import { findLlamaServer } from "../../support/remote/LlamaServerProcess.js";
import { fakeIo } from "../../support/fakeIo.js";
import { main } from "../../../bin/main.js";

const binary = findLlamaServer();
const replies = [
    "<think>\nThe bound is off by one.\n</think>\n\nUse <=.",
    "<think>\nThe sum starts at the wrong index.\n</think>\n\nStart at 1.",
    "<think>\nNothing is wrong here at all.\n</think>\n\nKeep it."
];

async function targetAndDraft(): Promise<{ target: string; draft: SpeculativeDecoding }> {
    const target = await buildScriptedModel(join(testModelDir(), "spec-target.gguf"), {
        replies,
        blockCount: 4,
        embeddingLength: 256
    });
    const draft = await buildScriptedModel(join(testModelDir(), "spec-draft.gguf"), { replies, blockCount: 1 });
    return { target: target.path, draft: { kind: "draftModel", draftModelPath: draft.path, draftMax: 8, draftMin: 0 } };
}

if (binary.kind === "absent") {
    // FIXME: needs the cached llama-server (scripts/buildLlamaServer.sh); without it this asserts the build script says so.
    test("without a cached llama-server the speculation checks cannot run, and the build script says why", () => {
        assert.match(binary.message, /no cached llama-server/);
    });
} else {
    const serverBinary = binary.path;

    test("with a draft model the server drafts, and every reply equals the one decoded without it", async () => {
        const { target, draft } = await targetAndDraft();
        const cacheFile = join(mkdtempSync(join(tmpdir(), "ponder-spec-")), "speculation.json");
        const report = await measureSpeculation({
            model: target,
            gpu: false,
            threads: 1,
            binary: serverBinary,
            speculative: draft,
            maxTokens: 64,
            seeds: [1, 2, 3, 4, 5, 6],
            cacheFile
        });
        assert.equal(report.without.draftTokens, 0, "the plain server drafted nothing");
        assert.ok(report.withSpeculation.draftTokens > 0, "the server with the draft flags drafted");
        assert.deepEqual(report.withSpeculation.replies, report.without.replies);
        // The seeds pick different scripted replies, so the check covers sampling, not one greedy path.
        assert.ok(new Set(report.without.replies).size > 1, report.without.replies.join(" | "));
        const { measurement } = report;
        assert.equal(measurement.exact, true);
        assert.ok(measurement.acceptanceRate! > 0 && measurement.acceptanceRate! <= 1);
        assert.ok(measurement.withSpeculation > 0 && measurement.without > 0);
        assert.deepEqual(readSpeculationCache(cacheFile), [measurement]);
        assert.equal(measurement.identity, speculationIdentity(target, serverBinary));
    });

    test("a start without a speculation setting uses the cached one only where it paid off; 'off' always wins", async () => {
        const { target, draft } = await targetAndDraft();
        const cacheFile = join(mkdtempSync(join(tmpdir(), "ponder-spec-")), "speculation.json");
        const identity = speculationIdentity(target, serverBinary);
        const measured = {
            modelId: "ponder-test-scripted",
            backend: "cpu",
            speculation: draft,
            identity,
            acceptanceRate: 0.9,
            exact: true,
            measuredAt: "2026-12-08T02:00:00Z"
        };
        const start = (speculative?: "off") =>
            ManagedServerRuntime.start({
                model: target,
                gpu: false,
                threads: 1,
                binary: serverBinary,
                speculationCache: cacheFile,
                ...(speculative ? { speculative } : {})
            });
        const usesDraft = async (runtime: ManagedServerRuntime) => {
            try {
                return runtime.serverArgs.includes("--spec-draft-model");
            } finally {
                await runtime.dispose();
            }
        };

        assert.equal(await usesDraft(await start()), false, "never measured: off");
        recordSpeculation(cacheFile, { ...measured, withSpeculation: 105, without: 100 });
        assert.equal(await usesDraft(await start()), false, "5 % faster is within one run's noise: off");
        recordSpeculation(cacheFile, { ...measured, withSpeculation: 150, without: 100, exact: false });
        assert.equal(await usesDraft(await start()), false, "a changed reply: off, however fast");
        recordSpeculation(cacheFile, { ...measured, withSpeculation: 150, without: 100 });
        const on = await start();
        assert.match(
            on.description.speculation ?? "",
            /draft model: 150\.0 against 100\.0 tokens\/s \(1\.50×\), 90 %.*on by default/
        );
        assert.equal(await usesDraft(on), true);
        assert.equal(await usesDraft(await start("off")), false);
        assert.equal(readSpeculationCache(cacheFile).length, 1, "one entry per file, backend and kind");

        assert.match(speculationNotesOfFile(target, cacheFile).join("\n"), /^cpu: draft model: 150\.0 against 100\.0/);
        const io = fakeIo(process.cwd(), { PONDER_SPECULATION_CACHE: cacheFile });
        assert.equal(await main(["info", target], io), 0, io.stderr);
        assert.match(io.stdout, /speculative decoding\s+cpu: draft model: 150\.0 against 100\.0 tokens\/s/);
    });
}
