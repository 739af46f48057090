// The fix chain end to end: real node-llama-cpp on scripted models, real pytest in real bubblewrap, on the
// sum_to fixture. The real fix must beat patches that game the tests, broken replies must leave clear evidence,
// a hostile patch's attacks must run and each be refused, feedback rounds must recover, and the user's file must
// never change.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import {
    DiskWorkspace,
    LocalModelRuntime,
    runFixChain,
    Sandbox,
    type FixResult,
    type ModelRuntime
} from "../../../engine/testing.js";
import { buildScriptedModel, testModelDir } from "../../support/models/index.js";
import { fixReplies, hostileFix, hostileReportFile, type HostileTargets } from "../../support/fixReplies.js";
import { processesWith } from "../sandbox/canaryTree.js";
import { ByPurposeRuntime } from "../../support/ByPurposeRuntime.js";
import { withDefaults } from "../../../engine/testing.js";

let sandbox: Sandbox;
const runtimes: LocalModelRuntime[] = [];
before(async () => {
    sandbox = await Sandbox.create({ workspaceTrusted: true });
});
after(async () => {
    for (const runtime of runtimes) await runtime.dispose();
    await sandbox.dispose();
});

async function fixtureWorkspace(): Promise<string> {
    const root = await mkdtemp(join(tmpdir(), "ponder-fix-"));
    await cp("test/fixtures/fix/sum-to", root, { recursive: true });
    return root;
}

async function scripted(name: string, replies: string[]): Promise<LocalModelRuntime> {
    const { path } = await buildScriptedModel(join(testModelDir(), `${name}.gguf`), { replies });
    const runtime = await LocalModelRuntime.load({
        model: path,
        gpu: false,
        threads: 1,
        contextSize: 8192,
        expectedCandidates: 4
    });
    runtimes.push(runtime);
    return runtime;
}

async function fix(
    runtime: ModelRuntime,
    options: { candidates?: number; extraRounds?: number; seed?: number; root?: string; testTimeoutMs?: number } = {}
) {
    const root = options.root ?? (await fixtureWorkspace());
    const before = await readFile(join(root, "series.py"));
    const result = await runFixChain(
        withDefaults("fix", {
            file: "series.py",
            target: { line: 4 },
            candidates: options.candidates ?? 4,
            extraRounds: options.extraRounds ?? 0,
            seed: options.seed ?? 1,
            testTimeoutMs: options.testTimeoutMs ?? 3000
        }),
        { runtime, sandbox, workspace: new DiskWorkspace(root) }
    );
    assert.deepEqual(await readFile(join(root, "series.py")), before, "the engine never writes the user's file");
    return { result, root };
}

function verdictOf(result: FixResult, text: string) {
    return result.candidates.find((c) => c.thought.includes(text) || c.answer.includes(text));
}

test("the real fix wins over a special case of the test input and a patch that deletes the target's logic", async () => {
    const runtime = await scripted("fix-ranking", [
        fixReplies.realFix,
        fixReplies.specialCase,
        fixReplies.deletesTarget
    ]);
    const { result } = await fix(runtime, { candidates: 6, seed: 3 });
    const answers = new Set(result.candidates.map((c) => c.answer));
    assert.ok(answers.size >= 2, "the seeds should sample more than one scripted reply");
    assert.equal(result.status, "verified");
    assert.match(result.patch!.diff, /-    for i in range\(n\):\n\+    for i in range\(1, n \+ 1\):/);
    const real = verdictOf(result, "range(n) stops")!;
    assert.equal(
        real.ranking.rank,
        Math.min(...result.candidates.filter((c) => c.answer === real.answer).map((c) => c.ranking.rank))
    );
    assert.deepEqual(real.reproducingTests.length, 2);
    for (const gaming of [verdictOf(result, "The test wants 6"), verdictOf(result, "return a constant")].filter(
        (c) => c !== undefined
    )) {
        assert.equal(gaming!.ranking.verified, false);
        assert.ok(gaming!.ranking.reward.accuracy < real.ranking.reward.accuracy);
    }
    assert.equal(result.regressionTests.length, 1);
    assert.match(result.regressionTests[0]!.code, /def test_sum_to_three/);
});

test("all wrong in round 1, a feedback round succeeds", async () => {
    const wrong = await scripted("fix-round1", [fixReplies.deletesTarget]);
    const right = await scripted("fix-round2", [fixReplies.realFix]);
    const { result } = await fix(new ByPurposeRuntime([wrong, right]), { candidates: 2, extraRounds: 2 });
    assert.equal(result.status, "verified");
    assert.equal(result.rounds, 2);
    assert.equal(result.patch!.round, 1);
    assert.ok(result.candidates.filter((c) => c.round === 0).every((c) => !c.ranking.verified));
});

test("a reproduction broken by its own syntax or name error does not count", async () => {
    const nameError = (await fix(await scripted("fix-name-error", [fixReplies.nameErrorTest]), { candidates: 1 }))
        .result;
    assert.equal(nameError.status, "unverified");
    assert.match(nameError.unverifiedReason!, /none of its own tests reproduced the bug/);
    const [run] = nameError.reproductions;
    assert.equal(run!.tests.length, 1);
    assert.equal(run!.tests[0]!.reproduces, false);
    assert.match(run!.tests[0]!.reason, /the test itself is broken \(NameError\)/);

    const syntaxError = (await fix(await scripted("fix-syntax-error", [fixReplies.syntaxErrorTest]), { candidates: 1 }))
        .result;
    assert.equal(syntaxError.status, "unverified");
    assert.match(syntaxError.candidates[0]!.parseProblems.join(" "), /does not parse/);
    assert.deepEqual(syntaxError.candidates[0]!.reproducingTests, []);
});

/** The attacks of `hostileFix`, each with the outcomes (in order, after `started`) that show it was refused here. */
function refusals(limitsBy: "cgroup" | "rlimit"): Record<string, RegExp[]> {
    return {
        // The sandbox has a network namespace of its own: its 127.0.0.1 is not the host's, and nothing listens there.
        network: [/^ECONNREFUSED$/],
        // The host's home, /tmp and the workspace are not mounted: their paths do not exist inside.
        home: [/^ENOENT$/],
        workspace: [/^ENOENT$/],
        system: [/^(EROFS|EACCES)$/],
        secret: [/^ENOENT$/],
        // The toolchain allows 512 processes; pytest and its threads take a few of them.
        fork: [/^children: (\d|\d\d|[1-4]\d\d|50\d|51[01])$/, /^EAGAIN$/],
        // A cgroup's OOM killer kills the hog; an address-space rlimit refuses the allocation.
        memory: limitsBy === "cgroup" ? [/^SIGKILL$/] : [/^MemoryError$/, /^child exited 0$/],
        survivor: [/^detached pid \d+$/]
    };
}

test("a hostile patch runs its attacks and each is refused by the sandbox; its detached process dies with the run", async () => {
    let connections = 0;
    const listener = createServer((socket) => {
        connections++;
        socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const secretFolder = await mkdtemp(join(tmpdir(), "ponder-fix-secret-"));
    const secret = `secret-${process.pid}-${Date.now()}`;
    await writeFile(join(secretFolder, "secret.txt"), secret);
    const root = await fixtureWorkspace();
    const targets: HostileTargets = {
        listenerPort: (listener.address() as AddressInfo).port,
        homeFile: join(homedir(), `ponder-fix-pwned-${process.pid}`),
        workspaceFile: join(root, "series.py"),
        secretFile: join(secretFolder, "secret.txt"),
        marker: `ponder-fix-survivor-${process.pid}`
    };
    // The attack reports are read from scratch after each real sandboxed run, before the chain's next run.
    const reports: string[] = [];
    const run = sandbox.run;
    sandbox.run = async (scratch, request, options) => {
        const result = await run.call(sandbox, scratch, request, options);
        const report = await scratch.readFile(hostileReportFile);
        if (report !== undefined) {
            reports.push(report);
            await scratch.removeFile(hostileReportFile);
        }
        return result;
    };
    try {
        const runtime = await scripted("fix-hostile", [hostileFix(targets)]);
        // A generous limit: the fork and memory attacks take long on a loaded machine, and a run cut at its deadline
        // never reaches the last attack.
        const { result } = await fix(runtime, { candidates: 1, root, testTimeoutMs: 60_000 });
        assert.deepEqual(await processesWith(targets.marker), [], "the patch's detached process outlived the run");
        assert.ok(reports.length >= 1, "no sandboxed run executed the hostile patch");
        const expected = refusals(sandbox.limitsBy);
        for (const report of reports) {
            const steps = report
                .trim()
                .split("\n")
                .map((line) => JSON.parse(line) as { attack: string; outcome: string });
            assert.deepEqual([...new Set(steps.map((step) => step.attack))], Object.keys(expected), report);
            for (const [attack, outcomes] of Object.entries(expected)) {
                const seen = steps.filter((step) => step.attack === attack).map((step) => step.outcome);
                assert.equal(seen[0], "started", `${attack} did not run`);
                assert.equal(seen.length, outcomes.length + 1, `${attack}: ${seen.join(", ")}`);
                outcomes.forEach((outcome, index) =>
                    assert.match(seen[index + 1]!, outcome, `${attack} was not refused as expected:\n${report}`)
                );
            }
        }
        assert.equal(connections, 0, "the patch reached the host's listener");
        await assert.rejects(stat(targets.homeFile), "the host's home directory was written");
        assert.equal(await readFile(targets.secretFile, "utf8"), secret);
        assert.doesNotMatch(reports.join(""), new RegExp(secret), "the secret was read");
        // Contained, the attacks leave the arithmetic right, but the patch's added code ends processes (os._exit) and
        // forks: the runner's tampering scan flags it, so its run proves nothing (it was "verified" before verdicts
        // needed a test the reply did not write and a run the code under test could not have decided).
        assert.equal(result.status, "unverified", result.unverifiedReason);
        assert.match(result.unverifiedReason!, /^its test run shows signs of writing its own verdict \(/);
    } finally {
        sandbox.run = run;
        listener.close();
        await rm(secretFolder, { recursive: true, force: true });
    }
});

/** Each malformed reply alone (one model each, so every one is sampled) and the reasons its candidate must carry, in order. */
const malformedReplies: [name: string, reply: string, problems: RegExp[]][] = [
    ["no code", fixReplies.noCode, [/^the answer has no code blocks$/]],
    [
        "the wrong language",
        fixReplies.wrongLanguage,
        [/^no block defines sum_to or is a diff$/, /^no block holds tests$/]
    ],
    [
        "a diff that does not apply",
        fixReplies.badDiff,
        [
            /^no block holds tests$/,
            /^the diff does not apply: hunk 1 \(@@ -9,3 \+9,3 @@\): its context and removed lines are not in the file/
        ]
    ],
    ["an unclosed thought", fixReplies.unclosedThought, [/^the reply ended inside its thought, with no answer$/]]
];

for (const [name, reply, problems] of malformedReplies) {
    test(`a malformed reply (${name}) gives a clear reason and no crash`, async () => {
        const runtime = await scripted(`fix-malformed-${name.replaceAll(" ", "-")}`, [reply]);
        const { result } = await fix(runtime, { candidates: 1 });
        assert.equal(result.status, "noCandidate");
        assert.equal(result.patch, undefined);
        assert.equal(result.candidates.length, 1);
        const found = result.candidates[0]!.parseProblems;
        assert.equal(found.length, problems.length, found.join("; "));
        problems.forEach((problem, index) => assert.match(found[index]!, problem));
    });
}
