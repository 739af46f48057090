// What the repository-level fix's end-to-end tests share: a fixture project copied to a temp folder, scripted models
// loaded through the real runtime, and a runtime that sends each call to the model scripted for its purpose
// (`repair.round0`, `repair.reproduce`, `repair.choose`), since scripted models ignore the prompt.

import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
    LocalModelRuntime,
    type GenerationRequest,
    type GenerationResult,
    type ModelRuntime,
    type RuntimeCallOptions
} from "../../engine/testing.js";
import { buildScriptedModel, testModelDir } from "./models/index.js";

export const think = (text: string) => `<think>\n${text}\n</think>\n\n`;

/** A copy of test/fixtures/repair/<name> to work on. */
export async function repairFixture(name: string): Promise<string> {
    const root = await mkdtemp(join(tmpdir(), `ponder-repair-${name}-`));
    await cp(join("test/fixtures/repair", name), root, { recursive: true });
    return root;
}

/** Loads scripted models and disposes them together. */
export class ScriptedModels {
    private readonly loaded: LocalModelRuntime[] = [];
    async load(name: string, replies: string[], expectedCandidates = 2): Promise<LocalModelRuntime> {
        const { path } = await buildScriptedModel(join(testModelDir(), `${name}.gguf`), { replies });
        const runtime = await LocalModelRuntime.load({
            model: path,
            gpu: false,
            threads: 1,
            contextSize: 8192,
            expectedCandidates
        });
        this.loaded.push(runtime);
        return runtime;
    }
    async dispose(): Promise<void> {
        for (const runtime of this.loaded) await runtime.dispose();
    }
}

/** Sends each call to the runtime scripted for its purpose (the first entry whose purpose prefixes the call's). */
export class PurposeRuntime implements ModelRuntime {
    readonly purposes: string[] = [];
    readonly prompts: string[] = [];
    constructor(private readonly routes: [string, ModelRuntime][]) {}
    get description() {
        return this.routes[0]![1].description;
    }
    generate(request: GenerationRequest, options?: RuntimeCallOptions): Promise<GenerationResult> {
        const purpose = request.purpose ?? "";
        this.purposes.push(purpose);
        this.prompts.push(request.messages.map((m) => m.content).join("\n"));
        const route = this.routes.find(([prefix]) => purpose.startsWith(prefix));
        if (!route) throw new Error(`no scripted model for the call "${purpose}"`);
        return route[1].generate(request, options);
    }
    countTokens(text: string) {
        return this.routes[0]![1].countTokens(text);
    }
    async dispose() {
        /* ScriptedModels disposes the runtimes */
    }
}
