// The gpu benchmark in a small configuration on this CPU-only machine: the JSON report's shape, every figure positive,
// the backend named "cpu", and `--gpu cuda` explained and skipped (nothing installed) where nvidia-smi is absent.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmod, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findLlamaServer } from "../support/remote/LlamaServerProcess.js";
import {
    gpuBenchOptionsFromArgs,
    gpuBenchRows,
    prepareCudaBinary,
    runGpuBench,
    type GpuBenchReport
} from "./gpuBench.js";

const noNvidia = { PATH: "/nonexistent" };

test("--gpu cuda without nvidia-smi installs nothing and says why; with a failing nvidia-smi it says that", async () => {
    const absent = prepareCudaBinary("cuda", noNvidia);
    assert.equal(absent.kind, "skipped");
    assert.match(
        (absent as { reason: string }).reason,
        /nvidia-smi was not found.*no usable NVIDIA GPU.*@node-llama-cpp\/linux-x64-cuda@3\.21\.1 and @node-llama-cpp\/linux-x64-cuda-ext@3\.21\.1 not installed/
    );
    assert.equal(existsSync("node_modules/@node-llama-cpp/linux-x64-cuda"), false);
    const bin = await mkdtemp(join(tmpdir(), "ponder-fake-smi-"));
    await writeFile(
        join(bin, "nvidia-smi"),
        "#!/bin/sh\necho 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.' >&2\nexit 9\n"
    );
    await chmod(join(bin, "nvidia-smi"), 0o755);
    const failing = prepareCudaBinary("cuda", { PATH: bin });
    assert.equal(failing.kind, "skipped");
    assert.match(
        (failing as { reason: string }).reason,
        /nvidia-smi failed \(NVIDIA-SMI has failed because it could not communicate/
    );
    assert.deepEqual(prepareCudaBinary(undefined, noNvidia), { kind: "notAsked" });
    assert.deepEqual(gpuBenchOptionsFromArgs(["gpu", "--gpu", "cuda", "--model", "/m.gguf", "--rounds", "5"]), {
        gpu: "cuda",
        model: "/m.gguf",
        rounds: 5
    });
    assert.throws(() => gpuBenchOptionsFromArgs(["gpu", "--gpu", "vulkan"]), /--gpu takes "cuda"/);
});

test("a small run writes the report: decode, G batched and sequential, prompt evaluation, the MoE offload, backend cpu", async () => {
    const jsonPath = join(await mkdtemp(join(tmpdir(), "ponder-gpu-bench-")), "gpu.json");
    const returned = await runGpuBench({
        size: "small",
        candidateCounts: [1, 2],
        tokens: 24,
        promptTokens: 96,
        rounds: 1,
        threads: 1,
        gpu: "cuda",
        env: noNvidia,
        jsonPath
    });
    const report = JSON.parse(await readFile(jsonPath, "utf8")) as GpuBenchReport;
    assert.deepEqual(report, returned);
    assert.equal(report.backend, "cpu");
    assert.equal(report.cudaInstall.kind, "skipped");
    const server = findLlamaServer().kind === "found";
    const runtimes = ["ponder-local", "bare-node-llama-cpp", ...(server ? ["managed-llama-server"] : [])];
    assert.equal(report.models.length, 1);
    const [model] = report.models;
    assert.equal(model!.model, "generated dense");
    assert.deepEqual(
        model!.decode.map((d) => d.runtime),
        runtimes
    );
    assert.deepEqual(
        model!.promptEvaluation.map((d) => d.runtime),
        runtimes
    );
    for (const figure of [...model!.decode, ...model!.promptEvaluation]) {
        assert.ok(figure.tokensPerSecond > 0 && Number.isFinite(figure.tokensPerSecond), JSON.stringify(figure));
        assert.match(
            figure.backend,
            figure.runtime === "managed-llama-server" ? /^llama-server \(managed\), all on CPU$/ : /^cpu$/
        );
    }
    assert.deepEqual(
        model!.candidates.map((c) => [c.runtime, c.candidates]),
        [1, 2].flatMap((g) => runtimes.filter((r) => r !== "bare-node-llama-cpp").map((r) => [r, g]))
    );
    for (const c of model!.candidates) {
        assert.ok(c.batchedTokensPerSecond > 0, JSON.stringify(c));
        if (c.runtime === "ponder-local")
            assert.ok(c.sequentialTokensPerSecond! > 0 && c.speedup! > 0, JSON.stringify(c));
    }
    assert.ok(model!.localOverBare > 0);
    if (server) {
        assert.ok(model!.managedOverLocal > 0 && model!.managedOverBare > 0);
        assert.deepEqual(
            report.moeOffload.map((o) => o.flags),
            [[], ["--n-cpu-moe", "2"]]
        );
        assert.deepEqual(
            report.moeOffload.map((o) => o.backend),
            ["llama-server (managed), all on CPU", "llama-server (managed), 2 of 4 expert layers on CPU"]
        );
        for (const o of report.moeOffload) assert.ok(o.tokensPerSecond > 0);
        assert.deepEqual(report.notes, []);
    } else {
        assert.deepEqual(report.moeOffload, []);
        assert.match(report.notes.join("\n"), /managed llama-server not measured: No llama-server binary was found/);
    }
    const evaluations = (name: string) =>
        report.promptOnce.find((row) => row.name === `prompt evaluations per distinct prompt, G=4, ${name}`)?.value;
    assert.equal(evaluations("prompt once"), 1);
    assert.equal(evaluations("per sequence (before)"), 4);
    assert.ok(
        report.promptOnce.some((row) => row.name === "long prompt, G=4 / G=1, prompt once, wall" && row.value > 0)
    );
    const rows = gpuBenchRows(report);
    assert.ok(rows.every((row) => row.name.startsWith("gpu[cpu]")));
    assert.ok(rows.some((row) => row.name === "gpu[cpu] long prompt, G=4 / G=1, prompt once, CPU time"));
    assert.ok(
        rows.some((row) => row.name === "gpu[cpu] --gpu cuda" && /nvidia-smi was not found/.test(row.note ?? ""))
    );
});
