// The Python program Ponder runs (`python3 -c`, so no file of scratch holds it) to run a project's tests: pytest
// or unittest, a soft time limit per test, coverage.py when asked, and every event (the tests found in the source
// before any project code loads, the tests collected, each start and result) reported as "KEY JSON" lines on the
// run's channel. The key arrives on stdin, the channel is a pipe Ponder opened: neither is a file the tests can write.

export const pythonDriverScript = String.raw`"""Ponder's test driver: python3 -c DRIVER RUNNER TIMEOUT_S COVERAGE_JSON|- [TARGET...]"""
import sys
# -c puts the working folder first: nothing of scratch may load before the key is read and the channel is open.
if sys.path and sys.path[0] in ("", "."):
    del sys.path[0]
import ast
import fcntl
import json
import os
import random
import signal
import time
import traceback


def _open_channel():
    key = sys.stdin.readline().strip()
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    sys.stdin = open(os.devnull, encoding="utf-8")
    # Moved to a random high descriptor, closed on exec: subprocesses of the tests do not inherit it.
    fd = fcntl.fcntl(5, fcntl.F_DUPFD_CLOEXEC, random.SystemRandom().randrange(300, 900))
    os.close(5)

    def send(event, **fields):
        fields["event"] = event
        data = (key + " " + json.dumps(fields) + "\n").encode("utf-8", "replace")
        while data:
            data = data[os.write(fd, data):]
    return send


send = _open_channel()
del _open_channel
runner, timeout_text, coverage_path, *targets = sys.argv[1:]
# "contexts:PATH": each test's lines too, as coverage.py's dynamic contexts named by the test's id.
by_test = coverage_path.startswith("contexts:")
coverage_path = coverage_path[len("contexts:"):] if by_test else coverage_path


def test_context(test_id):
    if by_test and coverage is not None:
        coverage.switch_context(test_id)
test_timeout = float(timeout_text)


def statically_found(paths):
    """Test functions and methods read from the source, before any of it runs: each must report."""
    found = []
    for target in paths:
        path = target.partition("::")[0]
        if not path.endswith(".py") or path in [seen.partition("::")[0] for seen in paths[:paths.index(target)]]:
            continue
        try:
            with open(path, encoding="utf-8") as source:
                tree = ast.parse(source.read())
        except Exception:
            continue
        for node in tree.body:
            fixture = any("fixture" in ast.dump(decorator) for decorator in getattr(node, "decorator_list", []))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test") and runner == "pytest" and not fixture:
                found.append(path + "::" + node.name)
            elif isinstance(node, ast.ClassDef):
                bases = [getattr(base, "id", getattr(base, "attr", "")) for base in node.bases]
                case = any(name.endswith("TestCase") for name in bases)
                methods = [item.name for item in node.body if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))]
                if not case and (runner != "pytest" or not node.name.startswith("Test") or "__init__" in methods):
                    continue
                found.extend(path + "::" + node.name + "::" + name for name in methods if name.startswith("test"))
    def wanted(test):
        for target in paths:
            path, _, rest = target.partition("::")
            if path != test.partition("::")[0]:
                continue
            if not rest or test == target or test.startswith(target + "::") or target.startswith(test + "["):
                return True
        return False
    return [test for test in found if wanted(test)]


send("expected", tests=statically_found(targets))
# As under "python -m pytest": the project root is importable.
sys.path.insert(0, os.getcwd())


class PonderTestTimeout(BaseException):
    """The soft limit: a test past its time gets this; one that swallows it is killed from outside the process."""


def on_alarm(signum, frame):
    raise PonderTestTimeout("the test ran longer than %g s" % test_timeout)


def arm():
    signal.setitimer(signal.ITIMER_REAL, test_timeout)


def disarm():
    signal.setitimer(signal.ITIMER_REAL, 0)


signal.signal(signal.SIGALRM, on_alarm)

_builtin_types = (int, float, complex, bool, str, bytes, bytearray, list, tuple, dict, set, frozenset, type(None))
_stdlib = set(getattr(sys, "stdlib_module_names", ())) | {"builtins"}


def dishonest(value, seen=None):
    """A value whose equality the tested code may have rewritten: a built-in type's subclass overriding __eq__
    outside the standard library, or a built-in container holding one. Returns the reason, or None."""
    kind = type(value)
    if kind in _builtin_types:
        if kind in (list, tuple, set, frozenset, dict):
            seen = seen if seen is not None else set()
            if id(value) in seen:
                return None
            seen.add(id(value))
            items = list(value.items()) if kind is dict else value
            for item in items:
                for part in (item if kind is dict else (item,)):
                    reason = dishonest(part, seen)
                    if reason:
                        return reason
        return None
    if not isinstance(value, _builtin_types):
        return None
    for klass in kind.__mro__:
        if klass in _builtin_types:
            break
        if (klass.__module__ or "").split(".")[0] in _stdlib:
            continue
        if any(name in vars(klass) for name in ("__eq__", "__ne__", "__hash__", "__bool__")):
            return "%s (a subclass of %s that redefines equality)" % (kind.__qualname__, klass.__mro__[-2].__name__)
    return None


def strict_equal(left, right):
    """== for assertions: plain equality, except that a built-in value never equals one whose equality the tested
    code redefined, and a built-in value never equals an object of a class of its own."""
    if dishonest(left) or dishonest(right):
        return False
    left_builtin, right_builtin = isinstance(left, _builtin_types), isinstance(right, _builtin_types)
    if left_builtin != right_builtin:
        return False
    return bool(left == right)


def strict_not_equal(left, right):
    return not strict_equal(left, right)


class _StrictModule:
    equal = staticmethod(strict_equal)
    not_equal = staticmethod(strict_not_equal)


sys.modules["@ponder_strict"] = _StrictModule


def strict_asserts(tree):
    """pytest turns 'assert a == b' into a comparison of two temporaries (@py_assertN); those comparisons become
    strict ones. pytest's message and diff stay, made from the same values."""
    class Strict(ast.NodeTransformer):
        def visit_Compare(self, node):
            self.generic_visit(node)
            operands = [node.left] + node.comparators
            if len(node.ops) != 1 or not all(isinstance(part, ast.Name) and part.id.startswith("@py_assert") for part in operands):
                return node
            name = {ast.Eq: "equal", ast.NotEq: "not_equal"}.get(type(node.ops[0]))
            if name is None:
                return node
            module = ast.copy_location(ast.Name("@ponder_strict_module", ast.Load()), node)
            function = ast.copy_location(ast.Attribute(module, name, ast.Load()), node)
            return ast.copy_location(ast.Call(function, [node.left, node.comparators[0]], []), node)
    Strict().visit(tree)
    position = 0
    for position, statement in enumerate(tree.body):
        docstring = position == 0 and isinstance(statement, ast.Expr) and isinstance(getattr(statement, "value", None), ast.Constant)
        future = isinstance(statement, ast.ImportFrom) and statement.module == "__future__"
        if not (docstring or future):
            break
    else:
        position = len(tree.body)
    line = tree.body[position].lineno if position < len(tree.body) else 1
    where = {"lineno": line, "col_offset": 0, "end_lineno": line, "end_col_offset": 0}
    tree.body.insert(position, ast.Import([ast.alias("@ponder_strict", "@ponder_strict_module", **where)], **where))


def failure_text(report):
    crash = getattr(getattr(report, "longrepr", None), "reprcrash", None)
    text = getattr(report, "longreprtext", "") or ""
    if isinstance(report.longrepr, tuple):
        text = str(report.longrepr[2])
    return "\n\n".join(part for part in [getattr(crash, "message", None), text.strip()] if part)[-16000:] or None


def run_pytest():
    import pytest
    from _pytest.assertion import rewrite

    original_rewrite = rewrite.rewrite_asserts

    def rewrite_strictly(mod, *args, **kwargs):
        original_rewrite(mod, *args, **kwargs)
        strict_asserts(mod)
    rewrite.rewrite_asserts = rewrite_strictly

    class PonderPlugin:
        def __init__(self):
            self.reports = {}

        def pytest_collection_finish(self, session):
            send("collected", ids=[item.nodeid for item in session.items])

        def pytest_collectreport(self, report):
            if report.failed:
                send("result", id=report.nodeid, name=report.nodeid.split("/")[-1], file=report.nodeid.split("::")[0],
                     outcome="error", message=failure_text(report))

        def pytest_assertrepr_compare(self, config, op, left, right):
            reasons = [reason for reason in (dishonest(left), dishonest(right)) if reason]
            if op in ("==", "!=") and (reasons or isinstance(left, _builtin_types) != isinstance(right, _builtin_types)):
                return ["%r %s %r" % (left, op, right),
                        "Ponder compares built-in values strictly: " + (", ".join(reasons) or "%s is not %s" % (type(left).__name__, type(right).__name__))]
            return None

        @pytest.hookimpl(hookwrapper=True)
        def pytest_runtest_protocol(self, item, nextitem):
            send("start", id=item.nodeid)
            test_context(item.nodeid)
            started = time.perf_counter()
            yield
            reports = self.reports.pop(item.nodeid, [])
            outcome, message = "passed", None
            for report in reports:
                if report.failed:
                    text = failure_text(report) or ""
                    outcome = "timedOut" if "PonderTestTimeout" in text else "failed" if report.when == "call" else "error"
                    message = text
                    break
                if report.skipped and outcome == "passed":
                    outcome = "skipped"
                    message = str(report.longrepr[2]) if isinstance(report.longrepr, tuple) else getattr(report, "wasxfail", None)
            send("result", id=item.nodeid, name=item.name, file=item.nodeid.split("::")[0], outcome=outcome, message=message,
                 durationMs=(time.perf_counter() - started) * 1000)

        def pytest_runtest_logreport(self, report):
            self.reports.setdefault(report.nodeid, []).append(report)

        def _phase():
            @pytest.hookimpl(hookwrapper=True)
            def hook(self, item):
                arm()
                try:
                    yield
                finally:
                    disarm()
            return hook

        pytest_runtest_setup = _phase()
        pytest_runtest_call = _phase()
        pytest_runtest_teardown = _phase()

    args = ["-p", "no:cacheprovider", "-q"] + targets
    return int(pytest.main(args, plugins=[PonderPlugin()]))


import inspect
import unittest


def relative_file(test):
    try:
        path = inspect.getsourcefile(type(test))
    except TypeError:
        return None
    if not path:
        return None
    path = os.path.relpath(path)
    return None if path.startswith("..") else path.replace(os.sep, "/")


def unittest_id(test):
    if type(test).__name__ == "_FailedTest":
        # A module that failed to import: named by its file, as pytest names a collection error.
        module = test._testMethodName
        candidate = module.replace(".", "/") + ".py"
        return (candidate if os.path.exists(candidate) else module), module, candidate if os.path.exists(candidate) else None
    path = relative_file(test)
    method = test.id().rpartition(".")[2]
    if not path:
        return test.id(), method, None
    return "::".join([path] + type(test).__qualname__.split(".") + [method]), method, path


class ChannelResult(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.current = None

    def startTest(self, test):
        super().startTest(test)
        test_id, name, path = unittest_id(test)
        send("start", id=test_id)
        test_context(test_id)
        self.current = {"id": test_id, "name": name, "file": path, "start": time.perf_counter(), "problem": None, "test": test}
        arm()

    def stopTest(self, test):
        disarm()
        super().stopTest(test)
        if self.current is not None:
            self._send(self.current)
        self.current = None

    def _send(self, case):
        outcome, message = case["problem"] or ("passed", None)
        fields = {"id": case["id"], "name": case["name"], "outcome": outcome, "message": message,
                  "durationMs": (time.perf_counter() - case["start"]) * 1000}
        if case["file"]:
            fields["file"] = case["file"]
        send("result", **fields)

    def _record(self, test, kind, message):
        if self.current is not None and self.current["test"] is test:
            if self.current["problem"] is None:
                self.current["problem"] = (kind, message)
            return
        test_id, name, path = unittest_id(test)
        self._send({"id": test_id, "name": name, "file": path, "start": time.perf_counter(), "problem": (kind, message)})

    def _describe(self, err):
        text = "".join(traceback.format_exception(*err))
        kind = "timedOut" if issubclass(err[0], PonderTestTimeout) else None
        return kind, "%s: %s\n\n%s" % (err[0].__name__, err[1], text)

    def addError(self, test, err):
        super().addError(test, err)
        kind, message = self._describe(err)
        self._record(test, kind or "error", message)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        kind, message = self._describe(err)
        self._record(test, kind or "failed", message)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._record(test, "skipped", reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._record(test, "skipped", "expected failure")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._record(test, "failed", "unexpected success of a test marked expectedFailure")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            kind, message = self._describe(err)
            self._record(test, kind or ("failed" if issubclass(err[0], test.failureException) else "error"),
                         "%s %s" % (subtest._subDescription(), message))


def strict_unittest():
    """assertEqual and assertNotEqual compare as pytest's asserts do under Ponder: strictly for built-in values."""
    original_equal, original_not_equal = unittest.TestCase.assertEqual, unittest.TestCase.assertNotEqual

    def assert_equal(self, first, second, msg=None):
        if not strict_equal(first, second):
            reasons = [reason for reason in (dishonest(first), dishonest(second)) if reason]
            raise self.failureException(self._formatMessage(msg, "%r != %r (Ponder compares built-in values strictly%s)" % (
                first, second, ": " + ", ".join(reasons) if reasons else "")))
        original_equal(self, first, second, msg)

    def assert_not_equal(self, first, second, msg=None):
        if strict_equal(first, second):
            original_not_equal(self, first, second, msg)
    unittest.TestCase.assertEqual = assert_equal
    unittest.TestCase.assertNotEqual = assert_not_equal
    unittest.TestCase.assertEquals = assert_equal


def unittest_suite():
    loader = unittest.TestLoader()
    if not targets:
        suite = unittest.TestSuite()
        seen = set()
        for pattern in ("test*.py", "*_test.py"):
            for test in iterate(loader.discover(".", pattern=pattern, top_level_dir=".")):
                if test.id() not in seen:
                    seen.add(test.id())
                    suite.addTest(test)
        return suite
    names = []
    for target in targets:
        if target.endswith(".py") or "::" in target:
            path, _, rest = target.partition("::")
            names.append(".".join([path[:-3].replace("/", ".")] + [part for part in rest.split("::") if part]))
        else:
            names.append(target)
    return loader.loadTestsFromNames(names)


def iterate(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from iterate(item)
        else:
            yield item


def run_unittest():
    strict_unittest()
    suite = unittest_suite()
    tests = list(iterate(suite))
    send("collected", ids=[unittest_id(test)[0] for test in tests])
    result = ChannelResult()
    unittest.TestSuite(tests).run(result)
    return 0 if result.wasSuccessful() else 1


coverage = None
if coverage_path != "-":
    try:
        import coverage as coverage_module
    except ImportError:
        print("PONDER: coverage.py is not installed", file=sys.stderr)
    else:
        here = os.getcwd()
        coverage = coverage_module.Coverage(data_file=None, config_file=False, source=[here],
                                            omit=[os.path.join(here, ".ponder-run", "*")])
        coverage.start()

try:
    status = run_pytest() if runner == "pytest" else run_unittest()
finally:
    if coverage is not None:
        coverage.stop()
        coverage.json_report(outfile=coverage_path, pretty_print=False, show_contexts=by_test)
send("done", status=status)
sys.exit(status)
`;
