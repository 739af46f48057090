// Go tests named as `go test` selects them: a package folder then the test (`pkg/pricing::TestDiscount`), a test
// file then the test (`pkg/pricing/pricing_test.go::TestDiscount`, the id of Ponder's results), or the test's name
// alone (`TestDiscount`, in every package). A subtest follows its test after `/` (`TestDiscount/empty`).

import type { TestIdSyntax } from "../LanguageSupport.js";
import { isProjectPath, splitTestId, type ParsedTestId } from "../../toolchains/testIdMatching.js";

const testName = /^(Test|Example|Benchmark|Fuzz)\w*(\/\S+)*$/;

export const goTestIds: TestIdSyntax = {
    description:
        "a package folder or test file, then `::` and the test (`pkg/pricing::TestDiscount`, `pricing_test.go::TestDiscount/empty`), or a test's name alone (`TestDiscount`)",
    parse(id: string): ParsedTestId | undefined {
        const { id: clean, head, rest } = splitTestId(id);
        if (rest === undefined) {
            if (testName.test(head)) return { id: clean, names: head.split("/") };
            if (head.endsWith("_test.go") && isProjectPath(head)) return { id: clean, file: head, names: [] };
            if (head === "." || isProjectPath(head)) return { id: clean, folder: head, names: [] };
            return undefined;
        }
        if (!testName.test(rest)) return undefined;
        if (head.endsWith(".go"))
            return isProjectPath(head) ? { id: clean, file: head, names: rest.split("/") } : undefined;
        return head === "." || isProjectPath(head) ? { id: clean, folder: head, names: rest.split("/") } : undefined;
    }
};
