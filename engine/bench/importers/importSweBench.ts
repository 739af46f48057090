// Imports SWE-bench-style instances (JSON or JSON lines: instance_id, repo, base_commit, problem_statement,
// patch, test_patch, FAIL_TO_PASS, PASS_TO_PASS as lists or JSON-encoded strings) over repository snapshots already
// on disk, into the repository suite format: the snapshot as repo/, the test_patch's files applied as hidden/, and
// the gold locations (file + enclosing function) read from the gold patch's hunks with the parser. Nothing is fetched.

import { cp, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { CodeParser, findEnclosingFunction, offsetAt } from "../../analysis/index.js";
import { InvalidRequestError } from "../../errors.js";
import { languageOfPath } from "../../languages/index.js";
import { testIdList } from "../repo/loadRepoSuite.js";
import type { GoldLocation } from "../repo/RepoBenchTypes.js";
import { applyPatchSection, changedOldLines, parseGitPatch, PatchApplyError } from "./gitPatch.js";
import { readJsonRows } from "./readJsonRows.js";
import type { ImportOptions } from "./index.js";
import type { ImportResult } from "./writeTask.js";

export interface SweBenchImportOptions extends ImportOptions {
    /** The folder of snapshots: `<snapshots>/<instance_id>/` or `<snapshots>/<owner>__<name>@<base_commit>/`. Default `<srcDir>/snapshots`. */
    snapshots?: string;
    parser?: CodeParser;
}

/** Imports every instance of the JSON and JSON-lines files at the top of `srcDir` whose snapshot is there. */
export async function importSweBench(
    srcDir: string,
    suiteDir: string,
    options: SweBenchImportOptions = {}
): Promise<ImportResult> {
    const snapshots = options.snapshots ?? join(srcDir, "snapshots");
    const { rows, unreadable } = await readJsonRows(srcDir, [".jsonl", ".json"], (file) => !file.includes("/"));
    const result: ImportResult = { written: [], skipped: [...unreadable] };
    for (const { where, row } of rows) {
        if (options.limit !== undefined && result.written.length >= options.limit) break;
        const name = typeof row["instance_id"] === "string" ? row["instance_id"] : where;
        try {
            result.written.push(await importInstance(row, snapshots, suiteDir, options.parser ?? CodeParser.shared()));
        } catch (error) {
            if (!(error instanceof InvalidRequestError || error instanceof PatchApplyError)) throw error;
            result.skipped.push({ name, reason: error.message });
        }
    }
    return result;
}

async function importInstance(
    row: Record<string, unknown>,
    snapshots: string,
    suiteDir: string,
    parser: CodeParser
): Promise<string> {
    const bad = (why: string) => new InvalidRequestError(why);
    const text = (field: string) => {
        if (typeof row[field] !== "string" || row[field] === "") throw bad(`"${field}" is missing`);
        return row[field];
    };
    const id = text("instance_id");
    if (!/^[\w.@+-]+$/.test(id)) throw bad(`the instance_id ${JSON.stringify(id)} is not a folder name`);
    const snapshot = await findSnapshot(snapshots, id, row["repo"], row["base_commit"]);
    if (!snapshot) throw bad(`no snapshot in ${snapshots} (looked for ${id}/ and <owner>__<name>@<base_commit>/)`);
    const patch = parseGitPatch(text("patch"));
    const testPatch = parseGitPatch(text("test_patch"));
    if (patch.length === 0) throw bad("the gold patch changes no file");
    const languages = patch.map((s) => languageOfPath(s.oldPath ?? s.newPath!)).filter((l) => l !== undefined);
    const language = languages[0];
    if (!language) throw bad("the gold patch changes no file of a language Ponder knows");
    const gold: GoldLocation[] = [];
    for (const section of patch) {
        if (!section.oldPath || languageOfPath(section.oldPath) !== language) continue;
        const original = await readFile(join(snapshot, section.oldPath), "utf8").catch(() => {
            throw bad(`the gold patch changes ${section.oldPath}, which the snapshot does not have`);
        });
        applyPatchSection(original, section); // a patch that does not apply to this snapshot is the wrong snapshot
        gold.push(...(await goldIn(original, section.oldPath, changedOldLines(section), language, parser)));
    }
    if (gold.length === 0) throw bad("the gold patch changes only new files");
    const hidden: Record<string, string> = {};
    for (const section of testPatch) {
        if (!section.newPath) continue;
        const original = section.oldPath ? await readFile(join(snapshot, section.oldPath), "utf8").catch(() => "") : "";
        hidden[section.newPath] = applyPatchSection(original, section);
    }
    const dir = join(suiteDir, id);
    if (await exists(join(dir, "task.json"))) throw bad(`${dir} already holds a task; import into an empty folder`);
    await cp(snapshot, join(dir, "repo"), { recursive: true, filter: (source) => !/[\\/]\.git$/.test(source) });
    for (const [path, content] of Object.entries(hidden)) {
        await mkdir(dirname(join(dir, "hidden", path)), { recursive: true });
        await writeFile(join(dir, "hidden", path), content);
    }
    await mkdir(join(dir, "hidden"), { recursive: true });
    const task = {
        instance_id: id,
        language,
        problem_statement: text("problem_statement"),
        FAIL_TO_PASS: testIdList(row["FAIL_TO_PASS"], "FAIL_TO_PASS", bad),
        PASS_TO_PASS: testIdList(row["PASS_TO_PASS"] ?? [], "PASS_TO_PASS", bad),
        gold,
        source: `SWE-bench ${id}${typeof row["repo"] === "string" ? ` (${row["repo"]}@${typeof row["base_commit"] === "string" ? row["base_commit"] : "?"})` : ""}`
    };
    await writeFile(join(dir, "task.json"), JSON.stringify(task, null, 2) + "\n");
    return dir;
}

/** One gold location per function the changed lines fall in; `<module>` for lines outside every function. */
async function goldIn(
    text: string,
    file: string,
    lines: number[],
    language: NonNullable<ReturnType<typeof languageOfPath>>,
    parser: CodeParser
): Promise<GoldLocation[]> {
    const found = new Map<string, GoldLocation>();
    for (const line of lines) {
        const lineStart = offsetAt(text, { line: line - 1, character: 0 });
        const lineEnd = text.indexOf("\n", lineStart);
        // From the line's first non-blank character: a method's header line starts after its indentation.
        const offset = lineStart + (/^[ \t]*/.exec(text.slice(lineStart))?.[0].length ?? 0);
        const definition = await findEnclosingFunction(
            text,
            language,
            { start: offset, end: Math.max(offset, lineEnd < 0 ? text.length : lineEnd) },
            { parser }
        );
        const name = definition?.qualifiedName ?? "<module>";
        if (!found.has(name)) found.set(name, { file, function: name, line });
    }
    return [...found.values()];
}

async function findSnapshot(
    snapshots: string,
    id: string,
    repo: unknown,
    commit: unknown
): Promise<string | undefined> {
    const candidates = [join(snapshots, id)];
    if (typeof repo === "string" && typeof commit === "string")
        candidates.push(join(snapshots, `${repo.replace("/", "__")}@${commit}`), join(snapshots, `${repo}@${commit}`));
    for (const candidate of candidates) if (await isDirectory(candidate)) return candidate;
    return undefined;
}

async function exists(path: string): Promise<boolean> {
    return stat(path).then(
        () => true,
        () => false
    );
}

async function isDirectory(path: string): Promise<boolean> {
    return stat(path).then(
        (s) => s.isDirectory(),
        () => false
    );
}
