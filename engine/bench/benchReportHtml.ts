// The benchmark report as one self-contained HTML page: the totals, an inline SVG bar chart per metric (overall
// and per language), and the per-task table. No script, no external file; every text is escaped.

import type { BenchJob, BenchReport, Rate, TaskOutcome } from "./BenchTypes.js";
import { claimRate, falseClaimRate, hiddenPassRate, rate } from "./benchTotals.js";

interface Metric {
    title: string;
    /** What the metric means, in one sentence. */
    meaning: string;
    /** The rate over a set of outcomes; undefined when the metric does not apply to them. */
    of: (outcomes: TaskOutcome[]) => Rate | undefined;
    /** A metric that must stay at zero is drawn red when it is not. */
    mustBeZero?: boolean;
}

const metrics: Metric[] = [
    {
        title: "Verified rate",
        meaning: "Fix tasks the chain called verified.",
        of: (o) => ofJob("fix", o, (f) => claimRate(f, "verified"))
    },
    {
        title: "False-verified rate",
        mustBeZero: true,
        meaning: "Of the fixes called verified, those whose patch fails the hidden checks. It must stay at zero.",
        of: (o) => ofJob("fix", o, (f) => falseClaimRate(f, "verified"))
    },
    {
        title: "pass@1 with verification",
        meaning: "Fix tasks whose chosen (ranked) patch passes the hidden checks.",
        of: (o) => ofJob("fix", o, hiddenPassRate)
    },
    {
        title: "pass@1 without verification",
        meaning:
            "Fix tasks whose first candidate's patch passes the hidden checks: what an unverified assistant would have offered.",
        of: (o) => ofJob("fix", o, (f) => rate(f.filter((t) => t.firstCandidate?.kind === "pass").length, f.length))
    },
    {
        title: "False-kept rate",
        mustBeZero: true,
        meaning: "Tests tasks whose kept tests fail on the reference code.",
        of: (o) => ofJob("tests", o, (t) => falseClaimRate(t, "kept"))
    },
    {
        title: "Hidden bugs caught",
        meaning: "Hidden buggy variants on which a kept test fails.",
        of: (o) =>
            ofJob("tests", o, (t) =>
                rate(
                    t.reduce((s, x) => s + (x.variantsCaught?.caught ?? 0), 0),
                    t.reduce((s, x) => s + (x.variantsCaught?.total ?? 0), 0)
                )
            )
    },
    {
        title: "Mutation score of kept tests",
        meaning: "Mutants of the target the kept tests kill, averaged over tests tasks whose mutants ran.",
        of: (o) =>
            ofJob("tests", o, (t) => {
                const scores = t.flatMap((x) => (x.mutationScore !== undefined ? [x.mutationScore] : []));
                return scores.length === 0
                    ? undefined
                    : {
                          count: scores.reduce((a, b) => a + b, 0) / 100,
                          of: scores.length,
                          value: scores.reduce((a, b) => a + b, 0) / scores.length / 100
                      };
            })
    },
    {
        title: "Port equivalence rate",
        meaning: "Port tasks the port chain called equivalent (every function proven on every differential case).",
        of: (o) => ofJob("port", o, (p) => claimRate(p, "equivalent"))
    },
    {
        title: "False-equivalent rate",
        mustBeZero: true,
        meaning:
            "Of the ports called equivalent, those that fail the hidden checks: the port's false-verified. It must stay at zero.",
        of: (o) => ofJob("port", o, (p) => falseClaimRate(p, "equivalent"))
    },
    {
        title: "Hidden pass rate of ports",
        meaning: "Port tasks whose port passes the hidden checks.",
        of: (o) => ofJob("port", o, hiddenPassRate)
    }
];

/** The metric over the outcomes of one job; undefined when there are none. */
function ofJob(
    job: BenchJob,
    outcomes: TaskOutcome[],
    f: (ofThatJob: TaskOutcome[]) => Rate | undefined
): Rate | undefined {
    const selected = outcomes.filter((o) => o.job === job);
    return selected.length === 0 ? undefined : f(selected);
}

/** The job as the tables show it: `port→rust` for a port. */
export function jobLabel(task: TaskOutcome): string {
    return task.to ? `${task.job}→${task.to}` : task.job;
}

export function benchReportHtml(report: BenchReport): string {
    const languages = [...new Set(report.tasks.map((t) => t.language))].sort();
    const groups: [string, TaskOutcome[]][] = [
        ["all", report.tasks],
        ...languages.map((l): [string, TaskOutcome[]] => [l, report.tasks.filter((t) => t.language === l)])
    ];
    const charts = metrics
        .map((metric) => {
            const bars = groups.flatMap(([label, outcomes]) => {
                const value = metric.of(outcomes);
                return value ? [{ label, rate: value }] : [];
            });
            if (bars.length === 0) return "";
            const overall = bars[0]!.rate;
            return (
                `<section class="metric" data-metric="${escape(metric.title)}"><h2>${escape(metric.title)}: ${percent(overall.value)}</h2>` +
                `<p>${escape(metric.meaning)}</p>${svgBars(bars, metric.mustBeZero === true)}</section>`
            );
        })
        .join("\n");
    const t = report.totals;
    const rows = report.tasks
        .map(
            (task) =>
                `<tr><td>${escape(task.id)}</td><td>${jobLabel(task)}</td><td>${task.language}</td><td>${task.claim}</td>` +
                `<td class="${task.hidden.kind}">${task.hidden.kind} ${task.hidden.passed}/${task.hidden.total}</td>` +
                `<td>${
                    task.firstCandidate
                        ? `${task.firstCandidate.kind}`
                        : task.variantsCaught
                          ? `${task.variantsCaught.caught}/${task.variantsCaught.total} caught`
                          : task.portUnits
                            ? `${task.portUnits.equivalent}/${task.portUnits.total} units equivalent`
                            : ""
                }</td>` +
                `<td>${task.mutationScore !== undefined ? `${task.mutationScore}%` : ""}</td><td>${(task.timings.totalMs / 1000).toFixed(1)} s</td>` +
                `<td>${(task.timings.modelMs / 1000).toFixed(1)} s</td><td>${task.tokens.generated}</td><td>${task.rounds}</td><td>${task.candidates}</td>` +
                `<td>${escape(task.error ?? task.hidden.reason ?? "")}</td></tr>`
        )
        .join("\n");
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Ponder bench: ${escape(report.suite)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
body { font: 14px system-ui, sans-serif; margin: 2em; color: #222; max-width: 72em; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 2px 6px; text-align: left; vertical-align: top; }
.pass { background: #e6f4ea; } .fail { background: #fce8e6; } .metric { margin: 1.5em 0; } .metric p { margin: 0.2em 0 0.5em; color: #555; }
</style></head><body>
<h1>Ponder bench: ${escape(report.suite)}</h1>
<p>Model <b>${escape(report.model)}</b>; ${report.settings.candidates} candidates per round, ${report.settings.jobs} task(s) at once;
${t.tasks} tasks (${t.fixTasks} fix, ${t.testsTasks} tests, ${t.portTasks} port), ${t.errors} could not run; ${report.startedAt} to ${report.finishedAt}.</p>
<table id="totals">
<tr><th>verified rate</th><td>${fraction(t.verifiedRate)}</td></tr>
<tr><th>false-verified rate</th><td>${fraction(t.falseVerifiedRate)}</td></tr>
<tr><th>false-equivalent rate (port)</th><td>${fraction(t.falseEquivalentRate)}</td></tr>
<tr><th>pass@1 with verification</th><td>${fraction(t.passAt1WithVerification)}</td></tr>
<tr><th>pass@1 without verification</th><td>${fraction(t.passAt1WithoutVerification)}</td></tr>
<tr><th>false-kept rate</th><td>${fraction(t.falseKeptRate)}</td></tr>
<tr><th>hidden bugs caught</th><td>${fraction(t.variantsCaughtRate)}</td></tr>
<tr><th>port equivalence rate</th><td>${fraction(t.portEquivalenceRate)}</td></tr>
<tr><th>hidden pass rate of ports</th><td>${fraction(t.portHiddenPassRate)}</td></tr>
<tr><th>mean mutation score</th><td>${t.meanMutationScore === null ? "n/a" : `${t.meanMutationScore}%`}</td></tr>
<tr><th>median time per task</th><td>${(t.medianTaskMs / 1000).toFixed(1)} s (outside the model ${(t.medianHarnessMs / 1000).toFixed(1)} s)</td></tr>
<tr><th>tokens generated</th><td>${t.tokensGenerated}</td></tr>
</table>
<h2>Fix verdicts by strength</h2>
<p>Each status and each kind of evidence: its share of the fix tasks, and how often the patch it came with failed the hidden checks.</p>
<table id="strength"><tr><th>verdict</th><th>tasks</th><th>patch wrong</th></tr>
${[
    ...Object.entries(t.byStatus).map(([name, s]) => [`status ${name}`, s] as const),
    ...Object.entries(t.byEvidence).map(([name, s]) => [`evidence ${name}`, s] as const)
]
    .map(([name, s]) => `<tr><th>${escape(name)}</th><td>${fraction(s.share)}</td><td>${fraction(s.wrong)}</td></tr>`)
    .join("\n")}
</table>
${charts}
<h2>Tasks</h2>
<table id="tasks"><tr><th>task</th><th>job</th><th>language</th><th>claim</th><th>hidden</th><th>first candidate / variants / units</th><th>mutation</th><th>time</th><th>model</th><th>tokens</th><th>rounds</th><th>candidates</th><th>note</th></tr>
${rows}
</table>
</body></html>
`;
}

/** Horizontal bars, one per group, 0–100 %. */
function svgBars(bars: { label: string; rate: Rate }[], mustBeZero: boolean): string {
    const rowHeight = 22;
    const labelWidth = 110;
    const barWidth = 360;
    const height = bars.length * rowHeight + 6;
    const rows = bars
        .map((bar, i) => {
            const y = 3 + i * rowHeight;
            const width = Math.round(barWidth * Math.max(0, Math.min(1, bar.rate.value)));
            const colour = mustBeZero ? (bar.rate.value > 0 ? "#d93025" : "#1e8e3e") : "#1a73e8";
            return (
                `<text x="0" y="${y + 15}">${escape(bar.label)}</text>` +
                `<rect x="${labelWidth}" y="${y}" width="${barWidth}" height="${rowHeight - 6}" fill="#eee"/>` +
                `<rect x="${labelWidth}" y="${y}" width="${width}" height="${rowHeight - 6}" fill="${colour}"/>` +
                `<text x="${labelWidth + barWidth + 8}" y="${y + 15}">${percent(bar.rate.value)} (${round(bar.rate.count)}/${bar.rate.of})</text>`
            );
        })
        .join("");
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + barWidth + 140}" height="${height}" font-size="13" role="img">${rows}</svg>`;
}

function percent(value: number): string {
    return `${(100 * value).toFixed(1)}%`;
}

function fraction(r: Rate): string {
    return `${percent(r.value)} (${round(r.count)} of ${r.of})`;
}

function round(value: number): string {
    return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

function escape(text: string): string {
    return text.replace(
        /[&<>"']/g,
        (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!
    );
}
