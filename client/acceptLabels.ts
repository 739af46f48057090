// The words on the buttons that apply a result (the panel's Accept, the notification's Apply): a result that is not
// proven says so on the button itself, so nobody applies an unproven patch thinking it is proven. Only a `verified`
// fix, or tests that pass together in the test file as written, count as proven.

import type { PanelJobKind } from "../protocol/index.js";

export interface AcceptLabels {
    /** The panel's Accept button. */
    panel: string;
    /** The notification's Apply button. */
    notification: string;
}

export function acceptLabels(kind: PanelJobKind, proven: boolean): AcceptLabels {
    if (proven) return { panel: "Accept", notification: "Apply" };
    const what = kind === "fix" ? "patch" : kind === "tests" ? "tests" : "port";
    return { panel: `Accept unproven ${what}`, notification: `Apply unproven ${what}` };
}
