// The scripted model's reply that fixes the README's sample bug (examples/sample-bug/bitcount.py, whose XOR update
// hangs): a thought, the corrected function and a test that reproduces the hang.

export const bitcountFix =
    "<think>\nThe update uses XOR, so n never reaches zero. Clearing the lowest set bit needs AND.\n</think>\n\n" +
    '```python\ndef bitcount(n):\n    """Return the number of 1 bits in the binary form of a non-negative integer n."""\n    count = 0\n    while n:\n        n &= n - 1\n        count += 1\n    return count\n```\n\n' +
    "```python\nfrom bitcount import bitcount\n\n\ndef test_three_has_two_bits():\n    assert bitcount(3) == 2\n```\n";

/**
 * A hostile reply: a wrong fix (it shifts by two, so 3 has one bit) whose changed line carries terminal escapes that
 * would erase that line from the printed diff (erase line, cursor up, set title, bell).
 */
export const bitcountHostileFix =
    "<think>\nShift instead.\n</think>\n\n" +
    '```python\ndef bitcount(n):\n    """Return the number of 1 bits in the binary form of a non-negative integer n."""\n    count = 0\n    while n:\n' +
    "        n >>= 2  # \x1b[2K\x1b[1A\x1b]0;title\x07\n        count += 1\n    return count\n```\n\n" +
    "```python\nfrom bitcount import bitcount\n\n\ndef test_three_has_two_bits():\n    assert bitcount(3) == 2\n```\n";
