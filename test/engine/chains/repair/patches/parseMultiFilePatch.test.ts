// The reply forms a multi-file patch is read from (named fences, comment-named fences, unified diffs, SEARCH/REPLACE
// blocks, bare functions placed by a suspect's name, whole files), how edits of one file compose, and the problems
// a reply's unusable parts give, on a small Python shop whose bug sits in a helper of another module.

import { test } from "node:test";
import assert from "node:assert/strict";
import { parseMultiFilePatch } from "../../../../../engine/chains/repair/patches/parseMultiFilePatch.js";
import type { PatchContext } from "../../../../../engine/chains/repair/patches/PatchTypes.js";
import { MemoryWorkspace } from "../../../../../engine/workspace/Workspace.js";
import { trimIndent } from "../../../analysis/fixture.js";

const pricing = trimIndent(`
    def apply_discount(price, percent):
        return price - price * percent


    def round_price(price):
        return round(price, 2)
`);

const cart = trimIndent(`
    from shop.pricing import apply_discount


    class Cart:
        def __init__(self):
            self.items = []

        def add(self, price):
            self.items.append(price)

        def total(self, percent=0):
            return sum(apply_discount(p, percent) for p in self.items)
`);

const cartTest = trimIndent(`
    from shop.cart import Cart


    def test_total_with_discount():
        cart = Cart()
        cart.add(100)
        assert cart.total(10) == 90
`);

function shop(extra: Record<string, string> = {}): PatchContext {
    return {
        workspace: new MemoryWorkspace({
            "shop/pricing.py": pricing,
            "shop/cart.py": cart,
            "tests/test_cart.py": cartTest,
            ...extra
        }),
        suspects: [
            { file: "shop/pricing.py", name: "apply_discount" },
            { file: "shop/cart.py", name: "Cart.total" }
        ]
    };
}

const fixedDiscount = trimIndent(`
    def apply_discount(price, percent):
        return price - price * percent / 100
`);

const fence = (tag: string, code: string) => "```" + tag + "\n" + code.replace(/\n$/, "") + "\n```";

test("a block named in the line before its fence replaces that function in that file, in each way models name it", async () => {
    for (const naming of [
        "In `shop/pricing.py`:",
        "**shop/pricing.py**",
        "### shop/pricing.py",
        "File: shop/pricing.py"
    ]) {
        const answer = `The percentage is not divided by 100.\n\n${naming}\n\n${fence("python", fixedDiscount)}\n`;
        const patch = await parseMultiFilePatch(answer, shop());
        assert.deepEqual(patch.problems, [], naming);
        assert.deepEqual(patch.forms, ["namedFence"], naming);
        assert.equal(patch.files.length, 1, naming);
        const [file] = patch.files;
        assert.equal(file!.file, "shop/pricing.py");
        assert.equal(file!.patchedText, pricing.replace("price * percent\n", "price * percent / 100\n"), naming);
        assert.equal(file!.isTest, false);
        assert.equal(file!.created, false);
        assert.match(patch.diff, /^--- a\/shop\/pricing\.py\n\+\+\+ b\/shop\/pricing\.py\n@@/);
        assert.match(patch.diff, /^\+    return price - price \* percent \/ 100$/m);
    }
});

test("a Go block named by `File: x.go` replaces its function", async () => {
    const original =
        "package calc\n\nfunc Add(a, b int) int {\n\treturn a - b\n}\n\nfunc Sub(a, b int) int {\n\treturn a - b\n}\n";
    const context: PatchContext = { workspace: new MemoryWorkspace({ "calc/calc.go": original }), suspects: [] };
    const answer = `File: calc/calc.go\n${fence("go", "func Add(a, b int) int {\n\treturn a + b\n}")}`;
    const patch = await parseMultiFilePatch(answer, context);
    assert.deepEqual(patch.problems, []);
    assert.equal(patch.files[0]!.patchedText, original.replace("return a - b", "return a + b"));
});

test("a block named in its first comment line is placed in that file without the comment", async () => {
    const answer = `Here is the fix:\n\n${fence("python", "# shop/pricing.py\n" + fixedDiscount)}\n`;
    const patch = await parseMultiFilePatch(answer, shop());
    assert.deepEqual(patch.problems, []);
    assert.deepEqual(patch.forms, ["commentNamedFence"]);
    assert.equal(patch.files[0]!.patchedText, pricing.replace("price * percent\n", "price * percent / 100\n"));
    assert.doesNotMatch(patch.files[0]!.patchedText, /# shop/);
});

test("`// file: x.ts` names a TypeScript block's file", async () => {
    const original = "export function total(xs: number[]): number {\n    return xs.length;\n}\n";
    const context: PatchContext = { workspace: new MemoryWorkspace({ "src/cart.ts": original }), suspects: [] };
    const code =
        "// file: src/cart.ts\nexport function total(xs: number[]): number {\n    return xs.reduce((a, b) => a + b, 0);\n}";
    const patch = await parseMultiFilePatch(fence("ts", code), context);
    assert.deepEqual(patch.problems, []);
    assert.deepEqual(patch.forms, ["commentNamedFence"]);
    assert.match(patch.files[0]!.patchedText, /reduce/);
});

test("one fenced diff of two files with wrong line numbers applies to both, and a /dev/null diff creates a file", async () => {
    const diff = trimIndent(`
        --- a/shop/pricing.py
        +++ b/shop/pricing.py
        @@ -40,2 +40,2 @@
         def apply_discount(price, percent):
        -    return price - price * percent
        +    return price - price * percent / 100
        --- a/shop/cart.py
        +++ b/shop/cart.py
        @@ -1,3 +1,3 @@
             def total(self, percent=0):
        -        return sum(apply_discount(p, percent) for p in self.items)
        +        return round(sum(apply_discount(p, percent) for p in self.items), 2)
        --- /dev/null
        +++ b/shop/money.py
        @@ -0,0 +1,2 @@
        +def cents(value):
        +    return round(value * 100)
    `);
    const patch = await parseMultiFilePatch(`Fix:\n\n${fence("diff", diff)}\n`, shop());
    assert.deepEqual(patch.problems, []);
    assert.deepEqual(patch.forms, ["unifiedDiff"]);
    assert.deepEqual(
        patch.files.map((file) => [file.file, file.created]),
        [
            ["shop/pricing.py", false],
            ["shop/cart.py", false],
            ["shop/money.py", true]
        ]
    );
    assert.equal(patch.files[0]!.patchedText, pricing.replace("price * percent\n", "price * percent / 100\n"));
    assert.match(patch.files[1]!.patchedText, /return round\(sum/);
    assert.equal(patch.files[2]!.patchedText, "def cents(value):\n    return round(value * 100)\n");
    assert.match(patch.diff, /--- \/dev\/null\n\+\+\+ b\/shop\/money\.py\n@@ -0,0 \+1,2 @@\n\+def cents/);
    assert.equal(patch.diff.match(/^--- /gm)!.length, 3);
});

test("a bare diff outside any fence applies, and a diff against a missing file is a problem", async () => {
    const answer =
        "The fix:\n\n--- a/shop/pricing.py\n+++ b/shop/pricing.py\n@@ -1,2 +1,2 @@\n def apply_discount(price, percent):\n-    return price - price * percent\n+    return price - price * percent / 100\n\n" +
        "and\n\n--- a/shop/tax.py\n+++ b/shop/tax.py\n@@ -1 +1 @@\n-RATE = 1\n+RATE = 2\n\nDone.";
    const patch = await parseMultiFilePatch(answer, shop());
    assert.deepEqual(
        patch.files.map((file) => file.file),
        ["shop/pricing.py"]
    );
    assert.deepEqual(patch.problems, ["the diff changes shop/tax.py, which does not exist"]);
});

test("SEARCH/REPLACE blocks: several per file, matched exactly then ignoring whitespace; text not found is a problem", async () => {
    const answer = [
        "shop/pricing.py",
        "```python",
        "<<<<<<< SEARCH",
        "    return price - price * percent",
        "=======",
        "    return price - price * percent / 100",
        ">>>>>>> REPLACE",
        "```",
        "",
        "shop/pricing.py",
        "```python",
        "<<<<<<< SEARCH",
        "def round_price(price):",
        "  return round(price, 2)",
        "=======",
        "def round_price(price):",
        "  return round(price, 1)",
        ">>>>>>> REPLACE",
        "```",
        "",
        "shop/cart.py",
        "```python",
        "<<<<<<< SEARCH",
        "        return total_of(self.items)",
        "=======",
        "        return 0",
        ">>>>>>> REPLACE",
        "```"
    ].join("\n");
    const patch = await parseMultiFilePatch(answer, shop());
    assert.deepEqual(patch.forms, ["searchReplace"]);
    assert.deepEqual(
        patch.files.map((file) => file.file),
        ["shop/pricing.py"]
    );
    assert.equal(
        patch.files[0]!.patchedText,
        pricing.replace("price * percent\n", "price * percent / 100\n").replace("round(price, 2)", "round(price, 1)")
    );
    assert.deepEqual(patch.problems, [
        "a SEARCH/REPLACE block for shop/cart.py was not used: its SEARCH text is not in the file"
    ]);
});

test("a bare function whose name is unique among the suspects replaces it in the suspect's file; an unknown one is a problem", async () => {
    const patch = await parseMultiFilePatch(`Change it to:\n\n${fence("python", fixedDiscount)}`, shop());
    assert.deepEqual(patch.problems, []);
    assert.deepEqual(patch.forms, ["bareFunction"]);
    assert.equal(patch.files[0]!.file, "shop/pricing.py");
    const unknown = await parseMultiFilePatch(fence("python", "def helper(x):\n    return x\n"), shop());
    assert.deepEqual(unknown.files, []);
    assert.deepEqual(unknown.problems, ["a block without a file defines helper, no name unique among the suspects"]);
});

test("a named block that repeats the file replaces the whole file", async () => {
    const whole = pricing
        .replace("price * percent\n", "price * percent / 100\n")
        .replace("round(price, 2)", "round(price, 3)");
    const patch = await parseMultiFilePatch(`In \`shop/pricing.py\`:\n${fence("python", whole)}`, shop());
    assert.deepEqual(patch.problems, []);
    assert.equal(patch.files[0]!.patchedText, whole);
});

test("several blocks editing one file compose; a partly overlapping one is a problem and left out", async () => {
    const answer = [
        "In `shop/pricing.py`:",
        fence("python", fixedDiscount),
        "And in `shop/pricing.py` too:",
        fence("python", "def round_price(price):\n    return round(price, 1)"),
        [
            "shop/pricing.py",
            "<<<<<<< SEARCH",
            "    return price - price * percent",
            "",
            "",
            "def round_price(price):",
            "=======",
            "    return price",
            "",
            "",
            "def round_price(price):",
            ">>>>>>> REPLACE"
        ].join("\n")
    ].join("\n\n");
    const patch = await parseMultiFilePatch(answer, shop());
    assert.deepEqual(patch.files.length, 1);
    assert.equal(
        patch.files[0]!.patchedText,
        pricing.replace("price * percent\n", "price * percent / 100\n").replace("round(price, 2)", "round(price, 1)")
    );
    assert.deepEqual(patch.forms, ["namedFence"]);
    assert.deepEqual(patch.problems, [
        "a SEARCH/REPLACE block for shop/pricing.py overlaps an earlier change of it; it was left out"
    ]);
});

test("a later version of the same function wins (noted), and a whole file after its function agrees with it", async () => {
    const later = "def apply_discount(price, percent):\n    return price * (1 - percent / 100)";
    const twice = await parseMultiFilePatch(
        `In \`shop/pricing.py\`:\n${fence("python", fixedDiscount)}\n\nSimpler:\n\n${fence("python", later)}`,
        shop()
    );
    assert.equal(
        twice.files[0]!.patchedText,
        pricing.replace("price - price * percent\n", "price * (1 - percent / 100)\n")
    );
    assert.deepEqual(twice.problems, [
        "a later bare function for shop/pricing.py rewrites lines an earlier change of it wrote; the later one is used"
    ]);
    const whole = pricing.replace("price * percent\n", "price * percent / 100\n");
    const thenWhole = await parseMultiFilePatch(
        `In \`shop/pricing.py\`:\n${fence("python", fixedDiscount)}\n\nThe whole file:\n\n${fence("python", "# shop/pricing.py\n" + whole)}`,
        shop()
    );
    assert.deepEqual(thenWhole.problems, []);
    assert.equal(thenWhole.files[0]!.patchedText, whole);
});

test("a path without its leading folders names the one file that ends so; a unit that does not parse is left out", async () => {
    const answer = `In \`pricing.py\`:\n${fence("python", `${fixedDiscount}\n\ndef test_broken(:\n    pass`)}`;
    const patch = await parseMultiFilePatch(answer, shop());
    assert.deepEqual(patch.problems, []);
    assert.equal(patch.files[0]!.file, "shop/pricing.py");
    assert.equal(patch.files[0]!.patchedText, pricing.replace("price * percent\n", "price * percent / 100\n"));
});

test("paths leaving the workspace are refused; an absolute path inside it is made relative", async () => {
    const context = shop();
    const outside = await parseMultiFilePatch(
        `In \`../other/pricing.py\`:\n${fence("python", fixedDiscount)}\n\nIn \`/etc/pricing.py\`:\n${fence("python", fixedDiscount)}`,
        context
    );
    assert.deepEqual(outside.files, []);
    assert.deepEqual(outside.problems, [
        "refused ../other/pricing.py: ../other/pricing.py leaves the workspace (`..`)",
        "refused /etc/pricing.py: /etc/pricing.py is an absolute path outside the workspace"
    ]);
    const inside = await parseMultiFilePatch(
        `In \`${context.workspace.root}/shop/pricing.py\`:\n${fence("python", fixedDiscount)}`,
        context
    );
    assert.deepEqual(inside.problems, []);
    assert.equal(inside.files[0]!.file, "shop/pricing.py");
});

test("a changed test file is marked, with the sentence saying why the test is wrong", async () => {
    const answer = [
        "The code is right: a 10% discount of 100 is 90, but the cart rounds to cents.",
        "",
        "The test is wrong: it expects an integer where the cart returns a float.",
        "",
        "In `tests/test_cart.py`:",
        fence(
            "python",
            "def test_total_with_discount():\n    cart = Cart()\n    cart.add(100)\n    assert cart.total(10) == 90.0"
        )
    ].join("\n");
    const patch = await parseMultiFilePatch(answer, shop());
    assert.deepEqual(patch.problems, []);
    assert.equal(patch.files[0]!.file, "tests/test_cart.py");
    assert.equal(patch.files[0]!.isTest, true);
    assert.equal(patch.testChangeReason, "The test is wrong: it expects an integer where the cart returns a float.");
    const codeOnly = await parseMultiFilePatch(`In \`shop/pricing.py\`:\n${fence("python", fixedDiscount)}`, shop());
    assert.equal(codeOnly.testChangeReason, undefined);
});

test("drafts inside the thought do not count", async () => {
    const answer = `<think>\nIn \`shop/cart.py\`:\n${fence("python", "def total(self):\n    return 0")}\n</think>\nIn \`shop/pricing.py\`:\n${fence("python", fixedDiscount)}`;
    const patch = await parseMultiFilePatch(answer, shop());
    assert.deepEqual(
        patch.files.map((file) => file.file),
        ["shop/pricing.py"]
    );
});

test("SEARCH/REPLACE: a path on the fence's first line or with no fence at all, an ambiguous SEARCH, and an empty SEARCH that creates a file", async () => {
    const answer = [
        "```python",
        "shop/pricing.py",
        "<<<<<<< SEARCH",
        "    return price - price * percent",
        "=======",
        "    return price - price * percent / 100",
        ">>>>>>> REPLACE",
        "```",
        "",
        "shop/cart.py",
        "<<<<<<< SEARCH",
        "    def total(self, percent=0):",
        "=======",
        "    def total(self, percent=10):",
        ">>>>>>> REPLACE",
        "",
        "shop/twice.py",
        "<<<<<<< SEARCH",
        "x = 1",
        "=======",
        "x = 2",
        ">>>>>>> REPLACE",
        "",
        "shop/fresh.py",
        "<<<<<<< SEARCH",
        "=======",
        "FRESH = True",
        ">>>>>>> REPLACE"
    ].join("\n");
    const patch = await parseMultiFilePatch(answer, shop({ "shop/twice.py": "x = 1\nx = 1\n" }));
    assert.deepEqual(
        patch.files.map((file) => [file.file, file.created]),
        [
            ["shop/pricing.py", false],
            ["shop/cart.py", false],
            ["shop/fresh.py", true]
        ]
    );
    assert.match(patch.files[1]!.patchedText, /def total\(self, percent=10\):/);
    assert.equal(patch.files[2]!.patchedText, "FRESH = True\n");
    assert.deepEqual(patch.problems, [
        "a SEARCH/REPLACE block for shop/twice.py was not used: its SEARCH text occurs 2 times"
    ]);
});

test("a bare method goes into its class by a suspect's qualified name; a name two suspects' files share is a problem", async () => {
    const method =
        "def total(self, percent=0):\n    return round(sum(apply_discount(p, percent) for p in self.items), 2)";
    const patch = await parseMultiFilePatch(fence("python", method), shop());
    assert.deepEqual(patch.problems, []);
    assert.deepEqual(patch.forms, ["bareFunction"]);
    assert.equal(
        patch.files[0]!.patchedText,
        cart.replace(
            "return sum(apply_discount(p, percent) for p in self.items)",
            "return round(sum(apply_discount(p, percent) for p in self.items), 2)"
        )
    );
    const context = shop({ "shop/legacy.py": pricing });
    const shared = await parseMultiFilePatch(fence("python", fixedDiscount), {
        ...context,
        suspects: [...context.suspects, { file: "shop/legacy.py", name: "apply_discount" }]
    });
    assert.deepEqual(shared.files, []);
    assert.deepEqual(shared.problems, [
        "a block without a file defines apply_discount, no name unique among the suspects"
    ]);
});

test("a named file that does not exist is created only when the prose says it is new", async () => {
    const code = "def cents(value):\n    return round(value * 100)";
    const created = await parseMultiFilePatch(`Add a new file \`shop/money.py\`:\n${fence("python", code)}`, shop());
    assert.deepEqual(created.problems, []);
    assert.deepEqual(
        created.files.map((file) => [file.file, file.created, file.patchedText]),
        [["shop/money.py", true, code + "\n"]]
    );
    const missing = await parseMultiFilePatch(`In \`shop/money.py\`:\n${fence("python", code)}`, shop());
    assert.deepEqual(missing.files, []);
    assert.deepEqual(missing.problems, [
        "the reply names shop/money.py, which does not exist (and it does not say it is new)"
    ]);
});

test("a diff that deletes a file is a problem, and an answer with nothing to apply says so", async () => {
    const deletion = "--- a/shop/cart.py\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-from shop.pricing import apply_discount\n";
    const patch = await parseMultiFilePatch(fence("diff", deletion), shop());
    assert.deepEqual(patch.files, []);
    assert.deepEqual(patch.problems, ["the diff deletes shop/cart.py: deleting files is not supported"]);
    const prose = await parseMultiFilePatch("I could not find the bug.", shop());
    assert.deepEqual(prose.problems, ["the answer changes no file"]);
});

test("a block whose prose names a test file in passing goes to the suspect that defines its function", async () => {
    const answer = `The test in \`tests/test_cart.py\` fails because of this helper:\n${fence("python", fixedDiscount)}`;
    const patch = await parseMultiFilePatch(answer, shop());
    assert.deepEqual(patch.problems, []);
    assert.deepEqual(patch.forms, ["bareFunction"]);
    assert.equal(patch.files[0]!.file, "shop/pricing.py");
});

test("test files by each language's rule: Rust's tests/ and its in-file test module, Go's _test.go, TypeScript's .test.ts", async () => {
    const lib = trimIndent(`
        pub fn add(a: i32, b: i32) -> i32 {
            a - b
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn adds() {
                assert_eq!(add(1, 2), 3);
            }
        }
    `);
    const workspace = new MemoryWorkspace({
        "src/lib.rs": lib,
        "tests/api.rs": "#[test]\nfn api() {\n    assert!(true);\n}\n",
        "calc/calc_test.go": "package calc\n\nfunc TestAdd(t *testing.T) {\n}\n",
        "src/cart.test.ts": "test('x', () => {\n    expect(1).toBe(1);\n});\n"
    });
    const searchReplace = (path: string, search: string, replace: string) =>
        `${path}\n<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE\n`;
    const code = await parseMultiFilePatch(searchReplace("src/lib.rs", "    a - b", "    a + b"), {
        workspace,
        suspects: []
    });
    assert.deepEqual(
        code.files.map((file) => [file.file, file.isTest]),
        [["src/lib.rs", false]]
    );
    const tests = await parseMultiFilePatch(
        [
            searchReplace("src/lib.rs", "assert_eq!(add(1, 2), 3);", "assert_eq!(add(1, 2), -1);"),
            searchReplace("tests/api.rs", "assert!(true);", "assert!(false);"),
            searchReplace("calc/calc_test.go", "func TestAdd(t *testing.T) {", "func TestAdd(t *testing.T) { // x"),
            searchReplace("src/cart.test.ts", "toBe(1)", "toBe(2)")
        ].join("\n"),
        { workspace, suspects: [] }
    );
    assert.deepEqual(tests.problems, []);
    assert.deepEqual(
        tests.files.map((file) => [file.file, file.isTest]),
        [
            ["src/lib.rs", true],
            ["tests/api.rs", true],
            ["calc/calc_test.go", true],
            ["src/cart.test.ts", true]
        ]
    );
});
