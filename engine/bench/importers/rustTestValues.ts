// Reads MultiPL-E's Rust tests (`fn main() { let candidate = f; assert_eq!(candidate(ARGS), EXPECTED); … }`) as
// input/output cases: each literal argument and expected value becomes a JSON value, so the judge can render
// them again for whatever signature a port chose (`&[i64]` where MultiPL-E wrote `Vec<isize>`).

import type { ExactJson } from "../../chains/port/exactJson.js";

export class UnreadableRustTest extends Error {}

/** The cases of a MultiPL-E `tests` text; throws UnreadableRustTest naming what it could not read. */
export function casesOfRustTests(tests: string): { input: ExactJson[]; output: ExactJson }[] {
    const reader = new RustValueReader(tests);
    const name = /let\s+candidate\s*=\s*([A-Za-z_]\w*)\s*;/.exec(tests);
    if (!name) throw new UnreadableRustTest("no `let candidate = …;` line");
    reader.at = name.index + name[0].length;
    const cases: { input: ExactJson[]; output: ExactJson }[] = [];
    for (;;) {
        reader.space();
        if (reader.eat("}") || reader.done()) break;
        if (reader.eat("assert_eq!(")) {
            const input = reader.call();
            reader.expect(",");
            const output = reader.value();
            reader.eat(",");
            reader.expect(")");
            cases.push({ input, output });
        } else if (reader.eat("assert!(")) {
            const negated = reader.eat("!");
            const input = reader.call();
            reader.expect(")");
            cases.push({ input, output: !negated });
        } else reader.fail("a statement other than assert_eq!(candidate(…), …) or assert!(candidate(…))");
        reader.expect(";");
    }
    if (cases.length === 0) throw new UnreadableRustTest("no assertion of candidate(…)");
    return cases;
}

class RustValueReader {
    at = 0;
    constructor(private readonly text: string) {}

    done(): boolean {
        return this.at >= this.text.length;
    }

    space(): void {
        while (!this.done() && /\s/.test(this.text[this.at]!)) this.at++;
    }

    /** Consumes `token` (after white space) when it comes next. */
    eat(token: string): boolean {
        this.space();
        if (!this.text.startsWith(token, this.at)) return false;
        this.at += token.length;
        return true;
    }

    expect(token: string): void {
        if (!this.eat(token)) this.fail(`"${token}"`);
    }

    fail(what: string): never {
        throw new UnreadableRustTest(`expected ${what} at ${JSON.stringify(this.text.slice(this.at, this.at + 60))}`);
    }

    /** `candidate(a, b)`: the argument values. */
    call(): ExactJson[] {
        this.expect("candidate(");
        return this.list(")");
    }

    private list(close: string): ExactJson[] {
        const items: ExactJson[] = [];
        while (!this.eat(close)) {
            items.push(this.value());
            if (!this.eat(",")) {
                this.expect(close);
                break;
            }
        }
        return items;
    }

    value(): ExactJson {
        this.space();
        const value = this.primary();
        // `.to_string()`, `.to_owned()`, `.into()` keep the value.
        while (this.eat(".to_string()") || this.eat(".to_owned()") || this.eat(".into()")) {
            /* the same value */
        }
        return value;
    }

    private primary(): ExactJson {
        if (this.eat("&")) return this.value();
        const number =
            /^-?\s*\d[\d_]*(\.\d[\d_]*)?([eE][+-]?\d+)?(i8|i16|i32|i64|i128|isize|u8|u16|u32|u64|u128|usize|f32|f64)?/.exec(
                this.text.slice(this.at)
            );
        if (number) {
            this.at += number[0].length;
            const digits = number[0].replace(/[_\s]|[iuf](8|16|32|64|128|size)$/g, "");
            return number[1] !== undefined || number[2] !== undefined || number[3]?.startsWith("f")
                ? Number(digits)
                : BigInt(digits);
        }
        if (this.eat("true")) return true;
        if (this.eat("false")) return false;
        if (this.eat("None")) return null;
        if (this.eat("Some(")) {
            const inner = this.value();
            this.expect(")");
            return inner;
        }
        if (this.text[this.at] === '"') return this.string('"');
        if (this.text[this.at] === "'") return this.string("'");
        if (this.eat("String::from(")) {
            const inner = this.value();
            this.expect(")");
            return inner;
        }
        if (this.eat("String::new()")) return "";
        if (this.eat("vec![")) return this.list("]");
        if (this.eat("[")) return this.list("]");
        const empty = /^(Vec|HashMap|HashSet|BTreeMap)(::<[^()]*>)?::new\(\)/.exec(this.text.slice(this.at));
        if (empty) {
            this.at += empty[0].length;
            return empty[1] === "HashMap" || empty[1] === "BTreeMap" ? {} : [];
        }
        const map = /^(HashMap|BTreeMap)::from\(\[/.exec(this.text.slice(this.at));
        if (map) {
            this.at += map[0].length;
            const object: { [key: string]: ExactJson } = {};
            for (const pair of this.list("]")) {
                if (!Array.isArray(pair) || pair.length !== 2) this.fail("(key, value) pairs");
                object[String(pair[0])] = pair[1]!;
            }
            this.expect(")");
            return object;
        }
        if (this.eat("(")) {
            const items = this.list(")");
            return items.length === 1 && !this.text.slice(0, this.at).trimEnd().endsWith(",)") ? items[0]! : items;
        }
        return this.fail("a literal value");
    }

    private string(quote: string): string {
        let out = "";
        this.at++;
        while (!this.done() && this.text[this.at] !== quote) {
            const c = this.text[this.at++]!;
            if (c !== "\\") {
                out += c;
                continue;
            }
            const next = this.text[this.at++]!;
            if (next === "u") {
                const code = /^\{([0-9a-fA-F]+)\}/.exec(this.text.slice(this.at));
                if (!code) this.fail("a \\u{…} escape");
                this.at += code[0].length;
                out += String.fromCodePoint(parseInt(code[1]!, 16));
            } else out += ({ n: "\n", t: "\t", r: "\r", "0": "\0" } as Record<string, string>)[next] ?? next;
        }
        if (this.done()) this.fail(`a closing ${quote}`);
        this.at++;
        return out;
    }
}
