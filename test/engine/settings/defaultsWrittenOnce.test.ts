// Each request default is written once: the settings schema gives it, the job kind's `defaults` apply it (withDefaults),
// and no other code falls back to it with `??`. The fallbacks are found by TypeScript's parser, not by matching text;
// the chains' request types are checked by the compiler (a request without its defaults does not reach a chain).

import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import ts from "typescript";
import { requestDefaults, settingDefaults } from "../../../engine/settings/settingsSchema.js";
import { runFixChain } from "../../../engine/chains/fix/runFixChain.js";
import { runTestsChain } from "../../../engine/chains/tests/runTestsChain.js";
import { runRepairChain } from "../../../engine/chains/repair/runRepairChain.js";
import { jobKinds, withDefaults } from "../../../engine/experts/jobKinds.js";

const productDirs = ["engine", "bin", "server", "client", "protocol"];
const schemaFile = "engine/settings/settingsSchema.ts";

/** The defaults whose fallbacks are counted, with the value each has in the schema. */
const countedDefaults: Record<string, unknown> = { ...settingDefaults, ...requestDefaults };

/**
 * Fallbacks that remain, each with why. The server's settings reader turns an unset editor setting into the schema's
 * value (it reads the schema; a setting has to have a value); the rest are the lead's to decide (see the report).
 */
const allowed: [fallback: string, why: string][] = [
    ['server/settings.ts: integer("candidates") ?? settingDefaults.candidates', "the settings reader"],
    ['server/settings.ts: integer("extraRounds") ?? settingDefaults.extraRounds', "the settings reader"],
    ['server/settings.ts: integer("memorySize") ?? settingDefaults.memorySize', "the settings reader"],
    [
        'bin/commands/benchCommand.ts: parseSettingFlag("candidates", values.candidates) ?? expert?.candidates ?? settingDefaults.candidates',
        "the bench sizes its runtime before any job: FIXME read the fix kind's defaults"
    ],
    [
        "engine/runtime/local/LocalModelRuntime.ts: options.expectedCandidates ?? settingDefaults.candidates",
        "the context's sequences when no job says (createRuntime): FIXME make expectedCandidates required"
    ],
    [
        "engine/runtime/local/LocalModelRuntime.ts: options.expectedCandidates ?? settingDefaults.candidates",
        "the same, when the context is sized up front: FIXME as above"
    ],
    [
        "engine/runtime/managed/ManagedServerRuntime.ts: options.parallel ?? options.expectedCandidates ?? settingDefaults.candidates",
        "the server's slots when no job says: FIXME make expectedCandidates required"
    ],
    [
        "engine/memory/SolutionMemory.ts: options.maxEntries ?? settingDefaults.memorySize",
        "the memory's bound when no front end says: FIXME make maxEntries required"
    ]
];

async function sourceFiles(dir: string): Promise<string[]> {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const nested = await Promise.all(
        entries.map((entry) => {
            const path = join(dir, entry.name);
            if (entry.isDirectory()) return sourceFiles(path);
            return Promise.resolve(path.endsWith(".ts") && !path.endsWith(".d.ts") ? [path] : []);
        })
    );
    return nested.flat();
}

/** The name a `??`'s left side reads: `request.candidates` → "candidates", `integer("candidates")` → "candidates". */
function nameRead(node: ts.Expression): string | undefined {
    if (ts.isPropertyAccessExpression(node)) return node.name.text;
    if (ts.isIdentifier(node)) return node.text;
    if (ts.isCallExpression(node) && node.arguments[0] && ts.isStringLiteral(node.arguments[0]))
        return node.arguments[0].text;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
        return nameRead(node.left);
    if (ts.isParenthesizedExpression(node)) return nameRead(node.expression);
    return undefined;
}

/** `?? settingDefaults.X`, `?? requestDefaults.X`, and `name ?? literal` where the literal is name's schema default. */
export function defaultFallbacks(sourceText: string, file: string): string[] {
    const source = ts.createSourceFile(file, sourceText, ts.ScriptTarget.Latest, true);
    const found: string[] = [];
    const visit = (node: ts.Node): void => {
        if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) {
            const right = node.right;
            const fromSchema =
                ts.isPropertyAccessExpression(right) &&
                ts.isIdentifier(right.expression) &&
                ["settingDefaults", "requestDefaults"].includes(right.expression.text);
            const name = nameRead(node.left);
            const literal =
                ts.isNumericLiteral(right) &&
                name !== undefined &&
                name in countedDefaults &&
                Number(right.text) === countedDefaults[name];
            if (fromSchema || literal) found.push(`${file}: ${node.getText(source)}`);
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}

test("no code outside the schema falls back to a request default, but the listed reads", async () => {
    const files = (await Promise.all(productDirs.map(sourceFiles))).flat().filter((file) => file !== schemaFile);
    const found = (
        await Promise.all(files.map(async (file) => defaultFallbacks(await readFile(file, "utf8"), file)))
    ).flat();
    const chains = found.filter((entry) => entry.startsWith("engine/chains/") || entry.startsWith("engine/bench/"));
    assert.deepEqual(chains, [], "the chains and the bench take their defaults from withDefaults");
    assert.deepEqual(found.sort(), allowed.map(([fallback]) => fallback).sort());
});

test("the finder sees both kinds of fallback, so an empty list means something", () => {
    const source = [
        "const a = request.candidates ?? settingDefaults.candidates;",
        "const b = request.contextTokens ?? 3000;",
        "const c = request.suspects ?? 5;",
        "const d = request.extraRounds ?? 7;"
    ].join("\n");
    assert.deepEqual(defaultFallbacks(source, "x.ts"), [
        "x.ts: request.candidates ?? settingDefaults.candidates",
        "x.ts: request.contextTokens ?? 3000"
    ]);
});

test("the chains take requests with their defaults filled in, and withDefaults fills exactly the kind's defaults", () => {
    const deps = undefined as never;
    // Compile-time: a request without its defaults does not type-check as a chain's request.
    const call = (run: boolean) => {
        if (!run) return;
        // @ts-expect-error candidates, extraRounds and contextTokens are missing
        void runFixChain({ file: "a.py", target: { line: 1 } }, deps);
        // @ts-expect-error candidates and contextTokens are missing
        void runTestsChain({ file: "a.py" }, deps);
        // @ts-expect-error the repair's five defaults are missing
        void runRepairChain({ failure: { runAll: true } }, deps);
    };
    call(false);
    const fix = withDefaults("fix", { file: "a.py", target: { line: 1 }, candidates: 7 });
    assert.equal(fix.candidates, 7);
    assert.equal(fix.extraRounds, settingDefaults.extraRounds);
    assert.equal(fix.contextTokens, requestDefaults.contextTokens);
    const repair = withDefaults("repair", { failure: { runAll: true } });
    assert.deepEqual(
        { ...repair, failure: undefined },
        { ...jobKinds.repair.defaults, failure: undefined },
        "an empty repair request is exactly the repair kind's defaults"
    );
    assert.equal(repair.reruns, requestDefaults.reruns);
    assert.equal(repair.regressionBudgetMs, requestDefaults.regressionBudgetMs);
});
