// Speculative decoding through the managed llama-server: the flags of the bundled llama.cpp's server for MTP heads
// and for a draft model, the managed runtime passing them to the binary it starts, and the default, which turns it
// on only where a measurement on that backend shows it faster (none exists yet, so it is off everywhere today).
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
    estimatedBandwidth,
    findCatalogModel,
    modelCatalog,
    speculationByDefault,
    speculationFor,
    type MachineMemory
} from "../../../engine/testing.js";
import { ManagedServerRuntime } from "../../../engine/runtime/managed/ManagedServerRuntime.js";
import { llamaServerArgs } from "../../../engine/runtime/managed/llamaServerArgs.js";
import { planExpertOffload } from "../../../engine/runtime/managed/expertOffload.js";
import { buildRandomModel, testModelDir } from "../../support/models/index.js";

const cpuOffload = planExpertOffload({ freeVramBytes: undefined, expertBytesPerLayer: [1], otherGpuBytes: 0 });
const base = {
    modelPath: "/m.gguf",
    alias: "qwen3.6-27b",
    parallel: 4,
    contextSize: 8192,
    threads: 2,
    offload: cpuOffload
};

test("MTP heads and a draft model become the bundled server's --spec-* flags; none adds nothing", () => {
    const plain = llamaServerArgs(base);
    assert.ok(!plain.some((arg) => arg.startsWith("--spec") || arg.includes("draft")), plain.join(" "));
    assert.deepEqual(llamaServerArgs({ ...base, speculative: { kind: "mtp", draftMax: 3 } }).slice(plain.length), [
        "--spec-type",
        "draft-mtp",
        "--spec-draft-n-max",
        "3"
    ]);
    assert.deepEqual(
        llamaServerArgs({
            ...base,
            speculative: { kind: "draftModel", draftModelPath: "/d.gguf", draftMax: 8, draftMin: 1 }
        }).slice(plain.length),
        [
            "--spec-type",
            "draft-simple",
            "--spec-draft-model",
            "/d.gguf",
            "--spec-draft-n-max",
            "8",
            "--spec-draft-n-min",
            "1"
        ]
    );
});

test("the managed runtime starts llama-server with the speculation it was given", async () => {
    const model = join(testModelDir(), "spec-moe.gguf");
    await buildRandomModel(model, {
        embeddingLength: 32,
        blockCount: 1,
        feedForwardLength: 64,
        headCount: 2,
        experts: { count: 4, usedPerToken: 2 }
    });
    // A stand-in binary that writes the arguments it got and exits: no llama-server is built on these machines.
    const argsFile = join(testModelDir(), "spec-args.txt");
    const binary = join(testModelDir(), "llama-server-recording-args");
    writeFileSync(
        binary,
        `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\necho 'stand-in server: exiting' >&2\nexit 1\n`
    );
    chmodSync(binary, 0o755);
    await assert.rejects(
        ManagedServerRuntime.start({
            model,
            gpu: false,
            threads: 1,
            binary,
            speculative: { kind: "mtp", draftMax: 3 },
            startTimeoutMs: 20_000
        }),
        /llama-server exited with code 1 before it listened/
    );
    const args = readFileSync(argsFile, "utf8").trim().split("\n");
    assert.deepEqual(args.slice(args.indexOf("--spec-type"), args.indexOf("--spec-type") + 4), [
        "--spec-type",
        "draft-mtp",
        "--spec-draft-n-max",
        "3"
    ]);
});

test("speculation is offered for the MTP-trained Qwen3.6 models and is on by default only where measured faster", () => {
    assert.deepEqual(
        modelCatalog.filter((m) => speculationFor(m)).map((m) => m.id),
        ["qwen3.6-35b-a3b", "qwen3.6-27b"]
    );
    const qwen = findCatalogModel("qwen3.6-27b")!;
    const cuda: MachineMemory = {
        backend: "cuda",
        freeRam: 32e9,
        totalRam: 32e9,
        freeVram: 24e9,
        totalVram: 24e9,
        unifiedMemory: false,
        cores: 16,
        bandwidth: estimatedBandwidth("cuda", 24e9)
    };
    const cpu: MachineMemory = {
        ...cuda,
        backend: "cpu",
        freeVram: 0,
        totalVram: 0,
        bandwidth: estimatedBandwidth("cpu", 0)
    };
    // Today: no measurement, so off on every machine.
    assert.equal(speculationByDefault(qwen, cuda), undefined);
    assert.equal(speculationByDefault(qwen, cpu), undefined);
    const measured = [
        { modelId: "qwen3.6-27b", backend: "cuda", withSpeculation: 52, without: 34 },
        { modelId: "qwen3.6-27b", backend: "cpu", withSpeculation: 3.1, without: 3.0 }
    ];
    assert.deepEqual(speculationByDefault(qwen, cuda, measured), { kind: "mtp", draftMax: 3 });
    assert.equal(speculationByDefault(qwen, cpu, measured), undefined, "3 % faster is within one run's noise");
    assert.equal(speculationByDefault(findCatalogModel("gemma-4-31b")!, cuda, measured), undefined);
});
