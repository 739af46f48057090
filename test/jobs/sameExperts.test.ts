// The CLI and the language server give a job the same experts, and open the same model runtime for them, for the same
// configuration, because both ask the engine's one `expertsFor` and its one path from an expert to a runtime
// (`planExpertRuntime`): tables of configurations, each written once as flags and once as settings.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
    expertRuntimeFactory,
    MissingApiKeyError,
    planExpertRuntime,
    RecordedRuntime,
    settingDefaults,
    type ExpertRuntimePlan
} from "../../engine/testing.js";
import { expertsFromFlags, type ExpertFlags } from "../../bin/expertSession.js";
import { loadRuntimeFromFlags, runtimeSettingsFromFlags } from "../../bin/modelOptions.js";
import { expertsOf } from "../../server/expertJob.js";
import { ModelHost } from "../../server/ModelHost.js";
import { readSettings, runtimeSettingsOf } from "../../server/settings.js";
import { fakeIo, type RecordedIo } from "../support/fakeIo.js";
import { startFixtureServer } from "../support/remote/fixtureServer.js";

interface Configuration {
    name: string;
    flags: ExpertFlags;
    settings: Record<string, unknown>;
    env?: NodeJS.ProcessEnv;
    /** The expert names both must give. */
    names: string[] | "machine defaults";
}

test("the same configuration gives the same experts in the terminal and in the editor", async () => {
    const root = await mkdtemp(join(tmpdir(), "ponder-same-experts-"));
    const expertsFile = {
        includeDefaults: false,
        experts: [
            { name: "weak", model: "weak.gguf", strength: 1 },
            { name: "strong", model: "strong.gguf", strength: 2 }
        ]
    };
    await writeFile(join(root, "experts.json"), JSON.stringify(expertsFile));
    const configurations: Configuration[] = [
        {
            name: "nothing configured: the machine's default experts",
            flags: {},
            settings: {},
            names: "machine defaults"
        },
        { name: "a model", flags: { model: "r1-qwen-7b" }, settings: { model: "r1-qwen-7b" }, names: ["r1-qwen-7b"] },
        {
            name: "a model from PONDER_MODEL",
            flags: {},
            settings: {},
            env: { PONDER_MODEL: "r1-qwen-1.5b" },
            names: ["r1-qwen-1.5b"]
        },
        {
            name: "served endpoints",
            flags: { endpoint: ["http://127.0.0.1:9"], model: "served" },
            settings: { endpoints: ["http://127.0.0.1:9"], model: "served" },
            names: ["endpoint"]
        },
        {
            name: "an experts file or setting",
            flags: { experts: "experts.json" },
            settings: { experts: expertsFile },
            names: ["weak", "strong"]
        }
    ];
    for (const c of configurations) {
        const env = c.env ?? {};
        const fromCli = await expertsFromFlags(c.flags, fakeIo(root, env));
        const fromServer = await expertsOf(readSettings(c.settings), root, env);
        const strip = (experts: typeof fromCli) => experts.map(({ description: _description, ...rest }) => rest);
        assert.deepEqual(strip(fromServer), strip(fromCli), c.name);
        if (c.names === "machine defaults") {
            assert.ok(fromCli.length >= 1 && fromCli.every((e) => e.model !== undefined), c.name);
            assert.equal(fromCli[0]!.name, "fast", c.name);
        } else
            assert.deepEqual(
                fromCli.map((e) => e.name),
                c.names,
                c.name
            );
    }
});

interface RuntimeConfiguration {
    name: string;
    flags: ExpertFlags;
    settings: Record<string, unknown>;
    env?: NodeJS.ProcessEnv;
    /** What both must open: a local model or endpoints, and a fact of the plan that shows the configuration arrived. */
    expect: (plan: ExpertRuntimePlan) => void;
}

/** What the server's model host opens for the first expert of `settings`: through `ModelHost`, a local model captured. */
async function serverPlan(
    settings: Record<string, unknown>,
    root: string,
    env: NodeJS.ProcessEnv
): Promise<ExpertRuntimePlan> {
    const job = readSettings(settings);
    const [expert] = await expertsOf(job, root, env);
    const opened: ExpertRuntimePlan[] = [];
    const host = new ModelHost({
        cwd: root,
        env,
        loadRuntime: async ({ signal: _signal, onDownloadProgress: _progress, ...options }) => {
            opened.push({ kind: "local", options });
            return new RecordedRuntime([]);
        }
    });
    try {
        await host.runtimeFor(expert!, runtimeSettingsOf(job, root));
    } finally {
        await host.dispose();
    }
    return opened[0]!;
}

/** What the CLI opens for the first expert of `flags`: the plan its runtime factory opens (the engine's one path). */
async function cliPlan(flags: ExpertFlags, io: RecordedIo): Promise<ExpertRuntimePlan> {
    const [expert] = await expertsFromFlags(flags, io);
    return planExpertRuntime(expert!, runtimeSettingsFromFlags(flags, io, settingDefaults.candidates));
}

test("the same configuration opens the same model runtime in the terminal and in the editor", async () => {
    const root = await mkdtemp(join(tmpdir(), "ponder-same-runtime-"));
    const tuned = {
        includeDefaults: false,
        experts: [
            {
                name: "tuned",
                model: "base.gguf",
                lora: { path: "adapter.gguf" },
                expertsPerToken: 2,
                candidates: 6,
                strength: 1
            }
        ]
    };
    await writeFile(join(root, "experts.json"), JSON.stringify(tuned));
    const local = (plan: ExpertRuntimePlan) => {
        assert.equal(plan.kind, "local");
        return plan.options as Record<string, unknown>;
    };
    const configurations: RuntimeConfiguration[] = [
        {
            name: "a model with every machine setting",
            flags: {
                model: "/models/r1.gguf",
                threads: "2",
                "context-size": "4096",
                gpu: "cpu",
                backend: "llama-server",
                offline: true,
                record: "calls.jsonl"
            },
            settings: {
                model: "/models/r1.gguf",
                threads: 2,
                contextSize: 4096,
                gpu: "cpu",
                backend: "llama-server",
                offline: true,
                record: "calls.jsonl"
            },
            expect: (plan) =>
                assert.deepEqual(local(plan), {
                    cwd: root,
                    gpu: false,
                    backend: "llama-server",
                    threads: 2,
                    contextSize: 4096,
                    expectedCandidates: settingDefaults.candidates,
                    offline: true,
                    recordTo: join(root, "calls.jsonl"),
                    model: "/models/r1.gguf",
                    modelsDir: "/nonexistent/ponder-models"
                })
        },
        {
            name: "PONDER_MODEL and PONDER_OFFLINE from the environment",
            flags: {},
            settings: {},
            env: { PONDER_MODEL: "/models/env.gguf", PONDER_OFFLINE: "1" },
            expect: (plan) => {
                assert.equal(local(plan)["model"], "/models/env.gguf");
                assert.equal(local(plan)["offline"], true);
            }
        },
        {
            name: "an expert with its adapter, experts per token and candidates",
            flags: { experts: "experts.json" },
            settings: { experts: tuned },
            expect: (plan) =>
                assert.deepEqual(
                    [local(plan)["lora"], local(plan)["expertsPerToken"], local(plan)["expectedCandidates"]],
                    [{ path: join(root, "adapter.gguf") }, 2, 6]
                )
        },
        {
            name: "served endpoints with a key from the environment and a record",
            flags: {
                endpoint: ["http://127.0.0.1:9"],
                model: "served",
                "api-key-env": "PONDER_TEST_KEY",
                record: "served.jsonl"
            },
            settings: {
                endpoints: ["http://127.0.0.1:9"],
                model: "served",
                apiKeyEnv: "PONDER_TEST_KEY",
                record: "served.jsonl"
            },
            env: { PONDER_TEST_KEY: "sk-test" },
            expect: (plan) =>
                assert.deepEqual(plan, {
                    kind: "remote",
                    options: {
                        endpoints: ["http://127.0.0.1:9"],
                        model: "served",
                        apiKey: "sk-test",
                        apiKeyEnv: "PONDER_TEST_KEY",
                        recordTo: join(root, "served.jsonl")
                    }
                })
        }
    ];
    for (const c of configurations) {
        const io = fakeIo(root, c.env ?? {});
        const fromCli = await cliPlan(c.flags, io);
        c.expect(fromCli);
        if (fromCli.kind === "local") assert.deepEqual(await serverPlan(c.settings, root, io.env), fromCli, c.name);
        else {
            const [expert] = await expertsOf(readSettings(c.settings), root, io.env);
            assert.deepEqual(
                planExpertRuntime(expert!, {
                    ...runtimeSettingsOf(readSettings(c.settings), root),
                    cwd: root,
                    env: io.env
                }),
                fromCli,
                c.name
            );
        }
    }
});

test("a served expert whose API key variable is not set is refused, naming the variable, by the terminal and the editor alike", async () => {
    const root = await mkdtemp(join(tmpdir(), "ponder-missing-key-"));
    const io = fakeIo(root, {});
    const named = (error: unknown) =>
        error instanceof MissingApiKeyError &&
        error.variable === "PONDER_TEST_NO_KEY" &&
        /environment variable PONDER_TEST_NO_KEY is not set/.test(error.message);
    const flags: ExpertFlags = { endpoint: ["http://127.0.0.1:9"], "api-key-env": "PONDER_TEST_NO_KEY" };
    const [cliExpert] = await expertsFromFlags(flags, io);
    await assert.rejects(
        expertRuntimeFactory(runtimeSettingsFromFlags(flags, io))(cliExpert!),
        named,
        "the CLI's expert jobs"
    );
    await assert.rejects(loadRuntimeFromFlags(flags, io), named, "the CLI's one-model commands");
    const settings = readSettings({ endpoints: ["http://127.0.0.1:9"], apiKeyEnv: "PONDER_TEST_NO_KEY" });
    const [serverExpert] = await expertsOf(settings, root, io.env);
    const host = new ModelHost({ cwd: root, env: io.env });
    await assert.rejects(host.runtimeFor(serverExpert!, runtimeSettingsOf(settings, root)), named, "the server");
    assert.equal(host.status().state, "failed");
    assert.match(
        host.status().error ?? "",
        /PONDER_TEST_NO_KEY/,
        "the model status the editor shows names the variable"
    );
    await host.dispose();
});

test("both front ends send the key and record each call of a served model to the file they are given", async () => {
    const root = await mkdtemp(join(tmpdir(), "ponder-record-"));
    const fixture = JSON.parse(
        await readFile(join(process.cwd(), "test/fixtures/remote/deepseek-api.json"), "utf8")
    ) as { model: string; chunks: string[] };
    const server = await startFixtureServer({ models: [fixture.model], answer: () => ({ chunks: fixture.chunks }) });
    try {
        const io = fakeIo(root, { PONDER_TEST_KEY: "sk-recorded" });
        const ask = { messages: [{ role: "user" as const, content: "Why?" }], purpose: "ask" as const };
        const flags: ExpertFlags = { endpoint: [server.url], "api-key-env": "PONDER_TEST_KEY", record: "cli.jsonl" };
        const cli = await loadRuntimeFromFlags(flags, io);
        await cli.generate(ask);
        await cli.dispose();
        const settings = readSettings({
            endpoints: [server.url],
            apiKeyEnv: "PONDER_TEST_KEY",
            record: "server.jsonl"
        });
        const [expert] = await expertsOf(settings, root, io.env);
        const host = new ModelHost({ cwd: "/", env: io.env });
        await (await host.runtimeFor(expert!, runtimeSettingsOf(settings, root))).generate(ask);
        await host.dispose();
        for (const file of ["cli.jsonl", "server.jsonl"])
            assert.match(await readFile(join(root, file), "utf8"), /"purpose":"ask"/, file);
        const chats = server.chatRequests();
        assert.equal(chats.length, 2);
        for (const request of chats) assert.equal(request.headers.authorization, "Bearer sk-recorded");
    } finally {
        await server.close();
    }
});
