// `ponder models`: this machine's backend and free memory, the catalog of known models with whether each fits here,
// at what context and at what estimated decode speed, which are downloaded, plus the GGUF files in the models folder.

import { readdir, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
    catalogModelPath,
    chooseDefaultModel,
    defaultModelsDir,
    listRemoteModels,
    modelCatalog,
    planModel,
    readMachine,
    type MachineMemory
} from "../../engine/index.js";
import { apiKeyFromFlags, parseGpu } from "../modelOptions.js";
import { ExitCode, type CliIo } from "../CliIo.js";
import { formatBytes, formatParameters, table } from "../terminal/format.js";

export async function modelsCommand(args: string[], io: CliIo): Promise<number> {
    const { values } = parseArgs({
        args,
        options: {
            json: { type: "boolean" },
            endpoint: { type: "string" },
            "api-key-env": { type: "string" },
            gpu: { type: "string" }
        }
    });
    if (values.endpoint) {
        const served = await listRemoteModels(
            values.endpoint,
            apiKeyFromFlags({ "api-key-env": values["api-key-env"] }, io)
        );
        if (values.json) io.out(JSON.stringify({ endpoint: values.endpoint, models: served }, null, 2) + "\n");
        else io.out(served.map((id) => `${id}\n`).join("") || `${values.endpoint} serves no model.\n`);
        return ExitCode.ok;
    }
    const modelsDir = io.env["PONDER_MODELS_DIR"] ?? defaultModelsDir(io.env);
    const machine = await readMachine({ gpu: parseGpu(values.gpu) });
    const defaultId = chooseDefaultModel(machine).model.id;
    const catalog = modelCatalog.map((model) => {
        const plan = planModel(model, machine);
        return {
            id: model.id,
            name: model.name,
            uri: model.uri,
            quantization: model.quantization,
            sizeBytes: model.sizeBytes,
            parameters: model.parameters,
            activeParameters: model.activeParameters,
            ...(model.experts ? { experts: model.experts } : {}),
            ...(model.backend ? { backend: model.backend } : {}),
            ...(model.liveCodeBench !== undefined ? { liveCodeBench: model.liveCodeBench } : {}),
            fits: plan.fits,
            placement: plan.placement,
            contextSize: plan.fits ? plan.contextSize : 0,
            sequences: plan.sequences,
            estimatedTokensPerSecond: Math.round(plan.estimatedTokensPerSecond * 10) / 10,
            ...(plan.reason ? { whyNot: plan.reason } : {}),
            downloaded: existsSync(catalogModelPath(model, modelsDir)),
            default: model.id === defaultId
        };
    });
    const local = await localModelFiles(modelsDir);
    if (values.json) {
        io.out(JSON.stringify({ machine, modelsDir, catalog, local }, null, 2) + "\n");
        return ExitCode.ok;
    }
    io.out(`${machineLine(machine)}\n\n`);
    io.out(
        table([
            ["ID", "SIZE", "PARAMS", "ACTIVE", "LCB", "FITS", "CONTEXT", "SPEED*", "DOWNLOADED", ""],
            ...catalog.map((m) => [
                m.id,
                formatBytes(m.sizeBytes),
                formatParameters(m.parameters),
                formatParameters(m.activeParameters),
                m.liveCodeBench !== undefined ? String(m.liveCodeBench) : "-",
                m.fits ? `yes (${m.placement})` : "no",
                m.fits ? `${m.sequences}×${m.contextSize}` : "-",
                m.fits ? `~${m.estimatedTokensPerSecond.toFixed(0)} tok/s` : "-",
                m.downloaded ? "yes" : "no",
                m.default ? "(default)" : ""
            ])
        ])
    );
    io.out(
        "\n* SPEED is an estimate of one candidate's decode speed from memory bandwidth and bytes read per token, not a measurement.\n"
    );
    io.out(`\nModel files in ${modelsDir}:${local.length === 0 ? " none" : ""}\n`);
    for (const file of local) io.out(`  ${file.path} (${formatBytes(file.sizeBytes)})\n`);
    return ExitCode.ok;
}

function machineLine(machine: MachineMemory): string {
    const ram = `${formatBytes(machine.freeRam)} of ${formatBytes(machine.totalRam)} RAM free`;
    if (machine.unifiedMemory)
        return `This machine: ${machine.backend} backend, unified memory: ${formatBytes(machine.freeVram)} usable by the GPU, ${ram}.`;
    if (machine.totalVram > 0)
        return `This machine: ${machine.backend} backend, ${formatBytes(machine.freeVram)} of ${formatBytes(machine.totalVram)} VRAM free, ${ram}.`;
    return `This machine: ${machine.backend} backend (no GPU), ${ram}, ${machine.cores} cores.`;
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
