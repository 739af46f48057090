// Scripted R1-style replies for the fix chain's tests on the `sum_to` fixture (test/fixtures/fix/sum-to):
// the real fix, wrong fixes that game the tests, malformed replies, and a hostile patch that reports its attacks.

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
    realFix:
        think("range(n) stops at n - 1 and starts at 0, so n itself is never added. It must run from 1 to n.") +
        py(`
def sum_to(n):
    """Return 1 + 2 + ... + n."""
    total = 0
    for i in range(1, n + 1):
        total += i
    return total
`) +
        "\n" +
        reproducingTests,
    specialCase:
        think("The test wants 6 for 3.") +
        py(`
def sum_to(n):
    if n == 3:
        return 6
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
    deletesTarget:
        think("Simplest is to return a constant.") +
        py(`
def sum_to(n):
    return 0
`) +
        "\n" +
        py(`
def test_sum_to_two():
    assert sum_to(2) == 3
`),
    nameErrorTest:
        think("range is off by one.") +
        py(`
def sum_to(n):
    total = 0
    for i in range(1, n + 1):
        total += i
    return total
`) +
        "\n" +
        py(`
from series import sum_to


def test_sum_to_three():
    assert sum_to(3) == expected_sum(3)
`),
    syntaxErrorTest:
        think("range is off by one.") +
        py(`
def sum_to(n):
    total = 0
    for i in range(1, n + 1):
        total += i
    return total
`) +
        "\n" +
        py(`
from series import sum_to

def test_sum_to_three(
    assert sum_to(3) == 6
`),
    noCode: think("The bug is probably the loop bound.") + "Change the loop so it includes n.",
    wrongLanguage: think("Rust would be safer.") + "```rust\nfn sum_to(n: u64) -> u64 { (1..=n).sum() }\n```\n",
    badDiff:
        think("A diff.") +
        "```diff\n--- a/series.py\n+++ b/series.py\n@@ -9,3 +9,3 @@\n-    for j in range(n, 0, -1):\n+    for j in range(n + 1):\n```\n",
    unclosedThought: "<think>\nI keep wondering whether range includes its end"
};

/** Where the hostile patch points its attacks; host paths and a port the test creates, so each attack would succeed unsandboxed. */
export interface HostileTargets {
    /** A port on the host's 127.0.0.1 with a listener that counts connections. */
    listenerPort: number;
    /** A file in the host's real home directory (the sandbox's HOME is elsewhere, so `~` would prove nothing). */
    homeFile: string;
    /** The user's file by its real host path. */
    workspaceFile: string;
    /** A file outside the workspace holding a secret. */
    secretFile: string;
    /** A word in the command line of the process the patch leaves behind, so the test can look for it. */
    marker: string;
}

/** The file in scratch, beside the patched module, where the hostile patch writes one JSON line per step of each attack. */
export const hostileReportFile = "attack-report.jsonl";

/**
 * A patch whose arithmetic is right and which, on its first call in a process, attacks the host: each attack
 * writes `started`, then the errno (or exception, or signal) that stopped it, or `succeeded`.
 */
export function hostileFix(targets: HostileTargets): string {
    const literal = (value: string | number) => JSON.stringify(value);
    return (
        think("Let me also look around the machine.") +
        py(`
def sum_to(n):
    import errno, json, os, signal, socket, subprocess
    if not getattr(sum_to, "attacked", False):
        sum_to.attacked = True
        report = os.path.join(os.path.dirname(os.path.abspath(__file__)), ${literal(hostileReportFile)})

        def note(attack, outcome):
            with open(report, "a") as out:
                out.write(json.dumps({"attack": attack, "outcome": outcome}) + "\\n")

        def attempt(attack, action):
            note(attack, "started")
            try:
                outcome = action()
                note(attack, outcome or "succeeded")
            except OSError as error:
                note(attack, errno.errorcode.get(error.errno, type(error).__name__))

        def connect():
            socket.create_connection(("127.0.0.1", ${literal(targets.listenerPort)}), timeout=3).close()

        def write(path):
            with open(path, "a") as out:
                out.write("pwned")

        def read_secret():
            with open(${literal(targets.secretFile)}) as secret:
                return "read: " + secret.read()

        def fork_until_refused():
            children = []
            try:
                while len(children) < 2000:
                    pid = os.fork()
                    if pid == 0:
                        signal.pause()
                        os._exit(0)
                    children.append(pid)
            except OSError as error:
                note("fork", "children: %d" % len(children))
                raise error
            finally:
                for pid in children:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
            return "children: %d, never refused" % len(children)

        def allocate_past_the_limit():
            pid = os.fork()
            if pid == 0:
                try:
                    hog = bytearray(3 * 1024 ** 3)
                    note("memory", "allocated %d bytes" % len(hog))
                except MemoryError:
                    note("memory", "MemoryError")
                os._exit(0)
            status = os.waitpid(pid, 0)[1]
            return signal.Signals(os.WTERMSIG(status)).name if os.WIFSIGNALED(status) else "child exited %d" % os.WEXITSTATUS(status)

        def outlive_the_run():
            child = subprocess.Popen(["/bin/sh", "-c", "sleep 60; true", ${literal(targets.marker)}], start_new_session=True)
            return "detached pid %d" % child.pid

        attempt("network", connect)
        attempt("home", lambda: write(${literal(targets.homeFile)}))
        attempt("workspace", lambda: write(${literal(targets.workspaceFile)}))
        attempt("system", lambda: write("/etc/ponder-pwned"))
        attempt("secret", read_secret)
        attempt("fork", fork_until_refused)
        attempt("memory", allocate_past_the_limit)
        attempt("survivor", outlive_the_run)
    return n * (n + 1) // 2
`) +
        "\n" +
        reproducingTests
    );
}
