// Per-test results from cargo test's standard output (libtest's lines; its JSON format needs nightly). The
// run's stderr is merged into stdout so the "Running <file>" headers stay in order with the tests.

import type { TestCaseResult, TestOutcome } from "../../../toolchains/TestRunResult.js";

export interface LibtestBinary {
    /** Source the binary was built from (`src/lib.rs`, `tests/api.rs`), or undefined for doc-tests. */
    file?: string;
    /** Crate name (from the binary's file name, or the Doc-tests line). */
    crate: string;
    /** "running N tests" */
    announced: number;
    /** Tests the binary reported a result for. */
    reported: number;
    /** Tests the binary started and had not finished when the output ended ("has been running for over 60 seconds"). */
    running: string[];
}

export interface LibtestRun {
    tests: TestCaseResult[];
    binaries: LibtestBinary[];
    /** Why a binary stopped early, from cargo's "Caused by:" lines. */
    crashes: string[];
}

/** The id Ponder gives a libtest test: `file::name` (doc-tests: their name already starts with the file). */
export function libtestId(binary: { file?: string }, name: string): string {
    return binary.file ? `${binary.file}::${name}` : name;
}

function fileOfDocTest(name: string): string | undefined {
    const match = /^(.+?) - /.exec(name);
    return match?.[1];
}

export function parseLibtestOutput(output: string): LibtestRun {
    const lines = output.split("\n").map((line) => line.replace(/\r$/, ""));
    const tests: TestCaseResult[] = [];
    const binaries: LibtestBinary[] = [];
    const crashes: string[] = [];
    const messages = new Map<string, string[]>();
    let binary: LibtestBinary | undefined;
    let section: string[] | undefined;
    const byName = new Map<string, TestCaseResult>();

    for (let index = 0; index < lines.length; index++) {
        const line = lines[index]!;
        const running = /^\s*Running (?:unittests )?(\S+) \((.+)\)$/.exec(line);
        const doc = /^\s*Doc-tests (\S+)$/.exec(line);
        if (running || doc) {
            const crate = running ? (/([^/\\]+?)(?:-[0-9a-f]{8,})?(?:\.exe)?$/.exec(running[2]!)?.[1] ?? "") : doc![1]!;
            binary = { ...(running ? { file: running[1]! } : {}), crate, announced: 0, reported: 0, running: [] };
            binaries.push(binary);
            section = undefined;
            continue;
        }
        const announced = /^running (\d+) tests?$/.exec(line);
        if (announced && binary) {
            binary.announced = Number(announced[1]);
            continue;
        }
        const result = /^test (.+?) \.\.\. (ok|FAILED|ignored(?:, (.*))?)$/.exec(line);
        if (result && binary) {
            const name = result[1]!.replace(/ - should panic$/, "");
            const outcome: TestOutcome = result[2] === "ok" ? "passed" : result[2] === "FAILED" ? "failed" : "skipped";
            const file = binary.file ?? fileOfDocTest(name);
            const test: TestCaseResult = {
                id: libtestId(binary, name),
                name,
                ...(file ? { file } : {}),
                outcome,
                ...(result[3] ? { message: result[3] } : {})
            };
            tests.push(test);
            byName.set(`${binaries.length - 1}\0${name}`, test);
            binary.reported++;
            binary.running = binary.running.filter((other) => other !== name);
            section = undefined;
            continue;
        }
        const slow = /^test (.+) has been running for over \d+ seconds$/.exec(line);
        if (slow && binary) {
            binary.running.push(slow[1]!);
            continue;
        }
        const header = /^---- (.+) stdout ----$/.exec(line);
        if (header) {
            section = [];
            messages.set(`${binaries.length - 1}\0${header[1]!.replace(/ - should panic$/, "")}`, section);
            continue;
        }
        if (/^(failures|successes):$/.test(line) || /^test result: /.test(line)) {
            section = undefined;
            continue;
        }
        if (/^Caused by:$/.test(line)) {
            crashes.push(
                lines
                    .slice(index + 1, index + 3)
                    .map((text) => text.trim())
                    .filter(Boolean)
                    .join(" ")
            );
            continue;
        }
        section?.push(line);
    }
    for (const [key, text] of messages) {
        const test = byName.get(key);
        const message = text.join("\n").trim();
        if (test && message) test.message = message;
    }
    return { tests, binaries, crashes };
}

/** `cargo test -- --list` output: test names by binary, as ids. */
export function parseLibtestList(output: string): { id: string; name: string; file?: string }[] {
    const listed: { id: string; name: string; file?: string }[] = [];
    let binary: { file?: string } | undefined;
    for (const line of output.split("\n")) {
        const running = /^\s*Running (?:unittests )?(\S+) \((.+)\)$/.exec(line);
        if (running) {
            binary = { file: running[1]! };
            continue;
        }
        if (/^\s*Doc-tests (\S+)$/.test(line)) {
            binary = {};
            continue;
        }
        const entry = /^(.+): test$/.exec(line.trim());
        if (entry && binary) {
            const name = entry[1]!;
            const file = binary.file ?? fileOfDocTest(name);
            listed.push({ id: libtestId(binary, name), name, ...(file ? { file } : {}) });
        }
    }
    return listed;
}
