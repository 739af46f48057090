// The settings schema is the one source of every setting: package.json's configuration is generated from it (this test
// fails on drift, as rust-analyzer's does), the server's reader and the CLI's flags take its ranges and defaults, the
// protocol's PonderSettings has its names, and no product file writes a default of its own.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import {
    contributedConfiguration,
    settingDefaults,
    settingRange,
    settingsSchema,
    type SettingName,
    type SettingSpec
} from "../../../engine/testing.js";
import type { PonderSettings } from "../../../protocol/index.js";
import { memoryFromFlags } from "../../../bin/memoryFlags.js";
import { parseSettingFlag } from "../../../bin/modelOptions.js";
import { readSettings, type JobSettings } from "../../../server/settings.js";
import { fakeIo } from "../../support/fakeIo.js";

// PonderSettings and the schema name the same settings: a setting added to one and not the other fails to compile here.
type Unmatched = Exclude<SettingName, keyof PonderSettings> | Exclude<keyof PonderSettings, SettingName>;
const namesMatch: [Unmatched] extends [never] ? true : false = true;

const entries = Object.entries(settingsSchema) as [SettingName, SettingSpec][];
const wholeNumbers = entries.filter(([, spec]) => spec.type === "integer");

test("package.json's contributes.configuration is the one generated from the schema (node scripts/generateSettings.js)", async () => {
    assert.equal(namesMatch, true);
    const manifest = JSON.parse(await readFile("package.json", "utf8")) as { contributes: { configuration: unknown } };
    assert.deepEqual(
        manifest.contributes.configuration,
        contributedConfiguration(),
        "package.json drifted from engine/settings/settingsSchema.ts: run `npx tsc -b && node scripts/generateSettings.js`"
    );
    const properties = contributedConfiguration().properties;
    assert.equal(properties["ponder.candidates"]!["default"], settingDefaults.candidates);
    assert.equal(properties["ponder.apiKey"], undefined, "a value the client passes is not a user setting");
});

test("the server's reader takes every default and range from the schema", () => {
    const defaults = readSettings(undefined) as unknown as Record<string, unknown>;
    for (const [name, spec] of entries) {
        if (!(name in defaults) || spec.type === "json") continue;
        const expected =
            spec.default === null || spec.default === "" || (spec.type === "choice" && spec.default === "auto")
                ? undefined
                : spec.default;
        assert.deepEqual(defaults[name], expected, `ponder.${name}`);
    }
    for (const [name] of wholeNumbers) {
        const { minimum, maximum } = settingRange(name);
        assert.doesNotThrow(() => readSettings({ [name]: minimum }), `ponder.${name} = ${minimum}`);
        if (maximum < Number.MAX_SAFE_INTEGER) {
            assert.throws(
                () => readSettings({ [name]: maximum + 1 }),
                new RegExp(`ponder\\.${name} must be a whole number from ${minimum} to ${maximum}`)
            );
        }
        assert.throws(
            () => readSettings({ [name]: minimum - 1 }),
            new RegExp(`ponder\\.${name} must be a whole number from ${minimum}`)
        );
    }
    const given: JobSettings = readSettings({ candidates: 7, extraRounds: 0, memorySize: 0 });
    assert.deepEqual([given.candidates, given.extraRounds, given.memorySize], [7, 0, 0]);
});

test("the CLI's flags take their ranges from the schema, and each schema flag exists", async () => {
    for (const [name, spec] of wholeNumbers) {
        if (!spec.flag) continue;
        const { minimum, maximum } = settingRange(name);
        const parse = (value: string) => parseSettingFlag(name as Parameters<typeof parseSettingFlag>[0], value);
        assert.equal(parse(String(minimum)), minimum);
        if (maximum < Number.MAX_SAFE_INTEGER)
            assert.throws(
                () => parse(String(maximum + 1)),
                new RegExp(`--${spec.flag} must be a whole number from ${minimum} to ${maximum}`)
            );
    }
    const binSource = (await sourcesUnder("bin")).map((file) => file.text).join("\n");
    for (const [name, spec] of entries) {
        if (spec.flag)
            assert.match(
                binSource,
                new RegExp(`(^|[\\s{,])"?${spec.flag}"?: \\{ type: "`, "m"),
                `--${spec.flag} (ponder.${name}) is a flag of some command`
            );
    }
});

test("--memory-size 0 turns the solution memory off, as ponder.memorySize 0 does", async () => {
    assert.equal(await memoryFromFlags({ "memory-size": "0" }, fakeIo("/nonexistent"), "/nonexistent"), undefined);
});

test("no product file writes a setting's default itself: each is written once, in the schema", async () => {
    // The defaults the schema owns, as other files used to write them (`candidates ?? 4` was in five files).
    const ownDefault =
        /(candidates|extraRounds|maxEntries|memorySize|contextTokens)\)?\s*\?\?\s*(4|2|500|3000)\b|\("(candidates|rounds|memory-size)".*\?\?\s*(4|2|500)\b/i;
    const offenders: string[] = [];
    for (const folder of ["engine", "server", "bin", "client"]) {
        for (const { path, text } of await sourcesUnder(folder)) {
            if (path.startsWith(join("engine", "settings"))) continue;
            text.split("\n").forEach((line, index) => {
                if (ownDefault.test(line)) offenders.push(`${path}:${index + 1}: ${line.trim()}`);
            });
        }
    }
    assert.deepEqual(offenders, []);
});

async function sourcesUnder(folder: string): Promise<{ path: string; text: string }[]> {
    const found: { path: string; text: string }[] = [];
    for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
        if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
        const path = join(entry.parentPath, entry.name);
        found.push({ path, text: await readFile(path, "utf8") });
    }
    return found;
}
