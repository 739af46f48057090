// The edge cases a port reply proposes in its ```json blocks, read the same way for every target language:
// a block holds an array of argument lists, or `{"cases": [...]}` with one; a block that does not parse is a
// problem the reply's evidence names, never a dropped reply.

import type { FencedBlock } from "../../analysis/index.js";
import { parseExactJson, type ExactJson } from "./exactJson.js";

export interface ProposedCases {
    /** Argument lists, in block order; entries that are not lists are left out. */
    cases: ExactJson[][];
    /** One line per JSON block that does not parse. */
    problems: string[];
}

/** The argument lists of every ```json block of a reply. */
export function readProposedCases(blocks: readonly FencedBlock[]): ProposedCases {
    const cases: ExactJson[][] = [];
    const problems: string[] = [];
    for (const block of blocks.filter((b) => b.tag === "json")) {
        try {
            for (const entry of caseListOf(parseExactJson(block.code.trim())))
                if (Array.isArray(entry)) cases.push(entry);
        } catch (error) {
            problems.push(
                `the reply's JSON block of edge cases does not parse (${(error as Error).message.split(" at offset")[0]})`
            );
        }
    }
    return { cases, problems };
}

function caseListOf(value: ExactJson): readonly ExactJson[] {
    if (Array.isArray(value)) return value;
    const wrapped = value !== null && typeof value === "object" ? value["cases"] : undefined;
    return Array.isArray(wrapped) ? wrapped : [];
}
