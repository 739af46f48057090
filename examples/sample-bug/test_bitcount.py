from bitcount import bitcount


def test_zero():
    assert bitcount(0) == 0
