// Reads JUnit XML reports (pytest's `--junitxml`, Ponder's unittest driver) into per-test results. A small
// XML reader is enough: the reports are machine-written, and a dependency for this would be heavier than it.

import type { TestCaseResult, TestOutcome } from "./TestRunResult.js";

export interface XmlElement {
    name: string;
    attributes: Record<string, string>;
    children: XmlElement[];
    text: string;
}

const entities: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodeEntities(text: string): string {
    return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, entity: string) => {
        if (entity.startsWith("#x")) return String.fromCodePoint(parseInt(entity.slice(2), 16));
        if (entity.startsWith("#")) return String.fromCodePoint(parseInt(entity.slice(1), 10));
        return entities[entity] ?? whole;
    });
}

/** Parses XML elements, attributes, text and CDATA; skips declarations, comments and processing instructions. */
export function parseXml(source: string): XmlElement {
    const root: XmlElement = { name: "#document", attributes: {}, children: [], text: "" };
    const stack = [root];
    let position = 0;
    while (position < source.length) {
        const open = source.indexOf("<", position);
        const textEnd = open === -1 ? source.length : open;
        if (textEnd > position) stack.at(-1)!.text += decodeEntities(source.slice(position, textEnd));
        if (open === -1) break;
        if (source.startsWith("<!--", open)) {
            position = end(source, "-->", open) + 3;
        } else if (source.startsWith("<![CDATA[", open)) {
            const close = end(source, "]]>", open);
            stack.at(-1)!.text += source.slice(open + 9, close);
            position = close + 3;
        } else if (source.startsWith("<?", open) || source.startsWith("<!", open)) {
            position = end(source, ">", open) + 1;
        } else if (source.startsWith("</", open)) {
            const close = end(source, ">", open);
            const name = source.slice(open + 2, close).trim();
            if (stack.length > 1 && stack.at(-1)!.name === name) stack.pop();
            else throw new Error(`Malformed XML: unexpected </${name}> at ${open}`);
            position = close + 1;
        } else {
            const tag = /^<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(source.slice(open));
            if (!tag) throw new Error(`Malformed XML at ${open}`);
            const element: XmlElement = { name: tag[1]!, attributes: {}, children: [], text: "" };
            for (const attribute of tag[2]!.matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
                element.attributes[attribute[1]!] = decodeEntities(attribute[2] ?? attribute[3] ?? "");
            stack.at(-1)!.children.push(element);
            if (tag[3] !== "/") stack.push(element);
            position = open + tag[0].length;
        }
    }
    if (stack.length > 1) throw new Error(`Malformed XML: <${stack.at(-1)!.name}> is never closed`);
    return root;
}

function end(source: string, token: string, from: number): number {
    const index = source.indexOf(token, from);
    if (index === -1) throw new Error(`Malformed XML: unterminated ${source.slice(from, from + 9)}`);
    return index;
}

function* descendants(element: XmlElement, name: string): Generator<XmlElement> {
    for (const child of element.children) {
        if (child.name === name) yield child;
        else yield* descendants(child, name);
    }
}

/** Marker the Python driver puts in the message of a test it stopped at the time limit. */
export const pythonTimeoutMarker = "PonderTestTimeout";

/**
 * JUnit testcases to results. Ids are pytest node ids: `file::Class::name`, the class part taken from
 * `classname` after the module's dotted path (pytest's xunit1 family gives `file`).
 */
export function junitTestCases(xml: string): TestCaseResult[] {
    const results: TestCaseResult[] = [];
    for (const testcase of descendants(parseXml(xml), "testcase")) {
        const { name = "", classname = "", file, time } = testcase.attributes;
        const problem = testcase.children.find((child) => ["failure", "error", "skipped"].includes(child.name));
        let outcome: TestOutcome = "passed";
        let message: string | undefined;
        if (problem) {
            message = [problem.attributes["message"], problem.text.trim()].filter(Boolean).join("\n\n") || undefined;
            if (message?.includes(pythonTimeoutMarker)) outcome = "timedOut";
            else if (problem.name === "skipped") outcome = "skipped";
            else if (problem.name === "failure") outcome = "failed";
            else outcome = "error";
        }
        const modulePath = file?.replace(/\.py$/, "").split("/").join(".");
        const classPart =
            modulePath && classname.startsWith(modulePath)
                ? classname.slice(modulePath.length + 1)
                : file
                  ? ""
                  : classname;
        // A module that failed to import is reported with its dotted path as the name and no class.
        const collectionError = classname === "" && name === modulePath;
        const id = collectionError
            ? file!
            : [file, ...classPart.split(".").filter(Boolean), name]
                  .filter((part) => part !== undefined && part !== "")
                  .join("::");
        const durationMs = time === undefined ? undefined : Math.round(Number(time) * 1000 * 1000) / 1000;
        results.push({
            id,
            name,
            ...(file ? { file } : {}),
            outcome,
            ...(message !== undefined ? { message } : {}),
            ...(durationMs !== undefined && Number.isFinite(durationMs) ? { durationMs } : {})
        });
    }
    return results;
}
