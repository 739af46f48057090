// package.json's `contributes.configuration`, made from the settings schema: scripts/generateSettings.js writes it and
// test/engine/settings/settingsSchema.test.ts fails when package.json drifts from it (as rust-analyzer does).

import { settingsSchema, type SettingSpec } from "./settingsSchema.js";

/** One property of VS Code's configuration contribution, in the key order package.json keeps. */
type ConfigurationProperty = Record<string, unknown>;

export function contributedConfiguration(): { title: string; properties: Record<string, ConfigurationProperty> } {
    const properties: Record<string, ConfigurationProperty> = {};
    for (const [name, spec] of Object.entries(settingsSchema) as [string, SettingSpec][]) {
        if (spec.userSetting === false) continue;
        properties[`ponder.${name}`] = {
            ...typeOf(spec),
            default: spec.default,
            ...(spec.minimum !== undefined ? { minimum: spec.minimum } : {}),
            ...(spec.maximum !== undefined ? { maximum: spec.maximum } : {}),
            ...(spec.scope ? { scope: spec.scope } : {}),
            [spec.markdown ? "markdownDescription" : "description"]: spec.description
        };
    }
    return { title: "Ponder", properties };
}

function typeOf(spec: SettingSpec): ConfigurationProperty {
    switch (spec.type) {
        case "choice":
            return { type: "string", enum: spec.choices };
        case "urls":
            return { type: "array", items: { type: "string", format: "uri" } };
        case "json":
            return { type: spec.jsonTypes };
        default:
            return { type: spec.default === null ? [spec.type, "null"] : spec.type };
    }
}
