// A small Python shop whose bug sits in a helper of another module: `tests/test_cart.py::test_total` calls
// `shop/cart.py`'s `total`, which divides by zero in `shop/pricing.py`'s `unit_price`. Shared by the localisation tests.

export const shopFiles: Record<string, string> = {
    "shop/__init__.py": "",
    "shop/pricing.py": [
        "def unit_price(item):",
        "    return item.price / item.quantity",
        "",
        "",
        "def rounded(amount):",
        "    return round(amount, 2)",
        ""
    ].join("\n"),
    "shop/cart.py": [
        "from shop.pricing import unit_price, rounded",
        "",
        "",
        "def total(items):",
        "    if not items:",
        "        return 0",
        "    return rounded(sum(unit_price(item) for item in items))",
        "",
        "",
        "def count(items):",
        "    return len(items)",
        ""
    ].join("\n"),
    "tests/test_cart.py": [
        "from shop.cart import total, count",
        "from tests.helpers import Item",
        "",
        "",
        "def test_total():",
        "    assert total([Item(2, 0)]) == 2",
        "",
        "",
        "def test_total_empty():",
        "    assert total([]) == 0",
        "",
        "",
        "def test_count():",
        "    assert count([]) == 0",
        ""
    ].join("\n"),
    "tests/helpers.py": [
        "class Item:",
        "    def __init__(self, price, quantity):",
        "        self.price = price",
        "        self.quantity = quantity",
        ""
    ].join("\n")
};

/** pytest's long report of test_total: the test, total's generator expression, then unit_price's division. */
export const totalTraceback = [
    "ZeroDivisionError: division by zero",
    "",
    "    def test_total():",
    ">       assert total([Item(2, 0)]) == 2",
    "",
    "tests/test_cart.py:6: ",
    "_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _",
    "shop/cart.py:7: in total",
    "    return rounded(sum(unit_price(item) for item in items))",
    "shop/cart.py:7: in <genexpr>",
    "    return rounded(sum(unit_price(item) for item in items))",
    "_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _",
    "",
    "/sandbox/work/shop/pricing.py:2: ZeroDivisionError"
].join("\n");
