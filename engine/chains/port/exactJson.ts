// JSON values with integers kept exact: the two harnesses print Python's unbounded ints and Rust's i64/u128 as
// digits, and JavaScript numbers would round anything past 2^53. Integers are bigints, floats are numbers
// (written with a decimal point so Python reads them back as floats), and NaN/Infinity are allowed as Python's
// json module writes them.

export type ExactJson = null | boolean | number | bigint | string | ExactJson[] | { [key: string]: ExactJson };

export class ExactJsonSyntaxError extends Error {}

/** Reads one JSON text; integers become bigints, other numbers floats. Throws ExactJsonSyntaxError on bad input. */
export function parseExactJson(text: string): ExactJson {
    let at = 0;
    const fail = (what: string): never => {
        throw new ExactJsonSyntaxError(`${what} at offset ${at} of ${JSON.stringify(text.slice(0, 200))}`);
    };
    const space = () => {
        while (at < text.length && " \t\r\n".includes(text[at]!)) at++;
    };
    const value = (): ExactJson => {
        space();
        const c = text[at];
        if (c === "{") {
            at++;
            const object: { [key: string]: ExactJson } = {};
            space();
            if (text[at] === "}") {
                at++;
                return object;
            }
            for (;;) {
                space();
                if (text[at] !== '"') fail("expected a key");
                const key = string();
                space();
                if (text[at++] !== ":") fail("expected ':'");
                object[key] = value();
                space();
                if (text[at] === ",") {
                    at++;
                    continue;
                }
                if (text[at++] === "}") return object;
                fail("expected ',' or '}'");
            }
        }
        if (c === "[") {
            at++;
            const array: ExactJson[] = [];
            space();
            if (text[at] === "]") {
                at++;
                return array;
            }
            for (;;) {
                array.push(value());
                space();
                if (text[at] === ",") {
                    at++;
                    continue;
                }
                if (text[at++] === "]") return array;
                fail("expected ',' or ']'");
            }
        }
        if (c === '"') return string();
        for (const [word, result] of [
            ["true", true],
            ["false", false],
            ["null", null],
            ["NaN", NaN],
            ["Infinity", Infinity],
            ["-Infinity", -Infinity]
        ] as const) {
            if (text.startsWith(word, at)) {
                at += word.length;
                return result;
            }
        }
        const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at, at + 400));
        if (!number) return fail("unexpected character");
        at += number[0].length;
        return number[1] === undefined && number[2] === undefined ? BigInt(number[0]) : Number(number[0]);
    };
    const string = (): string => {
        const end = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(text.slice(at));
        if (!end) return fail("bad string");
        at += end[0].length;
        return JSON.parse(end[0]) as string;
    };
    const result = value();
    space();
    if (at !== text.length) fail("trailing text");
    return result;
}

/** Writes a value so that both harnesses read it back exactly: floats keep a decimal point, bigints are digits. */
export function writeExactJson(value: ExactJson): string {
    if (value === null) return "null";
    if (typeof value === "bigint") return value.toString();
    if (typeof value === "number") {
        if (Number.isNaN(value)) return "NaN";
        if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
        const text = String(value);
        return /[.eE]/.test(text) ? text.replace(/e\+?/, ".0e").replace(/\.(\d+)\.0e/, ".$1e") : `${text}.0`;
    }
    if (typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
    if (Array.isArray(value)) return `[${value.map(writeExactJson).join(",")}]`;
    return `{${Object.entries(value)
        .map(([key, item]) => `${JSON.stringify(key)}:${writeExactJson(item)}`)
        .join(",")}}`;
}

/** A value for plain JSON output (reports, --json): safe integers as numbers, larger ones as digit strings. */
export function toPlainJson(value: ExactJson): unknown {
    if (typeof value === "bigint")
        return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
            ? Number(value)
            : value.toString();
    if (typeof value === "number" && !Number.isFinite(value)) return String(value);
    if (Array.isArray(value)) return value.map(toPlainJson);
    if (value !== null && typeof value === "object")
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlainJson(v)]));
    return value;
}

/**
 * The JSON objects a harness printed, one per line, read exactly; blank lines, lines that are not JSON and values
 * that are not objects (the tested code's own prints) are skipped.
 */
export function exactJsonObjectLines(output: string): { [key: string]: ExactJson }[] {
    const objects: { [key: string]: ExactJson }[] = [];
    for (const line of output.split("\n")) {
        if (!line.trim()) continue;
        let parsed: ExactJson;
        try {
            parsed = parseExactJson(line);
        } catch {
            continue;
        }
        if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) objects.push(parsed);
    }
    return objects;
}
