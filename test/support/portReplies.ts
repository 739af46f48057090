// Scripted R1-style replies for the port chain's tests on test/fixtures/port: correct ports, ports with a
// subtle difference from Python, and a port that does not compile. A scripted model gives every prompt the same
// reply, so one reply may hold several units' items; the chain picks each unit's item by name.

const think = (text: string) => `<think>\n${text}\n</think>\n\n`;
const rust = (code: string) => "```rust\n" + code.trim() + "\n```\n";
const ts = (code: string) => "```typescript\n" + code.trim() + "\n```\n";
const json = (code: string) => "```json\n" + code.trim() + "\n```\n";

export const portReplies = {
    clamp:
        think("Python ints map to i64 here; the comparisons are the same.") +
        rust(`
pub fn clamp(value: i64, low: i64, high: i64) -> i64 {
    if value < low {
        return low;
    }
    if value > high {
        return high;
    }
    value
}
`) +
        "\nEdge cases:\n" +
        json("[[0, 0, 0], [-5, -3, 3], [4, 5, 1]]"),
    clampDoesNotCompile:
        think("Return the bound as i32.") +
        rust(`
pub fn clamp(value: i64, low: i64, high: i64) -> i64 {
    if value < low {
        return low as i32;
    }
    if value > high {
        return high;
    }
    value
}
`),
    /** Rust's `/` truncates toward zero; Python's `//` floors: they differ on negative odd numbers. */
    halveTruncating:
        think("Integer division by two.") +
        rust(`
pub fn halve(n: i64) -> i64 {
    n / 2
}
`),
    halveFloor:
        think("Python's // floors; Rust's div_euclid floors for a positive divisor.") +
        rust(`
pub fn halve(n: i64) -> i64 {
    n.div_euclid(2)
}
`),
    /** Aborts the process on 7 and never returns on 3: the harness must report both and go on with the other cases. */
    countdownCrashes:
        think("The count equals n.") +
        rust(`
pub fn countdown(n: i64) -> i64 {
    if n == 7 {
        std::process::abort();
    }
    if n == 3 {
        loop {
            std::hint::spin_loop();
        }
    }
    if n < 0 {
        return -1;
    }
    n
}
`),
    /** A struct, a function taking it (the harness cannot build one from JSON) and a function of plain integers. */
    points:
        think("A struct with i128 fields; abs never overflows there.") +
        rust(`
#[derive(Debug, Clone, Copy)]
struct Point {
    x: i128,
    y: i128,
}

impl Point {
    fn new(x: i128, y: i128) -> Self {
        Point { x, y }
    }
}

fn norm1(p: &Point) -> i128 {
    p.x.abs() + p.y.abs()
}

fn manhattan(x: i128, y: i128) -> i128 {
    norm1(&Point::new(x, y))
}
`),
    /** Both functions in one block: each unit's prompt gets this reply and the chain takes the item it asked for. */
    squares:
        think("square must not overflow: Python ints are unbounded, so use i128.") +
        rust(`
pub fn square(x: i128) -> i128 {
    x * x
}

pub fn sum_of_squares(xs: &[i128]) -> i128 {
    xs.iter().map(|&x| square(x)).sum()
}
`),
    /** i64 multiplication overflows (a panic in a debug build) where Python's ints keep growing. */
    squaresOverflow:
        think("i64 is enough.") +
        rust(`
pub fn square(x: i64) -> i64 {
    x * x
}

pub fn sum_of_squares(xs: &[i64]) -> i64 {
    xs.iter().map(|&x| square(x)).sum()
}
`)
};

/** TypeScript ports of the same fixtures. */
export const typescriptPortReplies = {
    clamp:
        think("numbers compare the same way.") +
        ts(`
/** Clamp value into [low, high]. */
export function clamp(value: number, low: number, high: number): number {
    if (value < low) {
        return low;
    }
    if (value > high) {
        return high;
    }
    return value;
}
`),
    clampDoesNotParse:
        think("A quick version.") +
        ts(`
export function clamp(value: number, low: number, high: number): number {
    return value < low ? low : value > high ? high : ;
}
`),
    /** Math.trunc rounds toward zero; Python's // floors. */
    halveTruncating:
        think("Halve and drop the fraction.") +
        ts(`
export const halve = (n: number): number => Math.trunc(n / 2);
`),
    halveFloor:
        think("Python's // floors.") +
        ts(`
export const halve = (n: number): number => Math.floor(n / 2);
`),
    textutils:
        think("Type the parameters as strings.") +
        ts(`
export function countVowels(text: string): number {
    let count = 0;
    for (const c of text.toLowerCase()) {
        if ("aeiou".includes(c)) count++;
    }
    return count;
}

export function vowelRatio(text: string): number {
    return text.length === 0 ? 0 : countVowels(text) / text.length;
}
`),
    /** Counts code points where the original counts UTF-16 units: differs on text outside the BMP (emoji). */
    textutilsCodePoints:
        think("Use the number of characters.") +
        ts(`
export function countVowels(text: string): number {
    let count = 0;
    for (const c of text.toLowerCase()) {
        if ("aeiou".includes(c)) count++;
    }
    return count;
}

export function vowelRatio(text: string): number {
    const length = Array.from(text).length;
    return length === 0 ? 0 : countVowels(text) / length;
}
`),
    /** Swaps the answers and forgets null: every input of answers.js differs, so the counterexamples show null, true and false. */
    answersSwapped:
        think("A truthy value answers no.") +
        ts(`
export function answerOf(value: boolean | null): string {
    return value ? "no" : "yes";
}
`),
    answers:
        think("Keep null apart from false.") +
        ts(`
export function answerOf(value: boolean | null): string | null {
    if (value === null) return null;
    return value ? "yes" : "no";
}
`)
};
