// Rust tests named as cargo test names them: a test path (`tests::adds`, `pricing::tests::applies_discount`, as
// `cargo test -- --list` prints it) or an integration test by its file (`tests/api.rs::adds`). The ids Ponder's own
// results carry (`src/lib.rs::tests::adds`) parse too.

import type { TestIdSyntax } from "../../LanguageSupport.js";
import { isProjectPath, splitTestId, type ParsedTestId } from "../../../toolchains/testIdMatching.js";

const testPath = /^[A-Za-z_]\w*(::[A-Za-z_]\w*)*$/;

export const rustTestIds: TestIdSyntax = {
    description:
        "a cargo test path (`tests::adds`, `pricing::tests::applies_discount`) or an integration test file, then `::` and the test (`tests/api.rs::adds`)",
    parse(id: string): ParsedTestId | undefined {
        const { id: clean, head, rest } = splitTestId(id);
        if (head.endsWith(".rs")) {
            if (!isProjectPath(head)) return undefined;
            if (rest === undefined) return { id: clean, file: head, names: [] };
            return testPath.test(rest) ? { id: clean, file: head, names: rest.split("::") } : undefined;
        }
        return testPath.test(clean) ? { id: clean, names: clean.split("::") } : undefined;
    }
};
