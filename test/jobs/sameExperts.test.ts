// The CLI and the language server give a job the same experts for the same configuration, because both ask the
// engine's one `expertsFor`: a table of configurations, each written once as flags and once as settings.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expertsFromFlags, type ExpertFlags } from "../../bin/expertSession.js";
import { expertsOf } from "../../server/expertJob.js";
import { readSettings } from "../../server/settings.js";
import { fakeIo } from "../support/fakeIo.js";

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
    const expertsFile = { includeDefaults: false, experts: [{ name: "weak", model: "weak.gguf", strength: 1 }, { name: "strong", model: "strong.gguf", strength: 2 }] };
    await writeFile(join(root, "experts.json"), JSON.stringify(expertsFile));
    const configurations: Configuration[] = [
        { name: "nothing configured: the machine's default experts", flags: {}, settings: {}, names: "machine defaults" },
        { name: "a model", flags: { model: "r1-qwen-7b" }, settings: { model: "r1-qwen-7b" }, names: ["r1-qwen-7b"] },
        { name: "a model from PONDER_MODEL", flags: {}, settings: {}, env: { PONDER_MODEL: "r1-qwen-1.5b" }, names: ["r1-qwen-1.5b"] },
        { name: "served endpoints", flags: { endpoint: ["http://127.0.0.1:9"], model: "served" },
            settings: { endpoints: ["http://127.0.0.1:9"], model: "served" }, names: ["endpoint"] },
        { name: "an experts file or setting", flags: { experts: "experts.json" }, settings: { experts: expertsFile }, names: ["weak", "strong"] }
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
        } else assert.deepEqual(fromCli.map((e) => e.name), c.names, c.name);
    }
});
