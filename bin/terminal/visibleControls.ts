// Makes control characters in model-written text visible before the CLI prints it, so a reply cannot move the cursor,
// erase lines, set the window title or reorder text on the user's terminal: ESC becomes `\x1b`, BEL `\x07`, a bidi
// override `\u{202e}`. Newlines and tabs stay; a carriage return stays only before a newline (a CRLF file's lines).

// C0 controls but tab and newline, DEL, C1 controls (a terminal may read 0x9b as ESC [), bidi embeddings, overrides
// and isolates (Trojan Source), and the line and paragraph separators.
const invisible = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/gu;

/** `text` with every control character but newline and tab written out as an escape; `--json` output never goes through it. */
export function visibleControls(text: string): string {
    return text.replace(invisible, (char, offset: number, whole: string) => {
        if (char === "\r" && whole[offset + 1] === "\n") return char;
        const code = char.codePointAt(0)!;
        return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u{${code.toString(16)}}`;
    });
}
