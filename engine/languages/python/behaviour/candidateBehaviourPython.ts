// The Python driver that runs one version of a file's function on JSON-line inputs, inside the sandbox, for the
// comparison of candidates' behaviour. It writes each result with its exact type (1, True and 1.0 stay apart;
// tuples, sets, dicts and objects are tagged), so the comparison, done outside this process, can be strict.

/** Where the driver is written in each scratch copy. */
export const pythonDriverPath = ".ponder-behaviour/driver.py";

export const pythonDriverScript = `# Ponder's behaviour driver: one JSON input per stdin line, one typed JSON outcome per stdout line.
import importlib, itertools, json, os, random, signal, sys, types

MODULE, FOLDER, FUNCTION, TIMEOUT = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
# Outcomes go to a copy of stdout taken before the tested code runs; its own prints go to stderr.
out = os.fdopen(os.dup(1), "w", encoding="utf-8")
os.dup2(2, 1)
sys.stdout = sys.stderr
# Deep enough for recursive code on the generated inputs; endless recursion costs ~20 ms an input here, 80 at 10000.
sys.setrecursionlimit(3000)
if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)
sys.path[0:0] = [FOLDER, "."]

def write(outcome):
    out.write(json.dumps(outcome) + "\\n")
    out.flush()

try:
    function = getattr(importlib.import_module(MODULE), FUNCTION)
except BaseException as error:
    write({"loadError": type(error).__name__ + ": " + str(error)[:300]})
    os._exit(0)
write({"ready": True})

class CaseTimeout(BaseException):
    pass

state = {"case": None, "alarms": 0}

def on_alarm(signum, frame):
    # The first alarm stops the case; a second one means the code swallowed the first, so the driver gives up.
    state["alarms"] += 1
    if state["alarms"] > 1:
        write({"id": state["case"], "timeout": True})
        os._exit(75)
    raise CaseTimeout()

signal.signal(signal.SIGALRM, on_alarm)
BUILTINS = (bool, int, float, complex, str, bytes, list, tuple, dict, set, frozenset)
ITEMS = 10000

def encode(value, depth=0):
    kind = type(value)
    if depth > 60:
        return {"$deep": True}
    if value is None or kind in (bool, int, float, str):
        return value
    if kind is list:
        return [encode(item, depth + 1) for item in value[:ITEMS]] + ([{"$more": len(value) - ITEMS}] if len(value) > ITEMS else [])
    if kind is tuple:
        return {"$tuple": [encode(item, depth + 1) for item in value[:ITEMS]]}
    if kind in (set, frozenset):
        return {"$" + kind.__name__: [encode(item, depth + 1) for item in itertools.islice(value, ITEMS)]}
    if kind is dict:
        return {"$dict": [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in itertools.islice(value.items(), ITEMS)]}
    if kind is complex:
        return {"$complex": [value.real, value.imag]}
    if kind is bytes:
        return {"$bytes": value.hex()}
    if isinstance(value, (types.GeneratorType, map, filter, zip, range, enumerate, reversed)) or kind.__name__.endswith("iterator"):
        return {"$iter": [encode(item, depth + 1) for item in itertools.islice(value, ITEMS)]}
    for base in BUILTINS:
        if isinstance(value, base):
            return {"$object": kind.__qualname__, "value": encode(base(value), depth + 1)}
    fields = getattr(value, "__dict__", None)
    return {"$object": kind.__qualname__, "fields": encode(dict(fields), depth + 1) if isinstance(fields, dict) else None}

for line in sys.stdin:
    if not line.strip():
        continue
    case = json.loads(line)
    state["case"], state["alarms"] = case["id"], 0
    write({"start": case["id"]})
    outcome = {"id": case["id"]}
    try:
        try:
            random.seed(0)
            signal.setitimer(signal.ITIMER_REAL, TIMEOUT, TIMEOUT)
            try:
                outcome["ok"] = encode(function(*case["args"]))
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        except CaseTimeout:
            outcome["timeout"] = True
        except BaseException as error:
            outcome["raises"] = type(error).__name__
    except CaseTimeout:
        outcome["timeout"] = True
    try:
        write(outcome)
    except Exception:
        write({"id": case["id"], "raises": "UnwritableResult"})
`;
