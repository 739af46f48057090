// Which programming language a file or a fenced code block is in: the registry of engine/languages answers;
// everything else is "not code we understand" and is reported as such, never guessed.

import { PonderError } from "../errors.js";
import { languageListText } from "../languages/index.js";

export { isCompatibleLanguage, languageOfFenceTag, languageOfPath, type SourceLanguage } from "../languages/index.js";

/** Fence tags that say "this block is a patch", whatever language it patches. */
export const diffFenceTags: ReadonlySet<string> = new Set(["diff", "patch", "udiff"]);

/** Thrown when asked to analyse a file in a language the analysis layer cannot parse: the user's input is at fault. */
export class UnsupportedLanguageError extends PonderError {
    override readonly fault = "badInput";

    constructor(readonly path: string) {
        super(`Ponder cannot analyse ${path}: it reads ${languageListText()} files.`);
    }
}
