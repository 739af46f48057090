// The literals a function's own source compares against (its strings, characters and numbers), read with a
// plain scan that works for Python, JavaScript and TypeScript alike. Generated inputs are built from them: random
// text over a fixed alphabet never contains the `(` that `is_valid_parenthesization` counts, so a port that
// differs only there would pass every generated case.

/** The values written in a unit's source: string literals (and the characters in them) and numbers. */
export interface SourceLiterals {
    strings: string[];
    /** Every character of the string literals, once each. */
    characters: string[];
    /** Numeric literals that are integers. */
    integers: bigint[];
    floats: number[];
}

const longestLiteral = 40;
const mostLiterals = 24;

/** The unit's literals; comments and triple-quoted strings (docstrings: prose, not what the code compares against) are left out. */
export function sourceLiterals(source: string): SourceLiterals {
    const { strings: found, code } = scan(source);
    const strings = new Set(found.filter((body) => body.length <= longestLiteral && !body.includes("${")));
    const integers = new Set<bigint>();
    const floats = new Set<number>();
    for (const match of code.matchAll(/(?<![\w.])(\d+(?:_\d+)*(?:\.\d+)?(?:e[+-]?\d+)?)(?![\w.])/gi)) {
        const text = match[1]!.replace(/_/g, "");
        if (/[.e]/i.test(text)) floats.add(Number(text));
        else if (text.length <= 18) integers.add(BigInt(text));
    }
    const characters = new Set<string>();
    for (const text of strings) for (const character of text) characters.add(character);
    return {
        strings: [...strings].slice(0, mostLiterals), characters: [...characters].slice(0, mostLiterals),
        integers: [...integers].slice(0, mostLiterals), floats: [...floats].slice(0, mostLiterals)
    };
}

/** One pass over the source: the bodies of its one-line string literals, and the code with strings and comments blanked. */
function scan(source: string): { strings: string[]; code: string } {
    const strings: string[] = [];
    let code = "";
    let i = 0;
    while (i < source.length) {
        const rest = source.slice(i);
        const comment = /^(#|\/\/)[^\n]*/.exec(rest) ?? /^\/\*[\s\S]*?\*\//.exec(rest);
        const triple = /^("""|\'\'\')[\s\S]*?\1/.exec(rest);
        const single = /^('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`)/.exec(rest);
        const skipped = comment ?? triple;
        if (skipped) {
            code += " ";
            i += skipped[0].length;
        } else if (single) {
            strings.push(unescaped(single[0].slice(1, -1)));
            code += " ";
            i += single[0].length;
        } else {
            code += source[i];
            i++;
        }
    }
    return { strings, code };
}

function unescaped(body: string): string {
    const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", "0": "\0", "\\": "\\", "'": "'", '"': '"', "`": "`" };
    return body.replace(/\\(.)/g, (whole, character: string) => simple[character] ?? whole);
}
