// Product functions longer than the house limit, found by TypeScript's own parser: each with its length and
// whether its leading comment says why it is long (a sentence starting "It is long because"). The code-shape
// test checks them; a parser because a function's end cannot be found reliably by matching text.
// A function's length counts the lines on which one of its statements, members or cases starts (and its own first
// line), not its physical lines: the formatter decides where a long argument list or signature breaks, and that
// must make no function long or short.

import ts from "typescript";

export interface LongFunction {
    name: string;
    /** 1-based line of the function's first line. */
    line: number;
    /** Lines on which a statement, a class or object member or a case clause starts, plus the function's first line. */
    lines: number;
    /** Its leading comment (or that of the statement declaring it) says why it is long. */
    reasoned: boolean;
}

export const longFunctionLimit = 80;
const reasonPattern = /It is long because/;

/** The functions of one source longer than `limit` lines. */
export function longFunctionsOf(sourceText: string, fileName = "source.ts", limit = longFunctionLimit): LongFunction[] {
    const source = ts.createSourceFile(fileName, sourceText, ts.ScriptTarget.Latest, true);
    const found: LongFunction[] = [];
    const leadingComments = (node: ts.Node) =>
        (ts.getLeadingCommentRanges(sourceText, node.getFullStart()) ?? [])
            .map((range) => sourceText.slice(range.pos, range.end))
            .join("\n");
    const visit = (node: ts.Node): void => {
        if (
            ts.isFunctionDeclaration(node) ||
            ts.isMethodDeclaration(node) ||
            ts.isArrowFunction(node) ||
            ts.isFunctionExpression(node) ||
            ts.isConstructorDeclaration(node) ||
            ts.isGetAccessorDeclaration(node)
        ) {
            const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
            const lines = logicalLines(node, source);
            if (lines > limit) {
                // A function expression's reason sits before what holds it: a variable, a property, an assignment.
                const holders: ts.Node[] = [node];
                for (
                    let parent = node.parent;
                    parent && !ts.isSourceFile(parent) && !ts.isBlock(parent);
                    parent = parent.parent
                )
                    holders.push(parent);
                found.push({
                    name: nameOf(node),
                    line: first + 1,
                    lines,
                    reasoned: holders.some((holder) => reasonPattern.test(leadingComments(holder)))
                });
            }
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}

function nameOf(node: ts.Node): string {
    const named = node as { name?: ts.Node };
    if (named.name) return named.name.getText();
    const parent = node.parent as { name?: ts.Node } | undefined;
    return parent?.name?.getText() ?? "(anonymous)";
}

/** The lines on which something of `node` starts that a reader reads as one step: a statement, a member, a case. */
function logicalLines(node: ts.Node, source: ts.SourceFile): number {
    const lines = new Set<number>([source.getLineAndCharacterOfPosition(node.getStart()).line]);
    const visit = (child: ts.Node): void => {
        const parent = child.parent;
        const isStep =
            (parent !== undefined && (ts.isBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent))) ||
            ts.isCaseClause(child) ||
            ts.isDefaultClause(child) ||
            ts.isClassElement(child) ||
            ts.isObjectLiteralElementLike(child);
        if (isStep) lines.add(source.getLineAndCharacterOfPosition(child.getStart()).line);
        ts.forEachChild(child, visit);
    };
    ts.forEachChild(node, visit);
    return lines.size;
}
