// The suite's Python tasks: a cart whose discount helper in another module is wrong, a slug whose whitespace helper
// misses long runs (bug report only), and a report whose median helper picks the wrong middle pair.

import type { RepoTaskSource } from "./RepoTaskSource.js";

const pricingBefore = `def apply_discount(price, percent):
    """The price less \`percent\` per cent of it."""
    return price - percent
`;

const cart: RepoTaskSource = {
    instance_id: "py-cart-discount",
    language: "python",
    problem_statement: "Cart.total(10) on a cart of 200.00 returns 190.0; a 10% discount should give 180.0.",
    files: {
        "conftest.py": "",
        "shop/__init__.py": "",
        "shop/pricing.py": `"""Prices after discounts and tax."""


${pricingBefore}

def with_tax(price, rate):
    """The price plus tax at \`rate\` (0.2 for 20%)."""
    return round(price * (1 + rate), 2)
`,
        "shop/cart.py": `"""A shopping cart."""

from shop.pricing import apply_discount


class Cart:
    def __init__(self):
        self.lines = []

    def add(self, name, price, quantity=1):
        self.lines.append((name, price, quantity))

    def subtotal(self):
        return sum(price * quantity for _, price, quantity in self.lines)

    def total(self, percent_off=0):
        """The subtotal with a discount of \`percent_off\` per cent."""
        return apply_discount(self.subtotal(), percent_off)
`,
        "tests/test_cart.py": `from shop.cart import Cart


def test_total_without_discount():
    cart = Cart()
    cart.add("pen", 2.0, 3)
    assert cart.total() == 6.0


def test_total_with_discount():
    cart = Cart()
    cart.add("book", 100.0, 2)
    assert cart.total(10) == 180.0
`
    },
    hidden: {
        "tests/test_pricing_hidden.py": `from shop.pricing import apply_discount


def test_discount_is_a_share_of_the_price():
    assert apply_discount(80.0, 25) == 60.0


def test_no_discount_keeps_the_price():
    assert apply_discount(80.0, 0) == 80.0
`
    },
    FAIL_TO_PASS: [
        "tests/test_cart.py::test_total_with_discount",
        "tests/test_pricing_hidden.py::test_discount_is_a_share_of_the_price"
    ],
    PASS_TO_PASS: [
        "tests/test_cart.py::test_total_without_discount",
        "tests/test_pricing_hidden.py::test_no_discount_keeps_the_price"
    ],
    failing_tests: ["tests/test_cart.py::test_total_with_discount"],
    fixes: [
        {
            file: "shop/pricing.py",
            function: "apply_discount",
            before: pricingBefore,
            after: pricingBefore.replace("return price - percent", "return price * (100 - percent) / 100")
        }
    ]
};

const collapseBefore = `def collapse_spaces(text):
    """Runs of spaces become one space."""
    return text.replace("  ", " ")
`;

const slug: RepoTaskSource = {
    instance_id: "py-slug-spaces",
    language: "python",
    problem_statement:
        "slugify('Hello    World') returns 'hello--world' instead of 'hello-world': titles with several spaces " +
        "between words get doubled hyphens.",
    files: {
        "conftest.py": "",
        "text/__init__.py": "",
        "text/normalize.py": `"""Whitespace and punctuation clean-up."""


${collapseBefore}

def strip_punctuation(text):
    """Letters, digits and spaces only."""
    return "".join(ch for ch in text if ch.isalnum() or ch == " ")
`,
        "text/slugs.py": `"""URL slugs from titles."""

from text.normalize import collapse_spaces, strip_punctuation


def slugify(title):
    """A URL slug: lower case, words joined by hyphens."""
    cleaned = collapse_spaces(strip_punctuation(title.strip().lower()))
    return cleaned.replace(" ", "-")
`,
        "tests/test_slugs.py": `from text.slugs import slugify


def test_simple_title():
    assert slugify("Hello World") == "hello-world"
`
    },
    hidden: {
        "tests/test_slugs_hidden.py": `from text.slugs import slugify


def test_many_spaces():
    assert slugify("Hello    World") == "hello-world"


def test_three_spaces():
    assert slugify("a   b") == "a-b"


def test_punctuation():
    assert slugify("Hi, there!") == "hi-there"
`
    },
    FAIL_TO_PASS: ["tests/test_slugs_hidden.py::test_many_spaces", "tests/test_slugs_hidden.py::test_three_spaces"],
    PASS_TO_PASS: ["tests/test_slugs.py::test_simple_title", "tests/test_slugs_hidden.py::test_punctuation"],
    fixes: [
        {
            file: "text/normalize.py",
            function: "collapse_spaces",
            before: collapseBefore,
            after: collapseBefore.replace(
                '    return text.replace("  ", " ")',
                '    while "  " in text:\n        text = text.replace("  ", " ")\n    return text'
            )
        }
    ]
};

const medianBefore = `def median(values):
    """The middle value; the mean of the two middle values for an even count."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2 == 1:
        return ordered[middle]
    return (ordered[middle] + ordered[middle + 1]) / 2
`;

const median: RepoTaskSource = {
    instance_id: "py-report-median",
    language: "python",
    problem_statement: "summary([4, 1, 3, 2]) reports a median of 3.5; the median of 1, 2, 3, 4 is 2.5.",
    files: {
        "conftest.py": "",
        "stats/__init__.py": "",
        "stats/order.py": `"""Order statistics."""


${medianBefore}

def spread(values):
    """The largest value less the smallest."""
    return max(values) - min(values)
`,
        "stats/report.py": `"""A summary of numbers."""

from stats.order import median


def summary(values):
    """Smallest, middle and largest of the values."""
    return {"min": min(values), "median": median(values), "max": max(values)}
`,
        "tests/test_report.py": `from stats.report import summary


def test_summary_odd():
    assert summary([3, 1, 2])["median"] == 2


def test_summary_even():
    assert summary([4, 1, 3, 2])["median"] == 2.5
`
    },
    hidden: {
        "tests/test_order_hidden.py": `from stats.order import median


def test_even_median():
    assert median([10, 20]) == 15


def test_odd_median():
    assert median([5, 9, 7]) == 7
`
    },
    FAIL_TO_PASS: ["tests/test_report.py::test_summary_even", "tests/test_order_hidden.py::test_even_median"],
    PASS_TO_PASS: ["tests/test_report.py::test_summary_odd", "tests/test_order_hidden.py::test_odd_median"],
    failing_tests: ["tests/test_report.py::test_summary_even"],
    fixes: [
        {
            file: "stats/order.py",
            function: "median",
            before: medianBefore,
            after: medianBefore.replace(
                "(ordered[middle] + ordered[middle + 1])",
                "(ordered[middle - 1] + ordered[middle])"
            )
        }
    ]
};

export const pythonRepoTasks: RepoTaskSource[] = [cart, slug, median];
