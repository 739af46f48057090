// The port chain's phases on their own, without a model or a toolchain: decompose and translate with a
// recorded runtime over an in-memory workspace, and build with compile repair against the sandbox fake,
// which answers cargo with an error, then a clean build, as the real one would.
import { test } from "node:test";
import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import {
    MemoryWorkspace,
    RecordedRuntime,
    type CandidateReply,
    type PortEvent,
    type PortRequest,
    type SandboxRunResult
} from "../../../../engine/testing.js";
import { buildPhase } from "../../../../engine/chains/port/buildPhase.js";
import { readPortFacts, startTimings, type PortRun } from "../../../../engine/chains/port/PortRun.js";
import { decomposeFile, translateUnits } from "../../../../engine/chains/port/translatePhase.js";
import { RecordingSandbox } from "../../../support/RecordingSandbox.js";

const source = `def double(x: int) -> int:
    return x * 2


def quadruple(x: int) -> int:
    return double(double(x))
`;

const rust = (code: string) => "```rust\n" + code.trim() + "\n```\n";
const doubleReply = rust("pub fn double(x: i64) -> i64 {\n    x * 2\n}");
const quadrupleReply = rust("pub fn quadruple(x: i64) -> i64 {\n    double(double(x))\n}");

function reply(answer: string): { candidates: CandidateReply[] } {
    return {
        candidates: [
            {
                index: 0,
                seed: 1,
                thought: "",
                answer,
                stopReason: "endOfReply",
                thoughtClosedBy: "none",
                flags: [],
                usage: { promptTokens: 0, thoughtTokens: 0, answerTokens: 0 },
                timings: { firstTokenMs: 0, totalMs: 0, tokensPerSecond: 0 }
            }
        ]
    };
}

/** cargo's answer to a build of src/lib.rs, given the text it built. */
type CargoAnswer = (lib: string) => Partial<SandboxRunResult>;

const built: CargoAnswer = () => ({ exitCode: 0, stdout: "   Compiling m_rs v0.1.0\n    Finished `dev` profile\n" });
/** A type error at the line of `fn name` in src/lib.rs, as rustc reports it. */
const errorIn =
    (name: string): CargoAnswer =>
    (lib) => {
        const line = lib.split("\n").findIndex((text) => text.includes(`fn ${name}(`)) + 1;
        return {
            exitCode: 101,
            stdout: `   Compiling m_rs v0.1.0\nerror[E0308]: mismatched types in ${name}\n --> src/lib.rs:${line}:5\n  |\n  = note: expected i64\n\nerror: could not compile \`m_rs\`\n`
        };
    };
const errorInNoUnit: CargoAnswer = () => ({
    exitCode: 101,
    stdout: "error[E0425]: cannot find value `harness_fn` in this scope\n --> src/bin/m_rs_harness.rs:3:1\n\nerror: could not compile `m_rs`\n"
});

/** A run through decompose and translate on recorded replies, with a sandbox that answers cargo from `answers` in turn. */
async function translated(replies: string[], answers: CargoAnswer[] = [], request: Partial<PortRequest> = {}) {
    const runtime = new RecordedRuntime(replies.map(reply));
    const events: PortEvent[] = [];
    let build = 0;
    const sandbox = new RecordingSandbox(async ({ request: command, scratch }) => {
        assert.ok(command.args?.includes("build"), `only builds run here: ${command.args?.join(" ")}`);
        return answers[Math.min(build++, answers.length - 1)]!((await scratch.readFile("src/lib.rs")) ?? "");
    });
    // The root is a real folder: rustup names the project's cargo from there, though the fake runs nothing.
    const workspace = new MemoryWorkspace({ "m.py": source }, tmpdir());
    const facts = await readPortFacts(
        { file: "m.py", to: "rust", ...request },
        { runtime, sandbox, workspace, onEvent: (event) => events.push(event) }
    );
    const run: PortRun = await decomposeFile(facts, startTimings());
    await translateUnits(run);
    return { run, runtime, sandbox, events };
}

test("decompose and translate: units in dependency order, one call each, the callee's ported header in the caller's prompt, no sandbox run", async () => {
    const { run, runtime, sandbox, events } = await translated([doubleReply, quadrupleReply]);
    assert.deepEqual(
        run.units.map((s) => s.unit.name),
        ["double", "quadruple"]
    );
    assert.deepEqual(
        run.units.map((s) => [s.item?.name, s.item?.modelCall, s.report.rounds.translation]),
        [
            ["double", 0, 1],
            ["quadruple", 1, 1]
        ]
    );
    assert.deepEqual(
        runtime.requests.map((r) => [r.purpose, r.seed]),
        [
            ["port.translate", 1],
            ["port.translate", 2]
        ]
    );
    const [first, second] = runtime.requests.map((r) => r.messages[0]!.content);
    assert.doesNotMatch(first!, /Already ported/);
    assert.match(
        second!,
        /Already ported \(call these as they are; do not write them again\):\n```rust\npub fn double\(x: i64\) -> i64;\n```/
    );
    assert.deepEqual(
        events.filter((e) => e.kind === "step").map((e) => (e.kind === "step" ? [e.step, e.unit ?? ""] : [])),
        [
            ["decompose", ""],
            ["decompose", ""],
            ["translate", "double"],
            ["translate", "quadruple"]
        ]
    );
    assert.equal(sandbox.calls.length, 0);
    assert.equal(run.crate, undefined, "nothing is built before step 3");
});

/** Each row: the replies (translations, then repairs), cargo's answers, the request, and what the build phase ends with. */
const buildRows: {
    name: string;
    replies: string[];
    answers: CargoAnswer[];
    request?: Partial<PortRequest>;
    builds: number;
    purposes: string[];
    inBuild: string[];
    repairs: number[];
    harnessBroken: boolean;
    notes: RegExp[];
    unitNotes: [string, RegExp][];
}[] = [
    {
        name: "a compiler error in one unit goes back to the model with the error, and the repair builds",
        replies: [doubleReply, rust("pub fn quadruple(x: i64) -> i32 {\n    double(double(x))\n}"), quadrupleReply],
        answers: [errorIn("quadruple"), built],
        builds: 2,
        purposes: ["port.translate", "port.translate", "port.repair"],
        inBuild: ["double", "quadruple"],
        repairs: [0, 1],
        harnessBroken: false,
        notes: [],
        unitNotes: []
    },
    {
        name: "an error in no unit's lines is the harness's: the port builds without it and no repair round is spent",
        replies: [doubleReply, quadrupleReply],
        answers: [errorInNoUnit, built],
        builds: 2,
        purposes: ["port.translate", "port.translate"],
        inBuild: ["double", "quadruple"],
        repairs: [0, 0],
        harnessBroken: true,
        notes: [/^the differential-testing harness does not build, so the port is built without it: error\[E0425\]/],
        unitNotes: []
    },
    {
        name: "a unit that still fails after the rounds is left out with the unit that uses it",
        replies: [doubleReply, quadrupleReply, doubleReply],
        answers: [errorIn("double"), errorIn("double"), built],
        request: { compileRounds: 1 },
        builds: 3,
        purposes: ["port.translate", "port.translate", "port.repair"],
        inBuild: [],
        repairs: [1, 0],
        harnessBroken: false,
        notes: [],
        unitNotes: [["double", /^does not compile: error\[E0308\]: mismatched types in double/]]
    },
    {
        name: "an error in no unit's lines once the harness is out: nothing builds and the note says so",
        replies: [doubleReply, quadrupleReply],
        answers: [errorInNoUnit],
        builds: 2,
        purposes: ["port.translate", "port.translate"],
        inBuild: [],
        repairs: [0, 0],
        harnessBroken: true,
        notes: [
            /^the differential-testing harness does not build/,
            /^the crate does not build and no unit's lines are named: error\[E0425\]/
        ],
        unitNotes: []
    }
];

async function checkBuild(row: (typeof buildRows)[number]): Promise<void> {
    const { run, runtime, sandbox } = await translated(row.replies, row.answers, row.request);
    await buildPhase(run);
    assert.equal(sandbox.calls.length, row.builds, row.name);
    assert.deepEqual(
        runtime.requests.map((r) => r.purpose),
        row.purposes,
        row.name
    );
    assert.deepEqual(
        run.units.filter((s) => s.inBuild).map((s) => s.unit.name),
        row.inBuild,
        row.name
    );
    assert.deepEqual(
        run.units.map((s) => s.report.compiled),
        run.units.map((s) => row.inBuild.includes(s.unit.name)),
        row.name
    );
    assert.deepEqual(
        run.units.map((s) => s.report.rounds.compileRepair),
        row.repairs,
        row.name
    );
    assert.equal(run.harnessBroken !== undefined, row.harnessBroken, row.name);
    assert.equal(run.crate !== undefined, row.answers.includes(built), row.name);
    assert.equal(run.notes.length, row.notes.length, `${row.name}: ${run.notes.join(" | ")}`);
    row.notes.forEach((note, i) => assert.match(run.notes[i]!, note, row.name));
    for (const [unit, note] of row.unitNotes)
        assert.ok(
            run.byName.get(unit)!.report.notes.some((n) => note.test(n)),
            `${row.name}: ${unit}`
        );
    const repairPrompt = runtime.requests.find((r) => r.purpose === "port.repair")?.messages[0]!.content;
    if (repairPrompt)
        assert.match(
            repairPrompt,
            /The compiler says:\n```text\nerror\[E0308\]: mismatched types in \w+\n --> src\/lib\.rs:\d+:5/,
            row.name
        );
    assert.equal(run.timings.buildMs, row.builds, "each fake build takes 1 ms");
}

test("build with compile repair: repaired, harness dropped, units left out, nothing builds", async () => {
    for (const row of buildRows) await checkBuild(row);
});
