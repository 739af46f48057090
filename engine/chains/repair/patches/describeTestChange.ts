// The reply's own reason for changing a test: the sentence of its prose that says the test is wrong or what it
// expects, preferring the prose just before the test's block. Shown beside a "changes your test" candidate.

import { answerStart, parseFencedBlocks } from "../../../analysis/fencedBlocks.js";

const reasonWords =
    /\btests?\b[^.!?\n]*\b(wrong|incorrect|outdated|stale|mistaken|typo|bug|should)\b|\bexpect(s|ed|ation)?\b|\btest is wrong\b/i;

/**
 * The sentence explaining why the reply changes a test, given where the test's changes start in the answer
 * (offsets); undefined when the prose gives none.
 */
export function describeTestChange(answer: string, testPartOffsets: readonly number[]): string | undefined {
    const start = answerStart(answer);
    const blocks = parseFencedBlocks(answer);
    // The prose only: fenced blocks become paragraph breaks, so no code line is taken for a sentence.
    const prose: { text: string; end: number }[] = [];
    let cursor = start;
    for (const block of blocks) {
        prose.push({ text: answer.slice(cursor, block.range.start), end: block.range.start });
        cursor = block.range.end;
    }
    prose.push({ text: answer.slice(cursor), end: answer.length });
    const beforeTests = testPartOffsets
        .map((offset) => prose.filter((piece) => piece.end <= offset).at(-1))
        .filter((piece) => piece !== undefined);
    for (const piece of beforeTests) {
        const found = sentencesOf(piece.text).find((sentence) => reasonWords.test(sentence));
        if (found) return found;
    }
    const anywhere = prose.flatMap((piece) => sentencesOf(piece.text)).find((sentence) => reasonWords.test(sentence));
    if (anywhere) return anywhere;
    const nearest = beforeTests.map((piece) => sentencesOf(piece.text).at(-1)).find((each) => each !== undefined);
    return nearest;
}

function sentencesOf(text: string): string[] {
    return text
        .split(/\n\s*\n|(?<=[.!?])\s+(?=[A-Z`*])|\n(?=\s*(?:[-*+]|\d+\.|#+)\s)/)
        .map((sentence) =>
            sentence
                .replace(/^\s*(?:[-*+]|\d+\.|#+)\s+/, "")
                .replace(/\s+/g, " ")
                .trim()
        )
        .filter((sentence) => /[a-z]/i.test(sentence));
}
