// A project's tests named in their runner's own syntax (`tests/test_x.py::test_y`, `test/a.test.ts::adds`,
// `pricing::tests::applies_discount`, `pkg/pricing::TestDiscount`): parsing a requested id by its toolchain's
// syntax, and telling whether a run's result is a requested test, the same way for every runner.

import { InvalidRequestError } from "../errors.js";
import { registeredToolchains, toolchainSupportOf } from "../languages/index.js";
import type { ParsedTestId } from "./testIdMatching.js";
import type { ToolchainName } from "./TestRunResult.js";

export type { ParsedTestId } from "./testIdMatching.js";

/** The parts of a test id in `toolchain`'s syntax; an `InvalidRequestError` naming the syntax when it is not one. */
export function parseTestId(id: string, toolchain: ToolchainName): ParsedTestId {
    const support = toolchainSupportOf(toolchain);
    if (!support)
        throw new InvalidRequestError(
            `No registered language runs tests with the toolchain "${toolchain}" (known: ${registeredToolchains()
                .map((known) => known.name)
                .join(", ")}).`
        );
    const parsed = support.testIds.parse(id);
    if (!parsed)
        throw new InvalidRequestError(`"${id}" is not a ${toolchain} test id. Write ${support.testIds.description}.`);
    return parsed;
}

export { testIdMatches, resultsOfRequested, filesOfRequested } from "./testIdMatching.js";
