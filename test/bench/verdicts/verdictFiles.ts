// The texts of one verdict-suite run, made from a program's data: the model's replies (a fix and its tests, or a
// malformed reply), the workspace (with the user's failing test when given), and the hidden judge's test file,
// which calls the patch and the reference on the hidden inputs and wants the same outcome.

import type { Check, VerdictProgram } from "./VerdictProgram.js";

const think = (text: string) => `<think>\n${text}\n</think>\n\n`;
const fence = (tag: string, code: string) => "```" + tag + "\n" + code.trim() + "\n```\n";

export function sourceFile(program: VerdictProgram): string {
    return `${program.module}.${program.language === "python" ? "py" : "ts"}`;
}

/** Tests in the program's language: one test per check. */
export function testBlock(program: VerdictProgram, checks: Check[], prefix: string): string {
    if (program.language === "python") {
        return (
            `from ${program.module} import ${program.name}\n\n\n` +
            checks
                .map(
                    ([call, expected], i) =>
                        `def test_${prefix}_${program.name}_${i}():\n    assert ${call} == ${expected}\n`
                )
                .join("\n\n")
        );
    }
    return (
        `import { test } from "node:test";\nimport assert from "node:assert/strict";\n\n` +
        checks
            .map(
                ([call, expected], i) =>
                    `test("${prefix} ${program.name} ${i}", () => {\n    assert.deepStrictEqual(${call}, ${expected});\n});\n`
            )
            .join("\n")
    );
}

/** A reply that fixes the function with `code` and proves it with `checks`. */
export function fixReply(program: VerdictProgram, code: string, checks: Check[], why: string, prefix: string): string {
    const tag = program.language === "python" ? "python" : "typescript";
    return think(why) + fence(tag, code) + "\n" + fence(tag, testBlock(program, checks, prefix));
}

/** A reply with no usable patch. */
export function malformedReply(program: VerdictProgram): string {
    return (
        think(`The bug in ${program.name} is in its comparison.`) +
        `I would change the comparison in ${program.name}, but I am not sure how.\n`
    );
}

/** The workspace files: the buggy source, a package.json for TypeScript, and the user's failing test when given. */
export function workspaceFiles(program: VerdictProgram, withUserTest: boolean): Record<string, string> {
    const files: Record<string, string> = { [sourceFile(program)]: program.buggy };
    if (program.language === "typescript")
        files["package.json"] = JSON.stringify({ name: program.module, private: true, type: "module" }, null, 2) + "\n";
    if (withUserTest) {
        const [call, expected] = program.userTest;
        if (program.language === "python")
            files[`test_${program.module}.py`] =
                `from ${program.module} import ${program.name}\n\n\ndef test_user_${program.name}():\n    assert ${call} == ${expected}\n`;
        else
            files[`${program.module}.test.ts`] =
                `import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { ${program.name} } from "./${program.module}.js";\n\n` +
                `test("user ${program.name}", () => {\n    assert.deepStrictEqual(${call}, ${expected});\n});\n`;
    }
    return files;
}

/** The judge's files laid over the workspace: the reference beside the patch, and one test comparing them on every hidden input. */
export function hiddenJudgeFiles(program: VerdictProgram): { files: Record<string, string>; testFile: string } {
    const reference = `ponder_reference_${program.module}`;
    if (program.language === "python") {
        const testFile = `test_ponder_hidden_${program.module}.py`;
        return {
            testFile,
            files: {
                [`${reference}.py`]: program.correct,
                [testFile]:
                    `from ${program.module} import ${program.name} as patched\nfrom ${reference} import ${program.name} as reference\n\n\n` +
                    'def _outcome(function, args):\n    try:\n        return ("value", function(*args))\n    except Exception as error:\n        return ("error", type(error).__name__)\n\n\n' +
                    `def test_hidden_inputs():\n    for args in [${program.hiddenInputs.map((input) => `(${input},)`).join(", ")}]:\n` +
                    "        assert _outcome(patched, args) == _outcome(reference, args), args\n"
            }
        };
    }
    const testFile = `ponder-hidden-${program.module}.test.ts`;
    return {
        testFile,
        files: {
            [`${reference}.ts`]: program.correct,
            [testFile]:
                `import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { ${program.name} as patched } from "./${program.module}.js";\n` +
                `import { ${program.name} as reference } from "./${reference}.js";\n\n` +
                "const outcome = (f: (...args: any[]) => unknown, args: unknown[]) => {\n    try {\n        return { value: f(...args) };\n    } catch (error) {\n        return { error: (error as Error).name };\n    }\n};\n\n" +
                `test("hidden inputs", () => {\n    for (const args of [${program.hiddenInputs.map((input) => `[${input}]`).join(", ")}] as unknown[][])\n` +
                "        assert.deepStrictEqual(outcome(patched, args), outcome(reference, args), JSON.stringify(args));\n});\n"
        }
    };
}
