// Scripted R1-style replies for the fix verdict's end-to-end tests on the `sum_to` fixture (test/fixtures/fix/sum-to):
// confidently wrong fixes whose tests are true but weak, the real fix, and a right fix that brings one wrong test.

const think = (text: string) => `<think>\n${text}\n</think>\n\n`;
const py = (code: string) => "```python\n" + code.trim() + "\n```\n";

export const verdictReplies = {
    /** Right for n ≤ 3 only; its test (3 → 6) is true. */
    wrongSmallTable:
        think("Small inputs are wrong, so a table fixes them.") +
        py(`
def sum_to(n):
    """Return 1 + 2 + ... + n."""
    if n <= 3:
        return [0, 1, 3, 6][n]
    total = 0
    for i in range(n):
        total += i
    return total
`) +
        "\n" +
        py(`
from series import sum_to


def test_three():
    assert sum_to(3) == 6
`),
    /** Right for n ≤ 5 only; its tests (1 → 1, 2 → 3) are true. */
    wrongCutoff:
        think("Gauss's formula, but large n overflow, so cut them off.") +
        py(`
def sum_to(n):
    """Return 1 + 2 + ... + n."""
    if n > 5:
        return 0
    return n * (n + 1) // 2
`) +
        "\n" +
        py(`
from series import sum_to


def test_one():
    assert sum_to(1) == 1


def test_two():
    assert sum_to(2) == 3
`),
    /** Right for n ≤ 5 only, like `wrongCutoff`; its true test (4 → 10) eliminates `wrongSmallTable`, whose test it passes. */
    wrongCutoffTestingFour:
        think("Gauss's formula, but large n overflow; four is the case to check.") +
        py(`
def sum_to(n):
    """Return 1 + 2 + ... + n."""
    if n > 5:
        return 0
    return n * (n + 1) // 2
`) +
        "\n" +
        py(`
from series import sum_to


def test_four():
    assert sum_to(4) == 10
`),
    /** A right fix by the formula, with one true test and one wrong one (3 → 7). */
    rightWithWrongTest:
        think("Gauss's formula is exact.") +
        py(`
def sum_to(n):
    """Return 1 + 2 + ... + n."""
    return n * (n + 1) // 2
`) +
        "\n" +
        py(`
from series import sum_to


def test_four():
    assert sum_to(4) == 10


def test_three_is_seven():
    assert sum_to(3) == 7
`),
    /** Another right fix, with a true test of its own. */
    rightBySum:
        think("Sum the range from 1 to n inclusive.") +
        py(`
def sum_to(n):
    """Return 1 + 2 + ... + n."""
    return sum(range(1, n + 1))
`) +
        "\n" +
        py(`
from series import sum_to


def test_five():
    assert sum_to(5) == 15
`),
    /** A tests-only reply: two true tests and no patch. */
    testsOnly:
        think("The sum of 1..n is n(n+1)/2.") +
        py(`
from series import sum_to


def test_sum_to_six():
    assert sum_to(6) == 21


def test_sum_to_two():
    assert sum_to(2) == 3
`)
};
