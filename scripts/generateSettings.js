// Writes package.json's `contributes.configuration` from the settings schema (engine/settings/settingsSchema.ts).
// Usage, after `npx tsc -b`: node scripts/generateSettings.js   (test/engine/settings/settingsSchema.test.ts fails until it is run)
import { readFileSync, writeFileSync } from "node:fs";
import { contributedConfiguration } from "../out/engine/settings/contributedConfiguration.js";

const manifest = JSON.parse(readFileSync("package.json", "utf8"));
manifest.contributes.configuration = contributedConfiguration();
writeFileSync("package.json", `${JSON.stringify(manifest, null, 2)}\n`);
console.log("package.json: contributes.configuration written from the settings schema.");
