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

test("several blocks editing one file compose; an overlapping one is a problem and left out", async () => {
    const answer = [
        "In `shop/pricing.py`:",
        fence("python", fixedDiscount),
        "And in `shop/pricing.py` too:",
        fence("python", "def round_price(price):\n    return round(price, 1)"),
        "Or in `shop/pricing.py`:",
        fence("python", "def apply_discount(price, percent):\n    return price * (1 - percent / 100)")
    ].join("\n\n");
    const patch = await parseMultiFilePatch(answer, shop());
    assert.equal(
        patch.files[0]!.patchedText,
        pricing.replace("price * percent\n", "price * percent / 100\n").replace("round(price, 2)", "round(price, 1)")
    );
    assert.deepEqual(patch.problems, [
        "a block named before its fence for shop/pricing.py overlaps an earlier change of it; it was left out"
    ]);
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
