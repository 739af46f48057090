// The Apply and Accept buttons say when a result is not proven ("Accept unproven patch"); a proven one keeps the
// plain words. The client is its own project, so the compiled module is loaded at run time (as patchedText's test does).
import { test } from "node:test";
import assert from "node:assert/strict";
import type * as AcceptLabels from "../../out/client/acceptLabels.js";

const { acceptLabels } = (await import(
    new URL("../../client/acceptLabels.js", import.meta.url).href
)) as typeof AcceptLabels;

const cases: [Parameters<typeof acceptLabels>, AcceptLabels.AcceptLabels][] = [
    [["fix", true], { panel: "Accept", notification: "Apply" }],
    [["fix", false], { panel: "Accept unproven patch", notification: "Apply unproven patch" }],
    [["tests", false], { panel: "Accept unproven tests", notification: "Apply unproven tests" }],
    [["port", false], { panel: "Accept unproven port", notification: "Apply unproven port" }],
    [["port", true], { panel: "Accept", notification: "Apply" }]
];

for (const [args, labels] of cases)
    test(`acceptLabels(${args.join(", ")})`, () => assert.deepEqual(acceptLabels(...args), labels));
