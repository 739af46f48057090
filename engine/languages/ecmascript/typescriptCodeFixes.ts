// TypeScript's code fixes as candidates: a language service over the project's TypeScript and JavaScript
// files (read through the workspace, so unsaved texts count), its errors in the target file, and for each
// `getCodeFixesAtPosition`. Only fixes that change the target file alone become candidates. It type-checks
// on the host and never runs the code, like esbuild's transpiling.

import { dirname, join, posix } from "node:path";
import type * as ts from "typescript";
import type { SymbolicFixSource, SymbolicProposal } from "../../chains/fix/symbolic/SymbolicTypes.js";

const maxProjectFiles = 400;
const maxProposals = 4;

export function typescriptCodeFixes(): SymbolicFixSource {
    return {
        tool: "typescript",
        languages: ["typescript", "tsx", "javascript"],
        async propose(input) {
            let typescript: typeof ts;
            try {
                const loaded = await import("typescript");
                typescript = (loaded.default ?? loaded) as unknown as typeof ts;
            } catch (error) {
                return {
                    proposals: [],
                    report: {
                        status: "unavailable",
                        detail: `the typescript package cannot be loaded (${(error as Error).message})`
                    }
                };
            }
            const texts = new Map<string, string>();
            const files = (await input.workspace.listFiles())
                .filter(
                    (f) => (/\.(?:[cm]?ts|tsx|[cm]?js|jsx)$/.test(f) && !f.endsWith(".d.ts")) || f === "package.json"
                )
                .slice(0, maxProjectFiles);
            for (const f of files) texts.set(f, await input.workspace.readText(f).catch(() => ""));
            texts.set(input.file, input.originalText);
            const service = createService(typescript, input.workspace.root, texts);
            try {
                return codeFixes(typescript, service, input.workspace.root, input.file, input.targetRange);
            } finally {
                service.dispose();
            }
        }
    };
}

function createService(typescript: typeof ts, root: string, texts: Map<string, string>): ts.LanguageService {
    const absolute = (file: string) => posix.join(root.replace(/\\/g, "/"), file);
    const byAbsolute = new Map([...texts].map(([file, text]) => [absolute(file), text]));
    const options: ts.CompilerOptions = {
        target: typescript.ScriptTarget.ES2022,
        module: typescript.ModuleKind.NodeNext,
        moduleResolution: typescript.ModuleResolutionKind.NodeNext,
        strict: true,
        allowJs: true,
        checkJs: false,
        noEmit: true,
        skipLibCheck: true,
        types: []
    };
    const host: ts.LanguageServiceHost = {
        getCompilationSettings: () => options,
        getScriptFileNames: () => [...byAbsolute.keys()].filter((f) => !f.endsWith(".json")),
        getScriptVersion: () => "1",
        getScriptSnapshot: (name) => {
            const text = byAbsolute.get(name) ?? typescript.sys.readFile(name);
            return text === undefined ? undefined : typescript.ScriptSnapshot.fromString(text);
        },
        getCurrentDirectory: () => root,
        getDefaultLibFileName: (o) =>
            join(dirname(typescript.sys.getExecutingFilePath()), typescript.getDefaultLibFileName(o)),
        fileExists: (name) => byAbsolute.has(name) || typescript.sys.fileExists(name),
        readFile: (name) => byAbsolute.get(name) ?? typescript.sys.readFile(name),
        readDirectory: typescript.sys.readDirectory,
        directoryExists: typescript.sys.directoryExists,
        getDirectories: typescript.sys.getDirectories
    };
    return typescript.createLanguageService(host, typescript.createDocumentRegistry());
}

function codeFixes(
    typescript: typeof ts,
    service: ts.LanguageService,
    root: string,
    file: string,
    targetRange?: { start: number; end: number }
) {
    const name = posix.join(root.replace(/\\/g, "/"), file);
    const errors = [...service.getSyntacticDiagnostics(name), ...service.getSemanticDiagnostics(name)].filter(
        (d) => d.category === typescript.DiagnosticCategory.Error && d.start !== undefined
    );
    if (errors.length === 0)
        return { proposals: [], report: { status: "none" as const, detail: `TypeScript reports no error in ${file}` } };
    // Errors inside the target come first; the rest of the file follows.
    const inside = (d: ts.Diagnostic) => !targetRange || (d.start! >= targetRange.start && d.start! <= targetRange.end);
    const ordered = [...errors.filter(inside), ...errors.filter((d) => !inside(d))];
    const proposals: SymbolicProposal[] = [];
    const seen = new Set<string>();
    const preferences: ts.UserPreferences = {
        importModuleSpecifierEnding: "js",
        importModuleSpecifierPreference: "relative",
        quotePreference: "double"
    };
    const format = typescript.getDefaultFormatCodeSettings("\n");
    for (const diagnostic of ordered) {
        const message = `TS${diagnostic.code}: ${typescript.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
        let fixes: readonly ts.CodeFixAction[] = [];
        try {
            fixes = service.getCodeFixesAtPosition(
                name,
                diagnostic.start!,
                diagnostic.start! + (diagnostic.length ?? 0),
                [diagnostic.code],
                format,
                preferences
            );
        } catch {
            /* a fix provider that throws on odd code offers nothing */
        }
        for (const fix of fixes) {
            if (fix.commands?.length || fix.changes.some((change) => change.fileName !== name || change.isNewFile))
                continue;
            const edits = fix.changes.flatMap((change) =>
                change.textChanges.map((c) => ({
                    start: c.span.start,
                    end: c.span.start + c.span.length,
                    newText: c.newText
                }))
            );
            const key = JSON.stringify(edits);
            if (edits.length === 0 || seen.has(key)) continue;
            seen.add(key);
            proposals.push({
                tool: "typescript",
                title: fix.description,
                diagnostic: message,
                applicability: `codeFix:${fix.fixName}`,
                edits
            });
            if (proposals.length >= maxProposals) break;
        }
        if (proposals.length >= maxProposals) break;
    }
    return {
        proposals,
        report:
            proposals.length > 0
                ? {
                      status: "proposed" as const,
                      detail: `${proposals.length} code fix(es) for ${errors.length} error(s)`
                  }
                : {
                      status: "none" as const,
                      detail: `${errors.length} error(s) in ${file}, no code fix confined to it`
                  }
    };
}
