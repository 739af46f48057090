// The verdict benchmark suite stays working: three of its programs (Python and TypeScript) through the real fix
// chain on scripted GGUF models, real pytest and node in real bubblewrap, judged afterwards by the hidden inputs.
// It asserts the judge's view of each patch, and the verdict goals on these programs: no wrong-only model verified.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pythonPrograms } from "./pythonPrograms.js";
import { typescriptPrograms } from "./typescriptPrograms.js";
import { runVerdictSuite } from "./runVerdictSuite.js";
import { verdictFigures } from "./verdictFigures.js";

test("the suite has at least 20 programs in Python and TypeScript, each with two different wrong fixes", () => {
    const all = [...pythonPrograms, ...typescriptPrograms];
    assert.ok(all.length >= 20, `${all.length} programs`);
    assert.ok(pythonPrograms.length > 0 && typescriptPrograms.length > 0);
    for (const program of all) {
        assert.notEqual(program.wrong[0].code, program.wrong[1].code, program.name);
        assert.notEqual(program.buggy, program.correct, program.name);
        assert.ok(program.hiddenInputs.length >= 3, program.name);
    }
});

test("three programs through the real runtime: the judge tells the wrong patches from the right ones", async () => {
    const programs = [
        pythonPrograms.find((p) => p.name === "sum_to")!,
        pythonPrograms.find((p) => p.name === "clamp")!,
        typescriptPrograms.find((p) => p.name === "isLeap")!
    ];
    const runs = await runVerdictSuite({
        programs,
        kinds: ["wrongOnly", "mixed", "correctOnly", "userTest"],
        seeds: [1],
        candidates: 4
    });
    assert.equal(runs.length, 12);
    for (const run of runs) {
        const where = `${run.program} ${run.kind}: ${JSON.stringify(run)}`;
        assert.equal(run.error, undefined, where);
        assert.ok(["verified", "plausible", "unverified", "noCandidate"].includes(run.status), where);
        if (run.kind === "wrongOnly") {
            assert.equal(run.chosenCorrect, false, `a wrong-only model's patch is wrong: ${where}`);
            assert.equal(run.sampledCorrect, false, where);
            assert.notEqual(run.status, "noCandidate", `both wrong fixes parse: ${where}`);
        }
        if (run.kind === "correctOnly" || run.kind === "userTest") {
            assert.equal(run.sampledCorrect, true, where);
            assert.equal(run.chosenCorrect, true, `the only patch is the correct one: ${where}`);
        }
        assert.ok(run.modelMs > 0, where);
    }
    const [figures] = verdictFigures(runs);
    assert.equal(figures!.verifiedAmongWrongOnly.of, 3);
    assert.equal(figures!.verifiedWithUserTest.of, 3);
    assert.equal(figures!.errors, 0);
    // A wrong-only model is never proven: its wrong fixes support each other's tests, or one's own test eliminates the
    // other, which still challenges it on inputs no test decides. A mixed group is never proven wrong.
    assert.equal(figures!.verifiedAmongWrongOnly.count, 0, JSON.stringify(runs.filter((r) => r.kind === "wrongOnly")));
    assert.equal(figures!.verifiedButWrongInMixed.count, 0);
    assert.equal(figures!.verifiedWithUserTest.count, 3, "the user's failing test proves the correct model's fix");
    process.stderr.write(`verdict figures (three programs): ${JSON.stringify(figures)}\n`);
});
