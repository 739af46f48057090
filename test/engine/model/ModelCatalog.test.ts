// The catalog and the choice of default model for a machine.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chooseDefaultModel, findCatalogModel, modelCatalog } from "../../../engine/index.js";

const GB = 1e9;

test("the catalog holds every R1 distill and a mixture of experts with DeepSeek's settings", () => {
    for (const id of ["r1-qwen-1.5b", "r1-qwen-7b", "r1-qwen-14b", "r1-qwen-32b", "r1-llama-8b", "r1-llama-70b"])
        assert.ok(findCatalogModel(id), id);
    const moe = modelCatalog.filter((m) => m.experts);
    assert.ok(moe.length >= 1);
    for (const model of modelCatalog) {
        assert.match(model.uri, /^hf:[\w.-]+\/[\w.-]+:Q\d_K_M$/);
        assert.deepEqual(model.settings, { temperature: 0.6, topP: 0.95, forceThinkOpen: true, systemPrompt: "" });
        assert.ok(model.activeParameters <= model.parameters);
    }
});

function check(machine: { freeRam: number; freeVram: number; cores: number }, expected: { id: string; fits: boolean }): void {
    const choice = chooseDefaultModel(machine);
    assert.deepEqual({ id: choice.model.id, fits: choice.fits }, expected);
}

test("the default is the best model that fits the machine", () => {
    check({ freeRam: 2.5 * GB, freeVram: 0, cores: 4 }, { id: "r1-qwen-1.5b", fits: true });
    check({ freeRam: 20 * GB, freeVram: 0, cores: 2 }, { id: "r1-llama-8b", fits: true });
    check({ freeRam: 16 * GB, freeVram: 24 * GB, cores: 8 }, { id: "qwen3-30b-a3b", fits: true });
    check({ freeRam: 64 * GB, freeVram: 48 * GB, cores: 16 }, { id: "qwen3-30b-a3b", fits: true });
    check({ freeRam: 0.5 * GB, freeVram: 0, cores: 2 }, { id: "r1-qwen-1.5b", fits: false });
});
