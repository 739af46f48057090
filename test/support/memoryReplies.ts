// Scripted R1-style replies for the solution-memory tests on test/fixtures/memory: the verified fix of the
// first bug (sum_to) and of a second, similar one (sum_squares) in another function with other names.

const think = (text: string) => `<think>\n${text}\n</think>\n\n`;
const py = (code: string) => "```python\n" + code.trim() + "\n```\n";

export const memoryReplies = {
    sumToFix:
        think("range(n) starts at 0 and stops before n, so n is never added.") +
        py(`
def sum_to(n):
    """Return 1 + 2 + ... + n."""
    total = 0
    for i in range(1, n + 1):
        total += i
    return total
`) +
        "\n" +
        py(`
from series import sum_to


def test_sum_to_three():
    assert sum_to(3) == 6
`),
    sumSquaresFix:
        think("Like the earlier fix: the range must run from 1 to count inclusive.") +
        py(`
def sum_squares(count):
    """Return 1*1 + 2*2 + ... + count*count."""
    result = 0
    for k in range(1, count + 1):
        result += k * k
    return result
`) +
        "\n" +
        py(`
from squares import sum_squares


def test_sum_squares_two():
    assert sum_squares(2) == 5
`)
};
