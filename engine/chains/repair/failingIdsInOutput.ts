// The failing tests a test run's raw output names (`ponder fix --test-output FILE`), in each runner's own id syntax:
// pytest's `FAILED tests/test_x.py::test_y`, node:test's `not ok … - name` under its file, cargo's
// `test path::name ... FAILED`, go's `--- FAIL: TestName`, jest and vitest's `✕`/`×` lines. Pure text reading.

/** The ids of failing tests the output names, in order, each once. */
export function failingIdsInOutput(output: string): string[] {
    const ids: string[] = [];
    const add = (id: string | undefined) => {
        const trimmed = id?.trim();
        if (trimmed && !ids.includes(trimmed)) ids.push(trimmed);
    };
    for (const line of output.split("\n")) {
        // pytest's short summary (`-rf`), and its verbose lines.
        add(/^(?:FAILED|ERROR) (\S+::\S+)/.exec(line)?.[1]);
        add(/^(\S+\.py::\S+) (?:FAILED|ERROR)\b/.exec(line)?.[1]);
        // cargo test / libtest.
        add(/^test (\S+) \.\.\. FAILED$/.exec(line.trimEnd())?.[1]);
        // go test -v.
        add(/^\s*--- FAIL: (\S+)/.exec(line)?.[1]);
    }
    return ids.length > 0 ? ids : nodeFailures(output);
}

/** node:test's TAP or spec output: a failing test's name, prefixed by the file it ran in when the output says. */
function nodeFailures(output: string): string[] {
    const ids: string[] = [];
    let file: string | undefined;
    for (const line of output.split("\n")) {
        const subtest = /^# Subtest: (\S+\.(?:[cm]?[jt]sx?))\s*$/.exec(line);
        if (subtest) file = subtest[1];
        const failed =
            /^\s*not ok \d+ - (.+?)\s*$/.exec(line) ?? /^\s*[✖✕×] (.+?)(?: \(\d+(?:\.\d+)?m?s\))?\s*$/.exec(line);
        if (!failed || /\.(?:[cm]?[jt]sx?)$/.test(failed[1]!)) continue;
        const id = file ? `${file}::${failed[1]}` : failed[1]!;
        if (!ids.includes(id)) ids.push(id);
    }
    return ids;
}
