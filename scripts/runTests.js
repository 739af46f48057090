// Runs every compiled test file under out/test with node's test runner.
// Usage: node scripts/runTests.js [substring…]  (only files whose path contains one of the substrings)
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

function findTests(dir) {
    const found = [];
    for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) found.push(...findTests(path));
        else if (name.endsWith(".test.js")) found.push(path);
    }
    return found;
}

const filters = process.argv.slice(2);
const files = findTests("out/test")
    .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
    .sort();
if (files.length === 0) {
    console.error("no test files matched");
    process.exit(2);
}
// Two cores: run test files two at a time so model and toolchain tests do not starve each other.
const result = spawnSync(process.execPath, ["--test", "--test-concurrency=2", ...files], { stdio: "inherit" });
process.exit(result.status ?? 1);
