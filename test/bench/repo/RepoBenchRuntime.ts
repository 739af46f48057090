// One model runtime for the repository suite: each call goes to the scripted model of its task (found by a file
// path or gold function name only that task has, in the prompt) and of its kind of call (the call's purpose:
// repair rounds, reproduction, the choice among suspects, the located fix chain). Models are built on first use.

import { createHash } from "node:crypto";
import { join } from "node:path";
import {
    LocalModelRuntime,
    type GenerationRequest,
    type GenerationResult,
    type ModelDescription,
    type ModelRuntime,
    type RuntimeCallOptions
} from "../../../engine/testing.js";
import { buildScriptedModel, testModelDir } from "../../support/models/index.js";
import type { RepoTaskReplies } from "./repoReplies.js";
import type { RepoTaskSource } from "./RepoTaskSource.js";

export class RepoBenchRuntime implements ModelRuntime {
    private readonly models = new Map<string, Promise<LocalModelRuntime>>();
    private readonly markers: [string, string][];
    readonly description: ModelDescription = {
        id: "repository suite scripted models",
        source: testModelDir(),
        architecture: "llama",
        parameters: 0,
        activeParameters: 0,
        trainContextSize: 8192,
        contextSize: 8192,
        chatTemplate: "deepseek",
        backend: "cpu",
        gpuLayers: 0,
        threads: 1
    };
    /** Each call's task and purpose, in order, for the report and tests. */
    readonly calls: { task: string; purpose: string }[] = [];

    constructor(
        tasks: readonly RepoTaskSource[],
        private readonly replies: Record<string, RepoTaskReplies>,
        private readonly candidates = 2
    ) {
        const owners = new Map<string, Set<string>>();
        const add = (marker: string, task: string) => owners.set(marker, (owners.get(marker) ?? new Set()).add(task));
        for (const task of tasks) {
            for (const file of Object.keys(task.files)) add(file, task.instance_id);
            for (const fix of task.fixes) add(fix.function, task.instance_id);
        }
        // Only markers one task has; longer first, so `shop/pricing.py` wins over a shorter name inside it.
        this.markers = [...owners]
            .filter(([, tasks]) => tasks.size === 1)
            .map(([marker, tasks]): [string, string] => [marker, [...tasks][0]!])
            .sort((a, b) => b[0].length - a[0].length);
    }

    async generate(request: GenerationRequest, options?: RuntimeCallOptions): Promise<GenerationResult> {
        const prompt = request.messages.map((m) => m.content).join("\n");
        const task = this.markers.find(([marker]) => prompt.includes(marker))?.[1];
        if (!task) throw new Error(`no task of the repository suite in this prompt: ${prompt.slice(0, 300)}`);
        const purpose: string = request.purpose ?? "";
        this.calls.push({ task, purpose });
        const replies = this.replies[task]!;
        const reply =
            purpose === "fix.tests"
                ? replies.locatedTests
                : purpose.startsWith("fix.")
                  ? replies.located
                  : purpose === "repair.reproduce"
                    ? (replies.reproduce ?? replies.repair)
                    : purpose === "repair.choose"
                      ? replies.choose
                      : replies.repair;
        return (await this.model(reply)).generate(request, options);
    }

    countTokens(text: string): Promise<number> {
        return Promise.resolve(Math.ceil(text.length / 4));
    }

    async dispose(): Promise<void> {
        for (const model of this.models.values()) await (await model).dispose();
    }

    private model(reply: string): Promise<LocalModelRuntime> {
        const key = createHash("sha256").update(reply).digest("hex").slice(0, 16);
        let model = this.models.get(key);
        if (!model) {
            model = buildScriptedModel(join(testModelDir(), `repo-bench-${key}.gguf`), { replies: [reply] }).then(
                ({ path }) =>
                    LocalModelRuntime.load({
                        model: path,
                        gpu: false,
                        threads: 1,
                        contextSize: 8192,
                        expectedCandidates: this.candidates
                    })
            );
            this.models.set(key, model);
        }
        return model;
    }
}
