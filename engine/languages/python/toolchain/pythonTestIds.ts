// pytest's node ids as the way a user names a Python test: `tests/test_x.py`, `tests/test_x.py::test_y`,
// `tests/test_x.py::TestClass::test_m`, with a parameter set kept (`::test_y[2-3]`). unittest runs take the same ids.

import type { TestIdSyntax } from "../../LanguageSupport.js";
import { isProjectPath, splitTestId, type ParsedTestId } from "../../../toolchains/testIdMatching.js";

export const pythonTestIds: TestIdSyntax = {
    description:
        "pytest's node id: a test file, then `::` and the test (`tests/test_x.py::test_y`, `tests/test_x.py::TestClass::test_m`)",
    parse(id: string): ParsedTestId | undefined {
        const { id: clean, head, rest } = splitTestId(id);
        if (!head.endsWith(".py") || !isProjectPath(head)) return undefined;
        const names = rest === undefined ? [] : rest.split("::");
        if (names.some((name) => !/^[A-Za-z_]\w*(\[.*\])?$/s.test(name))) return undefined;
        return { id: clean, file: head, names };
    }
};
