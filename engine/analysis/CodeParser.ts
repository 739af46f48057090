// Loads tree-sitter grammars once (lazily, per language) with their queries, and parses text with them.
// Every tree is freed after use: callers get a parsed source only inside a callback.

import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Language, Parser, Query, type Node as SyntaxNode, type QueryMatch } from "web-tree-sitter";
import { PonderError } from "../errors.js";
import { languageSupportOf, type SourceLanguage } from "../languages/index.js";

/** The query files every language has under `grammars/queries/<dir>/`. */
export type QueryName = "definitions" | "imports" | "tests";
const queryNames: readonly QueryName[] = ["definitions", "imports", "tests"];

export interface CodeParserOptions {
    /**
     * The `.wasm` file of a language's grammar, for a layout without node_modules (a bundled extension).
     * Default: the file in the grammar's npm package (`tree-sitter-python/tree-sitter-python.wasm`, …).
     */
    grammarFiles?: Partial<Record<SourceLanguage, string>>;
    /** The folder holding `<language>/<query>.scm`. Default: `grammars/queries` of the Ponder install. */
    queriesDir?: string;
}

/** A grammar could not be loaded: the install is broken (a missing `.wasm` or query file), not the user's input. */
export class GrammarLoadError extends PonderError {
    override readonly fault = "environment";

    constructor(
        readonly language: SourceLanguage,
        reason: string,
        options?: { cause?: unknown }
    ) {
        super(
            `The ${language} grammar could not be loaded: ${reason}. Reinstall Ponder's dependencies (npm ci).`,
            options
        );
    }
}

/** A text parsed with one language; valid only inside the callback that received it (its tree is freed after). */
export interface ParsedSource {
    readonly language: SourceLanguage;
    readonly text: string;
    readonly root: SyntaxNode;
    readonly grammar: LoadedGrammar;
}

/** One language ready to parse: its parser and compiled queries. */
export class LoadedGrammar {
    constructor(
        readonly language: SourceLanguage,
        private readonly parser: Parser,
        private readonly queries: Map<QueryName, Query>
    ) {}

    /** Parses `text`, runs `use` on it and frees the tree, even when `use` throws. */
    parse<T>(text: string, use: (source: ParsedSource) => T): T {
        const tree = this.parser.parse(text);
        if (!tree) throw new GrammarLoadError(this.language, "the parser returned no tree");
        try {
            return use({ language: this.language, text, root: tree.rootNode, grammar: this });
        } finally {
            tree.delete();
        }
    }

    /** The matches of one of the language's queries under `node`. */
    matches(query: QueryName, node: SyntaxNode): QueryMatch[] {
        return this.queries.get(query)!.matches(node);
    }

    dispose(): void {
        for (const query of this.queries.values()) query.delete();
        this.parser.delete();
    }
}

let runtimeReady: Promise<void> | undefined;
let sharedParser: CodeParser | undefined;

/** Parses source text with tree-sitter. Grammars load on first use and stay loaded until `dispose()`. */
export class CodeParser {
    private readonly grammars = new Map<SourceLanguage, Promise<LoadedGrammar>>();
    private readonly require = createRequire(import.meta.url);

    constructor(private readonly options: CodeParserOptions = {}) {}

    /** The process-wide parser that the analysis functions use when they are not given one. */
    static shared(): CodeParser {
        sharedParser ??= new CodeParser();
        return sharedParser;
    }

    /** Loads a language's grammar and queries (once; later calls share the same promise). */
    load(language: SourceLanguage): Promise<LoadedGrammar> {
        let grammar = this.grammars.get(language);
        if (!grammar) {
            grammar = this.loadGrammar(language);
            this.grammars.set(language, grammar);
            grammar.catch(() => this.grammars.delete(language));
        }
        return grammar;
    }

    /** Parses `text` as `language`, runs `use` on it and frees the tree. */
    async parse<T>(text: string, language: SourceLanguage, use: (source: ParsedSource) => T): Promise<T> {
        return (await this.load(language)).parse(text, use);
    }

    /** Frees every loaded parser and query. The parser may be used again afterwards; it reloads. */
    dispose(): void {
        const loaded = [...this.grammars.values()];
        this.grammars.clear();
        for (const grammar of loaded)
            void grammar.then(
                (g) => g.dispose(),
                () => undefined
            );
    }

    private async loadGrammar(language: SourceLanguage): Promise<LoadedGrammar> {
        runtimeReady ??= Parser.init();
        await runtimeReady;
        const wasmPath = this.options.grammarFiles?.[language] ?? this.resolveGrammarFile(language);
        let grammar: Language;
        try {
            grammar = await Language.load(wasmPath);
        } catch (error) {
            throw new GrammarLoadError(language, `reading ${wasmPath} failed (${String(error)})`, { cause: error });
        }
        const queriesDir = join(
            this.options.queriesDir ?? defaultQueriesDir(),
            languageSupportOf(language).grammar.queries
        );
        const queries = new Map<QueryName, Query>();
        try {
            for (const name of queryNames)
                queries.set(name, new Query(grammar, readFileSync(join(queriesDir, `${name}.scm`), "utf8")));
        } catch (error) {
            for (const query of queries.values()) query.delete();
            throw new GrammarLoadError(language, `the queries in ${queriesDir} do not load (${String(error)})`, {
                cause: error
            });
        }
        const parser = new Parser();
        parser.setLanguage(grammar);
        return new LoadedGrammar(language, parser, queries);
    }

    private resolveGrammarFile(language: SourceLanguage): string {
        try {
            return this.require.resolve(languageSupportOf(language).grammar.wasm);
        } catch (error) {
            throw new GrammarLoadError(
                language,
                `the package file ${languageSupportOf(language).grammar.wasm} is not installed`,
                { cause: error }
            );
        }
    }
}

/** `grammars/queries`, found by walking up from this module (it runs from `out/engine/analysis` or a bundle). */
function defaultQueriesDir(): string {
    let dir = dirname(fileURLToPath(import.meta.url));
    for (;;) {
        const candidate = join(dir, "grammars", "queries");
        if (existsSync(candidate)) return candidate;
        const parent = dirname(dir);
        if (parent === dir) return join(dirname(fileURLToPath(import.meta.url)), "grammars", "queries");
        dir = parent;
    }
}
