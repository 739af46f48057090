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
        strings: [...strings].slice(0, mostLiterals),
        characters: [...characters].slice(0, mostLiterals),
        integers: [...integers].slice(0, mostLiterals),
        floats: [...floats].slice(0, mostLiterals)
    };
}

/** One pass over the source: the bodies of its one-line string literals, and the code with strings and comments blanked. */
function scan(source: string): { strings: string[]; code: string } {
    // Sticky patterns match at `lastIndex` only, so the scan stays linear in the source's length.
    const comment = /#[^\n]*|\/\/[^\n]*|\/\*[\s\S]*?\*\//y;
    const triple = /("""|\'\'\')[\s\S]*?\1/y;
    const single = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/y;
    const at = (pattern: RegExp, index: number) => {
        pattern.lastIndex = index;
        return pattern.exec(source);
    };
    const strings: string[] = [];
    const code: string[] = [];
    let i = 0;
    while (i < source.length) {
        if (!"#/'\"`".includes(source[i]!)) {
            code.push(source[i]!);
            i++;
            continue;
        }
        const skipped = at(comment, i) ?? at(triple, i);
        const literal = skipped ? null : at(single, i);
        if (skipped || literal) {
            if (literal) strings.push(unescaped(literal[0].slice(1, -1)));
            code.push(" ");
            i += (skipped ?? literal)![0].length;
        } else {
            code.push(source[i]!);
            i++;
        }
    }
    return { strings, code: code.join("") };
}

function unescaped(body: string): string {
    const simple: Record<string, string> = {
        n: "\n",
        t: "\t",
        r: "\r",
        "0": "\0",
        "\\": "\\",
        "'": "'",
        '"': '"',
        "`": "`"
    };
    return body.replace(/\\(.)/g, (whole, character: string) => simple[character] ?? whole);
}
