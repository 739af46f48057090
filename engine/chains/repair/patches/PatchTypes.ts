// What a reply's multi-file patch is, whatever form the model wrote it in: files named before their fences or in
// their first comment line, unified diffs with paths, SEARCH/REPLACE blocks, or a bare function named uniquely
// among the suspects.

import type { CodeParser } from "../../../analysis/index.js";
import type { Workspace } from "../../../workspace/Workspace.js";
import type { FilePatch } from "../RepairTypes.js";

export type PatchForm = "namedFence" | "commentNamedFence" | "unifiedDiff" | "searchReplace" | "bareFunction";

export interface MultiFilePatch {
    files: FilePatch[];
    /** The forms found in the reply, in order of first use. */
    forms: PatchForm[];
    /** Why parts of the reply were not used (a path outside the workspace, a SEARCH text not found); never silent. */
    problems: string[];
    /** All files' changes as one unified diff (`a/` and `b/` paths). */
    diff: string;
    /** The reply's stated reason for changing a test, when it changes one (a sentence near the test's block). */
    testChangeReason?: string;
}

export interface PatchContext {
    workspace: Workspace;
    /** The suspects shown to the model: a bare function is placed by a name unique among them. */
    suspects: readonly { file: string; name: string }[];
    parser?: CodeParser;
}
