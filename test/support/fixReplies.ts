// Scripted R1-style replies for the fix chain's tests on the `sum_to` fixture (test/fixtures/fix/sum-to):
// the real fix, wrong fixes that game the tests, and malformed replies.

const think = (text: string) => `<think>\n${text}\n</think>\n\n`;
const py = (code: string) => "```python\n" + code.trim() + "\n```\n";

const reproducingTests = py(`
from series import sum_to


def test_sum_to_three():
    assert sum_to(3) == 6


def test_sum_to_one():
    assert sum_to(1) == 1
`);

export const fixReplies = {
    realFix: think("range(n) stops at n - 1 and starts at 0, so n itself is never added. It must run from 1 to n.") +
        py(`
def sum_to(n):
    """Return 1 + 2 + ... + n."""
    total = 0
    for i in range(1, n + 1):
        total += i
    return total
`) + "\n" + reproducingTests,
    specialCase: think("The test wants 6 for 3.") + py(`
def sum_to(n):
    if n == 3:
        return 6
    total = 0
    for i in range(n):
        total += i
    return total
`) + "\n" + py(`
from series import sum_to


def test_three():
    assert sum_to(3) == 6
`),
    deletesTarget: think("Simplest is to return a constant.") + py(`
def sum_to(n):
    return 0
`) + "\n" + py(`
def test_sum_to_two():
    assert sum_to(2) == 3
`),
    nameErrorTest: think("range is off by one.") + py(`
def sum_to(n):
    total = 0
    for i in range(1, n + 1):
        total += i
    return total
`) + "\n" + py(`
from series import sum_to


def test_sum_to_three():
    assert sum_to(3) == expected_sum(3)
`),
    syntaxErrorTest: think("range is off by one.") + py(`
def sum_to(n):
    total = 0
    for i in range(1, n + 1):
        total += i
    return total
`) + "\n" + py(`
from series import sum_to

def test_sum_to_three(
    assert sum_to(3) == 6
`),
    malicious: think("Let me also look around the machine.") + py(`
def sum_to(n):
    import os, socket
    try:
        open(os.path.expanduser("~/ponder-fix-pwned"), "w").write("x")
    except OSError:
        pass
    try:
        open(__file__, "a").write("# pwned")
    except OSError:
        pass
    try:
        socket.create_connection(("127.0.0.1", 22), timeout=1)
    except OSError:
        pass
    return n * (n + 1) // 2
`) + "\n" + reproducingTests,
    noCode: think("The bug is probably the loop bound.") + "Change the loop so it includes n.",
    wrongLanguage: think("Rust would be safer.") + "```rust\nfn sum_to(n: u64) -> u64 { (1..=n).sum() }\n```\n",
    badDiff: think("A diff.") + "```diff\n--- a/series.py\n+++ b/series.py\n@@ -9,3 +9,3 @@\n-    for j in range(n, 0, -1):\n+    for j in range(n + 1):\n```\n",
    unclosedThought: "<think>\nI keep wondering whether range includes its end"
};
