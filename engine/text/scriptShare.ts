// Tells which writing system a text is in, letter by letter. R1 distills drift into another language
// mid-thought; the fix chain rewards reasoning written in the language the user writes in.

export type Script = "latin" | "cjk" | "cyrillic" | "greek" | "arabic" | "hebrew" | "devanagari" | "hangul" | "other";

const scriptPatterns: [Script, RegExp][] = [
    ["latin", /\p{Script=Latin}/u],
    ["cjk", /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u],
    ["hangul", /\p{Script=Hangul}/u],
    ["cyrillic", /\p{Script=Cyrillic}/u],
    ["greek", /\p{Script=Greek}/u],
    ["arabic", /\p{Script=Arabic}/u],
    ["hebrew", /\p{Script=Hebrew}/u],
    ["devanagari", /\p{Script=Devanagari}/u]
];

function scriptOf(char: string): Script | undefined {
    if (!/\p{L}/u.test(char)) return undefined;
    for (const [script, pattern] of scriptPatterns) if (pattern.test(char)) return script;
    return "other";
}

/** Letters per script in a text; digits, punctuation and symbols are not counted. */
export function countScripts(text: string): Map<Script, number> {
    const counts = new Map<Script, number>();
    for (const char of text) {
        const script = scriptOf(char);
        if (script) counts.set(script, (counts.get(script) ?? 0) + 1);
    }
    return counts;
}

/** The script most letters of a text are in; "latin" for a text without letters. */
export function dominantScript(text: string): Script {
    let best: Script = "latin";
    let bestCount = 0;
    for (const [script, count] of countScripts(text)) if (count > bestCount) [best, bestCount] = [script, count];
    return best;
}

/** The share of a text's letters written in `script`, 1 for a text without letters. */
export function scriptShare(text: string, script: Script): number {
    const counts = countScripts(text);
    let total = 0;
    for (const count of counts.values()) total += count;
    return total === 0 ? 1 : (counts.get(script) ?? 0) / total;
}
