// node:test, vitest and jest tests named as `FILE::NAME`: the file, then the test's name or its whole path of
// suites (`test/a.test.ts::pricing > applies the discount`, the id every JS run reports). A file alone names all its tests.

import type { TestIdSyntax } from "../../LanguageSupport.js";
import { isProjectPath, splitTestId, type ParsedTestId } from "../../../toolchains/testIdMatching.js";

const scriptFile = /\.(?:[cm]?[jt]sx?)$/;

export const javascriptTestIds: TestIdSyntax = {
    description:
        "`FILE::NAME`: a test file, then `::` and the test's name or its suites and name joined by ` > ` (`test/a.test.ts::adds`, `test/a.test.ts::math > adds`)",
    parse(id: string): ParsedTestId | undefined {
        const { id: clean, head, rest } = splitTestId(id);
        if (!scriptFile.test(head) || !isProjectPath(head)) return undefined;
        if (rest === undefined) return { id: clean, file: head, names: [] };
        const names = rest.split(" > ").map((name) => name.trim());
        if (names.some((name) => name === "")) return undefined;
        return { id: clean, file: head, names };
    }
};
