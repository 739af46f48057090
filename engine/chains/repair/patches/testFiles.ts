// Which files of a patch are the project's tests, by each language's one rule: a change to them is a change of the
// user's tests, which never proves a fix.

import { languageOfPath, listTestUnits, type CodeParser, type TextEdit } from "../../../analysis/index.js";
import { languageSupportOf } from "../../../languages/index.js";

/**
 * True for a project's test file by its language's rule. The rule is asked about `path` beside a sibling target:
 * asked with the path itself, Rust's rule says every file is a test file (its own `#[cfg(test)]` module).
 */
export function isTestPath(path: string): boolean {
    const language = languageOfPath(path);
    if (!language) return false;
    const slash = path.lastIndexOf("/");
    const sibling = `${path.slice(0, slash + 1)}\u0000ponder-target`;
    return languageSupportOf(language).tests.isTestFile(path, sibling);
}

/**
 * For a language whose unit tests live in the code's own file (Rust's `#[cfg(test)] mod tests`): the edits change
 * or add to a test module, which is changing a test as much as editing `tests/*.rs` is.
 */
export async function touchesInFileTests(
    path: string,
    original: string,
    edits: readonly TextEdit[],
    parser?: CodeParser
): Promise<boolean> {
    const language = languageOfPath(path);
    if (!language || !languageSupportOf(language).tests.inTargetFile || original === "") return false;
    const units = await listTestUnits(original, language, parser ? { parser } : {});
    return edits.some((edit) =>
        units.some(
            ({ range }) =>
                (edit.start < range.end && range.start < edit.end) ||
                (edit.start === edit.end && range.start < edit.start && edit.start < range.end)
        )
    );
}
