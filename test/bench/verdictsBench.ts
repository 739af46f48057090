// `npm run bench -- verdicts [--engine out/engine/index.js]… [--seeds N] [--language python|typescript] [--program NAME]… [--kind KIND]…`: the verdict
// benchmark suite (test/bench/verdicts) through each named engine, judged afterwards by hidden inputs with this
// checkout's judge. Figures, not pass/fail: run the old and the new engine's compiled modules in one run to compare.

import { parseArgs } from "node:util";
import type { BenchRow } from "./BenchRow.js";
import { pythonPrograms } from "./verdicts/pythonPrograms.js";
import { runVerdictSuite, verdictKinds, type VerdictKind } from "./verdicts/runVerdictSuite.js";
import { typescriptPrograms } from "./verdicts/typescriptPrograms.js";
import { verdictFigures, type Fraction } from "./verdicts/verdictFigures.js";

export async function runVerdictBenchmarks(): Promise<BenchRow[]> {
    const { values } = parseArgs({
        args: process.argv.slice(2),
        allowPositionals: true,
        strict: false,
        options: {
            engine: { type: "string", multiple: true },
            seeds: { type: "string" },
            language: { type: "string" },
            program: { type: "string", multiple: true },
            kind: { type: "string", multiple: true }
        }
    });
    const seedCount = Number(values.seeds ?? 3);
    const named = values.program as string[] | undefined;
    const programs = [...pythonPrograms, ...typescriptPrograms].filter(
        (p) =>
            (values.language === undefined || p.language === values.language) &&
            (named === undefined || named.includes(p.name))
    );
    const engines = (values.engine as string[] | undefined) ?? undefined;
    const kinds = values.kind as string[] | undefined;
    const unknown = kinds?.filter((k) => !(verdictKinds as readonly string[]).includes(k)) ?? [];
    if (unknown.length > 0)
        throw new Error(`Unknown verdict kind ${unknown.join(", ")}: one of ${verdictKinds.join(", ")}.`);
    const runs = await runVerdictSuite({
        programs,
        ...(kinds ? { kinds: kinds as VerdictKind[] } : {}),
        seeds: Array.from({ length: seedCount }, (_, i) => i + 1),
        ...(engines ? { engines } : {}),
        onRun: (run) =>
            process.stderr.write(
                `  ${run.engine} ${run.language} ${run.program} ${run.kind} seed ${run.seed}: ${run.status}` +
                    `${run.chosenCorrect ? ", correct" : run.status === "noCandidate" ? "" : ", WRONG"}${run.sampledCorrect ? ", correct sampled" : ""}; model ${(run.modelMs / 1000).toFixed(1)} s, total ${(run.totalMs / 1000).toFixed(1)} s` +
                    `${run.error ? ` (${run.error.slice(0, 200)})` : ""}\n`
            )
    });
    const rows: BenchRow[] = [];
    const percent = (f: Fraction) => (f.of === 0 ? 0 : (100 * f.count) / f.of);
    for (const figures of verdictFigures(runs)) {
        const note = (f: Fraction) => `${f.count}/${f.of}; ${figures.engine}`;
        rows.push(
            {
                name: "verdicts: verified among wrong-only models (goal 0)",
                value: percent(figures.verifiedAmongWrongOnly),
                unit: "%",
                note: note(figures.verifiedAmongWrongOnly)
            },
            {
                name: "verdicts: verified but wrong in mixed groups (goal 0)",
                value: percent(figures.verifiedButWrongInMixed),
                unit: "%",
                note: note(figures.verifiedButWrongInMixed)
            },
            {
                name: "verdicts: verified with a user's failing test, correct model (goal ≥ 95%)",
                value: percent(figures.verifiedWithUserTest),
                unit: "%",
                note: note(figures.verifiedWithUserTest)
            },
            {
                name: "verdicts: correct patch chosen when sampled (goal 100%)",
                value: percent(figures.correctChosenWhenSampled),
                unit: "%",
                note: note(figures.correctChosenWhenSampled)
            }
        );
        for (const [kind, ms] of Object.entries(figures.meanModelMs))
            rows.push({
                name: `verdicts: model time per run, ${kind}`,
                value: ms / 1000,
                unit: "s",
                note: figures.engine
            });
        rows.push({
            name: "verdicts: statuses",
            value: runs.filter((r) => r.engine === figures.engine).length,
            unit: "runs",
            note: `${Object.entries(figures.statuses)
                .map(([status, n]) => `${status} ${n}`)
                .join(", ")}; ${figures.errors} errors; ${figures.engine}`
        });
    }
    return rows;
}
