// The parts of a ported Rust function's signature the harness needs: each parameter's type as owned value
// plus how to lend it to the function (`&str` is read as a String and passed as `&a0`), and whether the
// function is generic (then the harness cannot pick concrete types and leaves it out).

export interface RustParameter {
    name: string;
    /** The type as written: `&[i64]`, `String`. */
    type: string;
    /** The owned type the harness reads from JSON: `Vec<i64>` for `&[i64]`, `String` for `&str`. */
    owned: string;
    /** How the owned value is passed: `a0`, `&a0`, `&mut a0`. */
    pass: "value" | "ref" | "mut";
}

export interface RustFunctionSignature {
    name: string;
    parameters: RustParameter[];
    returnType?: string;
    generic: boolean;
    /** The signature line without its body, for the prompts of units that call it. */
    header: string;
}

/** The owned counterpart of a borrowed type: `str` → `String`, `[T]` → `Vec<T>`, anything else unchanged. */
export function ownedType(type: string): string {
    const trimmed = type.trim();
    if (trimmed === "str") return "String";
    const slice = /^\[(.*)\]$/.exec(trimmed);
    if (slice && !/;\s*\d+\s*$/.test(slice[1]!)) return `Vec<${slice[1]!.trim()}>`;
    return trimmed;
}

export function rustParameter(name: string, type: string): RustParameter {
    const withoutLifetime = type
        .trim()
        .replace(/^&\s*'\w+\s+/, "&")
        .replace(/^&\s*'\w+\s*mut\s+/, "&mut ");
    if (withoutLifetime.startsWith("&mut "))
        return { name, type, owned: ownedType(withoutLifetime.slice(5)), pass: "mut" };
    if (withoutLifetime.startsWith("&")) return { name, type, owned: ownedType(withoutLifetime.slice(1)), pass: "ref" };
    return { name, type, owned: withoutLifetime, pass: "value" };
}
