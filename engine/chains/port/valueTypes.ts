// What a parameter holds, read from the best evidence there is: its type hint, then the values the file's tests
// and examples pass, then the docstring, then (once ported) the Rust type. Drives type-directed input generation
// and tells the model the types in its prompt.

import { splitTopLevel } from "../../text/splitTopLevel.js";
import type { ExactJson } from "./exactJson.js";
import type { PortParameter } from "./PortTypes.js";

export type ValueType =
    | { kind: "int" | "float" | "str" | "bool" | "none" | "unknown" | "char" }
    | { kind: "list"; of: ValueType }
    | { kind: "tuple"; of: ValueType[] }
    | { kind: "dict"; key: ValueType; value: ValueType }
    | { kind: "optional"; of: ValueType };

const unknown: ValueType = { kind: "unknown" };

/** A Python type hint: `int`, `list[int]`, `List[str]`, `Optional[int]`, `tuple[int, str]`, `dict[str, int]`, `int | None`. */
export function typeOfHint(hint: string): ValueType {
    const text = hint.trim().replace(/^typing\./, "");
    if (/\|\s*None$/.test(text)) return { kind: "optional", of: typeOfHint(text.replace(/\|\s*None$/, "")) };
    const simple: Record<string, ValueType["kind"]> = {
        int: "int",
        float: "float",
        str: "str",
        bool: "bool",
        None: "none"
    };
    if (text in simple) return { kind: simple[text]! } as ValueType;
    const generic = /^(\w+)\[(.*)\]$/.exec(text);
    if (!generic) return unknown;
    const [, outer, inner] = generic;
    const args = splitTopLevel(inner!);
    switch (outer!.toLowerCase()) {
        case "list":
        case "sequence":
        case "iterable":
        case "set":
        case "frozenset":
            return { kind: "list", of: typeOfHint(args[0] ?? "") };
        case "tuple":
            return args.length === 2 && args[1] === "..."
                ? { kind: "list", of: typeOfHint(args[0]!) }
                : { kind: "tuple", of: args.map(typeOfHint) };
        case "dict":
        case "mapping":
            return { kind: "dict", key: typeOfHint(args[0] ?? ""), value: typeOfHint(args[1] ?? "") };
        case "optional":
            return { kind: "optional", of: typeOfHint(args[0] ?? "") };
        default:
            return unknown;
    }
}

/** The type of a value seen in the file. */
export function typeOfValue(value: ExactJson): ValueType {
    if (value === null) return { kind: "none" };
    if (typeof value === "bigint") return { kind: "int" };
    if (typeof value === "number") return { kind: "float" };
    if (typeof value === "string") return { kind: "str" };
    if (typeof value === "boolean") return { kind: "bool" };
    if (Array.isArray(value)) return { kind: "list", of: merge(value.map(typeOfValue)) };
    const values = Object.values(value);
    return { kind: "dict", key: { kind: "str" }, value: merge(values.map(typeOfValue)) };
}

/** One type for several values: ints and floats give float, a None among them makes it optional. */
function merge(types: ValueType[]): ValueType {
    const known = types.filter((type) => type.kind !== "unknown");
    if (known.length === 0) return unknown;
    const withoutNone = known.filter((type) => type.kind !== "none");
    if (withoutNone.length === 0) return { kind: "none" };
    const kinds = new Set(withoutNone.map((type) => type.kind));
    let merged: ValueType =
        kinds.size === 2 && kinds.has("int") && kinds.has("float") ? { kind: "float" } : withoutNone[0]!;
    if (merged.kind === "list")
        merged = { kind: "list", of: merge(withoutNone.map((type) => (type.kind === "list" ? type.of : unknown))) };
    return withoutNone.length < known.length ? { kind: "optional", of: merged } : merged;
}

/** The type a ported parameter's type carries: Rust (`i64`, `&[String]`) or TypeScript (`number`, `string[]`). */
export function typeOfRust(type: string): ValueType {
    const text = type
        .trim()
        .replace(/^&(mut\s+)?/, "")
        .replace(/^'\w+\s+/, "");
    if (text === "number" || text === "bigint") return { kind: "int" };
    if (text === "string") return { kind: "str" };
    if (text === "boolean") return { kind: "bool" };
    const array = /^(.*)\[\]$/.exec(text) ?? /^(?:Array|ReadonlyArray)<(.*)>$/.exec(text);
    if (array) return { kind: "list", of: typeOfRust(array[1]!) };
    if (/^[iu](8|16|32|64|128|size)$/.test(text)) return { kind: "int" };
    if (/^f(32|64)$/.test(text)) return { kind: "float" };
    if (text === "bool") return { kind: "bool" };
    if (text === "char") return { kind: "char" };
    if (text === "str" || text === "String") return { kind: "str" };
    const slice = /^\[(.*)\]$/.exec(text) ?? /^(?:Vec|VecDeque|HashSet|BTreeSet)<(.*)>$/.exec(text);
    if (slice) return { kind: "list", of: typeOfRust(slice[1]!) };
    const option = /^Option<(.*)>$/.exec(text);
    if (option) return { kind: "optional", of: typeOfRust(option[1]!) };
    const map = /^(?:HashMap|BTreeMap)<(.*)>$/.exec(text);
    if (map) {
        const [k, v] = splitTopLevel(map[1]!);
        return { kind: "dict", key: typeOfRust(k ?? ""), value: typeOfRust(v ?? "") };
    }
    const tuple = /^\((.*)\)$/.exec(text);
    if (tuple) return { kind: "tuple", of: splitTopLevel(tuple[1]!).map(typeOfRust) };
    return unknown;
}

/** `:param n: int` (Sphinx) or `n (int):` (Google style) in a docstring. */
function typeFromDocstring(name: string, docstring: string | undefined): ValueType {
    if (!docstring) return unknown;
    const sphinx = new RegExp(`:(?:param|type)\\s+(?:(\\w[\\w\\[\\], ]*)\\s+)?${name}:\\s*([\\w\\[\\], ]+)?`).exec(
        docstring
    );
    if (sphinx) return typeOfHint((sphinx[1] ?? sphinx[2] ?? "").trim());
    const google = new RegExp(`^\\s*${name}\\s*\\(([^)]+)\\)\\s*:`, "m").exec(docstring);
    return google ? typeOfHint(google[1]!.trim()) : unknown;
}

export function parameterType(parameter: PortParameter, docstring?: string, rustType?: string): ValueType {
    const candidates = [
        parameter.hint ? typeOfHint(parameter.hint) : unknown,
        parameter.seen.length > 0 ? merge(parameter.seen.map(typeOfValue)) : unknown,
        typeFromDocstring(parameter.name, docstring),
        rustType ? typeOfRust(rustType) : unknown
    ];
    return candidates.find((type) => !isVague(type)) ?? candidates.find((type) => type.kind !== "unknown") ?? unknown;
}

function isVague(type: ValueType): boolean {
    if (type.kind === "unknown") return true;
    if (type.kind === "list" || type.kind === "optional") return isVague(type.of);
    if (type.kind === "tuple") return type.of.some(isVague);
    if (type.kind === "dict") return isVague(type.key) || isVague(type.value);
    return false;
}

/** A type as JavaScript/TypeScript would name it, for prompts about a JavaScript source. */
export function javascriptTypeText(type: ValueType): string {
    switch (type.kind) {
        case "int":
            return "number (an integer)";
        case "float":
            return "number";
        case "str":
        case "char":
            return "string";
        case "bool":
            return "boolean";
        case "none":
            return "null";
        case "list":
            return `${javascriptTypeText(type.of).replace(/ \(an integer\)/, "")}[]`;
        case "tuple":
            return `[${type.of.map(javascriptTypeText).join(", ")}]`;
        case "dict":
            return `Record<string, ${javascriptTypeText(type.value)}>`;
        case "optional":
            return `${javascriptTypeText(type.of)} | null`;
        case "unknown":
            return "unknown";
    }
}

/** A type as Python writes it, for prompts. */
export function pythonTypeText(type: ValueType): string {
    switch (type.kind) {
        case "list":
            return `list[${pythonTypeText(type.of)}]`;
        case "tuple":
            return `tuple[${type.of.map(pythonTypeText).join(", ")}]`;
        case "dict":
            return `dict[${pythonTypeText(type.key)}, ${pythonTypeText(type.value)}]`;
        case "optional":
            return `${pythonTypeText(type.of)} | None`;
        case "unknown":
            return "unknown";
        case "char":
            return "str (one character)";
        default:
            return type.kind;
    }
}
