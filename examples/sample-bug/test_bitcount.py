from bitcount import bitcount


def test_zero():
    assert bitcount(0) == 0


def test_five_has_two_bits():
    assert bitcount(5) == 2
