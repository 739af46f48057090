// `ponder info MODEL`: what a model file's header says (architecture, parameters, context, chat template,
// experts) and whether it fits this machine, without loading its weights.

import { parseArgs } from "node:util";
import { existsSync } from "node:fs";
import {
    catalogModelPath,
    defaultModelsDir,
    findCatalogModel,
    fitsMachine,
    inspectModelFile,
    InvalidRequestError,
    promptSharingOfFile,
    resolveModelSource,
    speculationCacheFile,
    speculationNotesOfFile,
    thisMachine,
    type ModelFileFacts,
    type PromptSharing
} from "../../engine/index.js";
import { ExitCode, type CliIo } from "../CliIo.js";
import { formatBytes, formatParameters, table } from "../terminal/format.js";

export const infoUsage = "Usage: ponder info MODEL [--json]   (MODEL: a .gguf path or a catalog id)\n";

export async function infoCommand(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: "boolean" } } });
    if (positionals.length !== 1) throw new InvalidRequestError(`info needs exactly one model.\n${infoUsage}`);
    const name = positionals[0]!;
    const modelsDir = io.env["PONDER_MODELS_DIR"] ?? defaultModelsDir(io.env);
    const catalog = findCatalogModel(name);
    if (catalog && !existsSync(catalogModelPath(catalog, modelsDir))) {
        // Not downloaded: the catalog's facts are all there is without a network.
        const facts = {
            id: catalog.id,
            name: catalog.name,
            downloaded: false,
            uri: catalog.uri,
            fileSizeBytes: catalog.sizeBytes,
            parameters: catalog.parameters,
            activeParameters: catalog.activeParameters,
            trainContextSize: catalog.contextLength,
            quantization: catalog.quantization,
            ...(catalog.experts
                ? { expertCount: catalog.experts.count, expertUsedCount: catalog.experts.usedPerToken }
                : {}),
            fitsThisMachine: fitsMachine(catalog, thisMachine())
        };
        if (values.json) io.out(JSON.stringify(facts, null, 2) + "\n");
        else
            io.out(
                table(Object.entries(facts).map(([k, v]) => [k, String(v)])) +
                    `Not downloaded yet: \`ponder download ${catalog.id}\`.\n`
            );
        return ExitCode.ok;
    }
    const source = await resolveModelSource(name, { cwd: io.cwd, modelsDir, offline: true });
    const facts = await inspectModelFile(source.path);
    const sharing = await promptSharingOfFile(source.path);
    // This machine's measurements of speculative decoding for the file (measureSpeculation in the engine).
    const speculation = speculationNotesOfFile(source.path, speculationCacheFile(io.env));
    if (values.json)
        io.out(JSON.stringify({ ...infoJson(facts), ...sharingJson(sharing), speculation }, null, 2) + "\n");
    else io.out(infoTable(facts, sharing, speculation));
    return ExitCode.ok;
}

export function infoJson(facts: ModelFileFacts): Record<string, unknown> {
    const { experts, ...rest } = facts;
    return { ...rest, ...(experts ? { expertCount: experts.count, expertUsedCount: experts.usedPerToken } : {}) };
}

/** Whether the local runtime evaluates a prompt once for all candidates on this model, and why not when it does not. */
function sharingJson(sharing: PromptSharing): Record<string, string> {
    return sharing.kind === "once"
        ? { promptSharing: "once" }
        : { promptSharing: "perCandidate", promptSharingNote: sharing.reason };
}

function infoTable(facts: ModelFileFacts, sharing: PromptSharing, speculation: string[]): string {
    const rows: string[][] = [
        ["name", facts.name],
        ["file", `${facts.path} (${formatBytes(facts.fileSizeBytes)})`],
        ["architecture", facts.architecture],
        ["parameters", formatParameters(facts.parameters)],
        ["active parameters", formatParameters(facts.activeParameters)],
        ["context length", String(facts.trainContextSize)],
        ["chat template", facts.chatTemplate],
        ["quantization", facts.quantization]
    ];
    if (facts.experts) rows.push(["experts", `${facts.experts.count} (${facts.experts.usedPerToken} used per token)`]);
    rows.push([
        "candidates' prompt",
        sharing.kind === "once"
            ? "evaluated once, copied to every candidate"
            : `evaluated by every candidate: ${sharing.reason}`
    ]);
    rows.push([
        "speculative decoding",
        speculation.length > 0 ? speculation.join("; ") : "not measured on this machine (off by default)"
    ]);
    return table(rows);
}
