// Renders the difference of two texts as a unified diff, the form users review and `git apply` reads.

/** Longest-common-subsequence table over lines; fine for the file sizes a fix touches. */
function diffLines(a: string[], b: string[]): { op: " " | "-" | "+"; line: string }[] {
    // Trim the common head and tail first: a fix changes a few lines of a long file.
    let head = 0;
    while (head < a.length && head < b.length && a[head] === b[head]) head++;
    let tail = 0;
    while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail])
        tail++;
    const x = a.slice(head, a.length - tail);
    const y = b.slice(head, b.length - tail);
    const lcs = Array.from({ length: x.length + 1 }, () => new Uint32Array(y.length + 1));
    for (let i = x.length - 1; i >= 0; i--)
        for (let j = y.length - 1; j >= 0; j--)
            lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    const ops: { op: " " | "-" | "+"; line: string }[] = a.slice(0, head).map((line) => ({ op: " " as const, line }));
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
        if (i < x.length && j < y.length && x[i] === y[j]) {
            ops.push({ op: " ", line: x[i]! });
            i++;
            j++;
        } else if (i < x.length && (j === y.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
            ops.push({ op: "-", line: x[i]! });
            i++;
        } else {
            ops.push({ op: "+", line: y[j]! });
            j++;
        }
    }
    ops.push(...a.slice(a.length - tail).map((line) => ({ op: " " as const, line })));
    return ops;
}

/** A unified diff of `before` → `after` for `path`, with `context` lines around each change; "" when equal. */
export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
    if (before === after) return "";
    const a = before.split("\n");
    const b = after.split("\n");
    const ops = diffLines(a, b);
    const out = [`--- a/${path}`, `+++ b/${path}`];
    let index = 0;
    while (index < ops.length) {
        if (ops[index]!.op === " ") {
            index++;
            continue;
        }
        const start = Math.max(0, index - context);
        let end = index;
        // Extend the hunk while changes are closer than 2 × context lines.
        while (end < ops.length) {
            let next = end;
            while (next < ops.length && ops[next]!.op !== " ") next++;
            let gap = next;
            while (gap < ops.length && ops[gap]!.op === " ") gap++;
            end = next;
            if (gap < ops.length && gap - next <= 2 * context) end = gap;
            else break;
        }
        const stop = Math.min(ops.length, end + context);
        let oldLine = 1;
        let newLine = 1;
        for (let k = 0; k < start; k++) {
            if (ops[k]!.op !== "+") oldLine++;
            if (ops[k]!.op !== "-") newLine++;
        }
        const hunk = ops.slice(start, stop);
        const oldCount = hunk.filter((o) => o.op !== "+").length;
        const newCount = hunk.filter((o) => o.op !== "-").length;
        out.push(
            `@@ -${oldCount === 0 ? oldLine - 1 : oldLine},${oldCount} +${newCount === 0 ? newLine - 1 : newLine},${newCount} @@`
        );
        for (const o of hunk) out.push(o.op + o.line);
        index = stop;
    }
    return out.join("\n") + "\n";
}
