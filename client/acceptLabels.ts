// The words on the buttons that apply a result (the panel's Accept, the notification's Apply): a result that is not
// proven says so on the button itself, so nobody applies an unproven patch thinking it is proven. Only a `verified`
// fix, or tests that pass together in the test file as written, count as proven.

import type { JobKind } from "../protocol/index.js";

export interface AcceptLabels {
    /** The panel's Accept button. */
    panel: string;
    /** The notification's Apply button. */
    notification: string;
}

/** How the panel's title and the buttons name each kind's job and its result; a new kind fails to compile until it is here. */
export const jobKindWords: Record<JobKind, { title: string; result: string }> = {
    fix: { title: "Fix", result: "patch" },
    tests: { title: "Tests", result: "tests" },
    port: { title: "Port", result: "port" },
    repair: { title: "Fix from a failure", result: "patch" }
};

/** `changesTest`: the patch changes one of the project's tests, which no proof covers: the button says so. */
export function acceptLabels(kind: JobKind, proven: boolean, changesTest = false): AcceptLabels {
    if (changesTest) return { panel: "Accept patch that changes your test", notification: "Apply and change my test" };
    if (proven) return { panel: "Accept", notification: "Apply" };
    const what = jobKindWords[kind].result;
    return { panel: `Accept unproven ${what}`, notification: `Apply unproven ${what}` };
}
