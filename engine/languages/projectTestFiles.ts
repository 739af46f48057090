// The project's test files that may test a target, by its language's one rule (`TestConventions.isTestFile`), for
// fix, tests and port alike: the rule once lived in two diverged copies (Rust's target file counted in one only).

import type { Workspace } from "../workspace/Workspace.js";
import { languageSupportOf, type SourceLanguage } from "./index.js";
import type { ProjectTestFiles } from "./LanguageSupport.js";

/** At most this many test files are read: enough for context and framework detection in a large project. */
const maxTestFiles = 50;

/** The test files of `file`'s language that may test it (for in-file tests, the target itself among them), and package.json. */
export async function projectTestFiles(
    workspace: Workspace,
    file: string,
    language: SourceLanguage
): Promise<ProjectTestFiles> {
    const files = await workspace.listFiles();
    const conventions = languageSupportOf(language).tests;
    const texts = [];
    for (const path of files.filter((path) => conventions.isTestFile(path, file)).slice(0, maxTestFiles)) {
        texts.push({ path, text: await workspace.readText(path) });
    }
    const packageJson = files.includes("package.json") ? await workspace.readText("package.json") : undefined;
    return { files: texts, ...(packageJson !== undefined ? { packageJson } : {}) };
}
