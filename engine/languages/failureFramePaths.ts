// The path of a stack frame as a failure message prints it, made workspace-relative where that can be done without
// the workspace: the sandbox's scratch mount, `file://` and `./` go. A host's absolute root is left for the caller
// (localisation), which knows the workspace's root and files.

import { sandboxScratchPath } from "../sandbox/sandboxCommandLine.js";
import type { FailureSite } from "./LanguageSupport.js";

/** `/sandbox/work/src/x.py`, `file:///sandbox/work/x.ts` and `./src/x.rs` become `src/x.py`, `x.ts`, `src/x.rs`. */
export function frameRelativePath(path: string): string {
    let relative = path.replace(/\\/g, "/").replace(/^file:\/\//, "");
    if (relative.startsWith(`${sandboxScratchPath}/`)) relative = relative.slice(sandboxScratchPath.length + 1);
    while (relative.startsWith("./")) relative = relative.slice(2);
    return relative;
}

/** Frames with consecutive repeats dropped (a panic's location is often also the backtrace's innermost frame). */
export function withoutRepeats(frames: FailureSite[]): FailureSite[] {
    return frames.filter(
        (frame, index) =>
            index === 0 || frame.file !== frames[index - 1]!.file || frame.line !== frames[index - 1]!.line
    );
}
