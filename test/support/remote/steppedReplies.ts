// Long scripted R1-style replies for tests and benchmarks against a served model: a thought of numbered steps
// (long enough that decoding takes a measurable time and can be cancelled midway) and a short answer, and the
// thought and answer each reply should be read as.

/** Reply `k`: `<think>\n`, `steps` numbered sentences, `</think>`, then the answer "Patch k.". */
export function steppedReply(k: number, steps: number): string {
    const lines = Array.from(
        { length: steps },
        (_, i) => `Step ${i + 1}: candidate ${k} checks case ${(i * 7) % 13} of the loop.`
    );
    return `<think>\n${lines.join("\n")}\n</think>\n\nPatch ${k}.`;
}

/** The thought and the answer of a scripted reply: the text between the tags and the text after them, exactly. */
export function partsOf(reply: string): { thought: string; answer: string } {
    const match = /^<think>([\s\S]*)<\/think>([\s\S]*)$/.exec(reply);
    if (!match) throw new Error("a stepped reply has one thought");
    return { thought: match[1]!, answer: match[2]! };
}
