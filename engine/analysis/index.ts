// The code-analysis layer's public API: tree-sitter parsing of Python, TypeScript/TSX, JavaScript and Rust,
// the context a prompt needs, and the reading of model replies into tests, diffs and exact text edits.

export {
    CodeParser,
    GrammarLoadError,
    LoadedGrammar,
    type CodeParserOptions,
    type ParsedSource,
    type QueryName
} from "./CodeParser.js";
export {
    languageOfPath,
    languageOfFenceTag,
    isCompatibleLanguage,
    UnsupportedLanguageError,
    type SourceLanguage
} from "./SourceLanguage.js";
export { sourceLanguageNames } from "../languages/index.js";
export { applyTextEdits, rangeContains, OverlappingEditsError, type TextEdit, type TextRange } from "./textEdits.js";
export { offsetAt, positionAt, lineStarts, type TextPosition } from "./textPositions.js";
export {
    listDefinitions,
    findDefinition,
    DefinitionNotFoundError,
    type AnalysisOptions,
    type CodeDefinition,
    type DefinitionKind
} from "./definitions.js";
export { findEnclosingFunction, type TextTarget } from "./findEnclosingFunction.js";
export { collectUsedNames, findUsedDefinitions, type UsedNames } from "./usedDefinitions.js";
export { listImports, type ImportStatement } from "./imports.js";
export {
    findExistingTests,
    listTestUnits,
    type ExistingTest,
    type SourceFile,
    type TestFramework,
    type TestUnit
} from "./existingTests.js";
export {
    buildCodeContext,
    type BuildCodeContextFields,
    type BuildCodeContextOptions,
    type CodeContext,
    type CodeDiagnostic,
    type ContextSection,
    type ContextSectionKind,
    type ContextTarget,
    type OmittedSection
} from "./buildCodeContext.js";
export { parseFencedBlocks, type FencedBlock, type ParseFencedBlocksOptions } from "./fencedBlocks.js";
export {
    classifyAnswer,
    classifyCodeBlock,
    looksLikeDiff,
    type ClassifiedAnswer,
    type ClassifiedBlock,
    type ClassifyCodeBlockOptions,
    type CodeBlockRole
} from "./classifyCodeBlock.js";
export {
    applyUnifiedDiff,
    parseUnifiedDiff,
    type AppliedHunk,
    type ApplyUnifiedDiffOptions,
    type DiffApplication,
    type DiffHunk,
    type ParsedDiff
} from "./applyUnifiedDiff.js";
export { mapReplacementToEdits, type ReplacementMapping } from "./mapReplacementToEdits.js";
export { ensureTestImportsTarget, type TestImportResult, type TestImportTarget } from "./ensureTestImportsTarget.js";
