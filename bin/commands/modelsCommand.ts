// `ponder models`: the catalog of known models, which fit this machine and which are downloaded, plus the
// GGUF files already in the models folder.

import { readdir, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { catalogModelPath, chooseDefaultModel, defaultModelsDir, fitsMachine, listRemoteModels, modelCatalog, thisMachine } from "../../engine/index.js";
import { apiKeyFromFlags } from "../modelOptions.js";
import { ExitCode, type CliIo } from "../CliIo.js";
import { formatBytes, formatParameters, table } from "../terminal/format.js";

export async function modelsCommand(args: string[], io: CliIo): Promise<number> {
    const { values } = parseArgs({ args, options: { json: { type: "boolean" }, endpoint: { type: "string" }, "api-key-env": { type: "string" } } });
    if (values.endpoint) {
        const served = await listRemoteModels(values.endpoint, apiKeyFromFlags({ "api-key-env": values["api-key-env"] }, io));
        if (values.json) io.out(JSON.stringify({ endpoint: values.endpoint, models: served }, null, 2) + "\n");
        else io.out(served.map((id) => `${id}\n`).join("") || `${values.endpoint} serves no model.\n`);
        return ExitCode.ok;
    }
    const modelsDir = io.env["PONDER_MODELS_DIR"] ?? defaultModelsDir(io.env);
    const machine = thisMachine();
    const defaultId = chooseDefaultModel(machine).model.id;
    const catalog = modelCatalog.map((model) => ({
        id: model.id, name: model.name, uri: model.uri, quantization: model.quantization, sizeBytes: model.sizeBytes,
        parameters: model.parameters, activeParameters: model.activeParameters,
        ...(model.experts ? { experts: model.experts } : {}),
        fits: fitsMachine(model, machine), downloaded: existsSync(catalogModelPath(model, modelsDir)), default: model.id === defaultId
    }));
    const local = await localModelFiles(modelsDir);
    if (values.json) {
        io.out(JSON.stringify({ modelsDir, catalog, local }, null, 2) + "\n");
        return ExitCode.ok;
    }
    io.out(table([
        ["ID", "SIZE", "PARAMS", "ACTIVE", "FITS", "DOWNLOADED", ""],
        ...catalog.map((m) => [m.id, formatBytes(m.sizeBytes), formatParameters(m.parameters), formatParameters(m.activeParameters),
            m.fits ? "yes" : "no", m.downloaded ? "yes" : "no", m.default ? "(default)" : ""])
    ]));
    io.out(`\nModel files in ${modelsDir}:${local.length === 0 ? " none" : ""}\n`);
    for (const file of local) io.out(`  ${file.path} (${formatBytes(file.sizeBytes)})\n`);
    return ExitCode.ok;
}

async function localModelFiles(dir: string): Promise<{ path: string; sizeBytes: number }[]> {
    const names = await readdir(dir).catch(() => [] as string[]);
    const files = [];
    for (const name of names.filter((n) => n.endsWith(".gguf")).sort()) {
        const path = join(dir, name);
        files.push({ path, sizeBytes: (await stat(path)).size });
    }
    return files;
}
