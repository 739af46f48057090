// A small behaviour comparison for the fix chain's end-to-end tests while the engine's own (candidateBehaviour.ts)
// lands from its branch: it runs each subject's Python module on given calls in the real sandbox and reports the
// pairs whose results differ, in the interface's shape and sentences.

import type { BehaviourComparison, BehaviourDisagreement, CompareBehaviour } from "../../engine/testing.js";

const runner = [
    "import importlib.util, json, sys",
    "spec = importlib.util.spec_from_file_location('subject', sys.argv[1])",
    "module = importlib.util.module_from_spec(spec)",
    "spec.loader.exec_module(module)",
    "for call in json.loads(sys.argv[2]):",
    "    try:",
    "        print(json.dumps(repr(eval(call, vars(module)))))",
    "    except Exception as error:",
    "        print(json.dumps('raises ' + type(error).__name__))"
].join("\n");

/** Compares subjects on `calls` (Python expressions such as `sum_to(10)`), each subject's module run once in the sandbox. */
export function pythonCallsBehaviour(calls: string[]): CompareBehaviour & { requests: number } {
    const compare = async (request: Parameters<CompareBehaviour>[0]): Promise<BehaviourComparison> => {
        compare.requests++;
        const outputs = new Map<string, string[]>();
        for (const subject of [{ label: "original", text: request.originalText }, ...request.subjects]) {
            const run = await request.sandbox.runOnce(
                { contents: { "subject.py": subject.text, "run_calls.py": runner } },
                { command: "/usr/bin/python3", args: ["run_calls.py", "subject.py", JSON.stringify(calls)] },
                request.signal ? { signal: request.signal } : {}
            );
            outputs.set(
                subject.label,
                run.stdout
                    .trim()
                    .split("\n")
                    .map((line) => JSON.parse(line) as string)
            );
        }
        const disagreements: BehaviourDisagreement[] = [];
        const pairsThatDiffer: [string, string][] = [];
        const labels = request.subjects.map((s) => s.label);
        for (const [i, a] of labels.entries()) {
            for (const b of labels.slice(i + 1)) {
                const differing = calls
                    .map((call, k) => ({ call, k }))
                    .filter(({ k }) => outputs.get(a)![k] !== outputs.get(b)![k]);
                if (differing.length === 0) continue;
                pairsThatDiffer.push([a, b]);
                for (const { call, k } of differing.slice(0, 2)) {
                    disagreements.push({
                        call,
                        outputs: ["original", a, b].map((label) => ({ label, output: outputs.get(label)![k]! })),
                        sentence: `${a} and ${b} disagree on ${call}: ${a} gives ${outputs.get(a)![k]}, ${b} gives ${outputs.get(b)![k]}`
                    });
                }
            }
        }
        const changesFromOriginal = Object.fromEntries(
            labels.map((label) => [
                label,
                calls.filter((_, k) => outputs.get(label)![k] !== outputs.get("original")![k]).length
            ])
        );
        return { compared: true, inputs: calls.length, disagreements, pairsThatDiffer, changesFromOriginal };
    };
    compare.requests = 0;
    return compare;
}
