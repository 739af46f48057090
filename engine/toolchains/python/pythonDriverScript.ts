// The Python program Ponder writes into scratch to run a project's tests: pytest or unittest under a time limit
// per test, with coverage.py when asked, writing a JUnit XML report (pytest's own writer for pytest, a small
// one here for unittest) and the id of each test as it starts (so a run killed mid-test still names it).

export const pythonDriverScript = String.raw`"""Ponder's test driver. Usage: ponder_tests.py RUNNER JUNIT STARTED TIMEOUT_S COVERAGE_JSON|- [TARGET...]"""
import inspect
import os
import signal
import sys
import time
import traceback
import unittest
import xml.etree.ElementTree as ET

runner, junit_path, started_path, timeout_text, coverage_path, *targets = sys.argv[1:]
# As under "python -m pytest": the project root is importable, Ponder's own folder is not.
sys.path[0] = os.getcwd()
test_timeout = float(timeout_text)
started_log = open(started_path, "a", buffering=1, encoding="utf-8")


class PonderTestTimeout(BaseException):
    """Raised in a test that ran past its time; a BaseException so 'except Exception' in the test cannot swallow it."""


def on_alarm(signum, frame):
    raise PonderTestTimeout("the test ran longer than %g s" % test_timeout)


def arm():
    signal.setitimer(signal.ITIMER_REAL, test_timeout)


def disarm():
    signal.setitimer(signal.ITIMER_REAL, 0)


signal.signal(signal.SIGALRM, on_alarm)


def run_pytest():
    import pytest

    class PonderTimeoutPlugin:
        @pytest.hookimpl(hookwrapper=True)
        def pytest_runtest_protocol(self, item, nextitem):
            started_log.write(item.nodeid + "\n")
            yield

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

    args = ["-p", "no:cacheprovider", "-q", "--junitxml=" + junit_path, "-o", "junit_family=xunit1"] + targets
    return int(pytest.main(args, plugins=[PonderTimeoutPlugin()]))


def relative_file(test):
    try:
        path = inspect.getsourcefile(type(test))
    except TypeError:
        return None
    if not path:
        return None
    path = os.path.relpath(path)
    return None if path.startswith("..") else path.replace(os.sep, "/")


class JUnitResult(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.cases = []
        self.current = None

    def startTest(self, test):
        super().startTest(test)
        started_log.write(test.id() + "\n")
        self.current = {"test": test, "start": time.perf_counter(), "problem": None}
        arm()

    def stopTest(self, test):
        disarm()
        super().stopTest(test)
        if self.current is not None:
            self.current["time"] = time.perf_counter() - self.current["start"]
            self.cases.append(self.current)
        self.current = None

    def _record(self, test, kind, message, text):
        case = self.current if self.current is not None and self.current["test"] is test else None
        if case is None:
            case = {"test": test, "start": time.perf_counter(), "time": 0.0, "problem": None}
            self.cases.append(case)
        if case["problem"] is None:
            case["problem"] = (kind, message, text)

    def addError(self, test, err):
        super().addError(test, err)
        self._record(test, "error", "%s: %s" % (err[0].__name__, err[1]), "".join(traceback.format_exception(*err)))

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._record(test, "failure", "%s: %s" % (err[0].__name__, err[1]), "".join(traceback.format_exception(*err)))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._record(test, "skipped", reason, "")

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._record(test, "skipped", "expected failure", "")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._record(test, "failure", "unexpected success of a test marked expectedFailure", "")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            kind = "failure" if issubclass(err[0], test.failureException) else "error"
            self._record(test, kind, "%s %s: %s" % (subtest._subDescription(), err[0].__name__, err[1]),
                         "".join(traceback.format_exception(*err)))


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
    result = JUnitResult()
    unittest_suite().run(result)
    root = ET.Element("testsuites")
    suite = ET.SubElement(root, "testsuite", name="unittest", tests=str(len(result.cases)))
    for case in result.cases:
        test = case["test"]
        test_id = test.id()
        classname, _, name = test_id.rpartition(".")
        path = relative_file(test)
        if type(test).__name__ == "_FailedTest":
            # A module that failed to import: reported like pytest's collection errors, by the module's file.
            module = test._testMethodName
            candidate = module.replace(".", "/") + ".py"
            classname, name, path = "", module, candidate if os.path.exists(candidate) else None
        attributes = {"classname": classname, "name": name, "time": "%.6f" % case["time"]}
        if path:
            attributes["file"] = path
        element = ET.SubElement(suite, "testcase", attributes)
        if case["problem"]:
            kind, message, text = case["problem"]
            problem = ET.SubElement(element, kind, message=str(message))
            problem.text = text
    ET.ElementTree(root).write(junit_path, encoding="utf-8", xml_declaration=True)
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
        coverage.json_report(outfile=coverage_path, pretty_print=False)
sys.exit(status)
`;
