// Where the gold function stands in a localisation: its 1-based rank among the suspects as the evidence ordered
// them, and with the model's choice among tied suspects put first. Function level: the file and the function must
// both match (a qualified suspect `Cart.total` matches the gold `total` and the reverse).

import type { Localisation, Suspect } from "../../chains/repair/localisation/LocalisationTypes.js";
import type { GoldLocation, GoldRank } from "./RepoBenchTypes.js";

export function goldRank(gold: readonly GoldLocation[], localisation: Localisation | undefined): GoldRank {
    if (!localisation) return {};
    const byEvidence = [...localisation.suspects].sort((a, b) => a.rank - b.rank);
    const choice = localisation.modelChoice;
    const withModel = choice
        ? [
              { file: choice.file, name: choice.name },
              ...byEvidence.filter((s) => !(s.file === choice.file && s.name === choice.name))
          ]
        : byEvidence;
    const rankIn = (list: readonly Pick<Suspect, "file" | "name">[]) => {
        const index = list.findIndex((suspect) => gold.some((location) => isGold(location, suspect)));
        return index >= 0 ? index + 1 : undefined;
    };
    const evidenceRank = rankIn(byEvidence);
    const modelRank = rankIn(withModel);
    return {
        ...(evidenceRank !== undefined ? { byEvidence: evidenceRank } : {}),
        ...(modelRank !== undefined ? { withModel: modelRank } : {})
    };
}

export function isGold(location: GoldLocation, suspect: Pick<Suspect, "file" | "name">): boolean {
    if (location.file !== suspect.file) return false;
    const a = location.function;
    const b = suspect.name;
    // A bare name on either side matches the other's last part; two qualified names must be equal.
    if (a === b) return true;
    if (!isQualified(a)) return a === lastPart(b);
    return !isQualified(b) && b === lastPart(a);
}

function isQualified(name: string): boolean {
    return /\.|::/.test(name);
}

/** `Cart.total`, `Cart::total` and `total` all end in `total`. */
function lastPart(name: string): string {
    return name.split(/\.|::/).at(-1)!;
}
