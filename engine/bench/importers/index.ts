// The importers: public suites' layouts, from a folder the user downloaded, into Ponder's suite format.
// Nothing is fetched.

import { InvalidRequestError } from "../../errors.js";
import { importHumanEvalPack } from "./importHumanEvalPack.js";
import { importMultiplE } from "./importMultiplE.js";
import { importQuixBugs } from "./importQuixBugs.js";
import { importSweBench } from "./importSweBench.js";
import type { ReferenceCheckOptions } from "./checkReference.js";
import type { ImportResult } from "./writeTask.js";

export const suiteFormats = ["quixbugs", "humanevalpack", "multipl-e", "swe-bench"] as const;
export type SuiteFormat = (typeof suiteFormats)[number];
export { writeTask, type TaskFiles, type ImportResult } from "./writeTask.js";
export { importSweBench, type SweBenchImportOptions } from "./importSweBench.js";
export { parseGitPatch, applyPatchSection, changedOldLines, PatchApplyError } from "./gitPatch.js";
export { checkReference, type ReferenceCheck, type ReferenceCheckOptions } from "./checkReference.js";

export interface ImportOptions {
    limit?: number;
    /** QuixBugs: run each reference on its hidden cases first; refuse one that fails, raise the limit of one that is slow. */
    referenceCheck?: ReferenceCheckOptions;
}

export async function importSuite(
    format: SuiteFormat,
    srcDir: string,
    suiteDir: string,
    options: ImportOptions = {}
): Promise<ImportResult> {
    switch (format) {
        case "quixbugs":
            return importQuixBugs(srcDir, suiteDir, options);
        case "humanevalpack":
            return importHumanEvalPack(srcDir, suiteDir, options);
        case "multipl-e":
            return importMultiplE(srcDir, suiteDir, options);
        case "swe-bench":
            return importSweBench(srcDir, suiteDir, options);
        default:
            throw new InvalidRequestError(
                `Unknown suite format "${format as string}"; known: ${suiteFormats.join(", ")}.`
            );
    }
}
