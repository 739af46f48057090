// Writes a benchmark report into its output folder: report.json (the data) and report.html (the page).

import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { BenchReport } from "./BenchTypes.js";
import { benchReportHtml } from "./benchReportHtml.js";

export async function writeBenchReport(outDir: string, report: BenchReport): Promise<{ json: string; html: string }> {
    await mkdir(outDir, { recursive: true });
    const json = join(outDir, "report.json");
    const html = join(outDir, "report.html");
    await writeFile(json, JSON.stringify(report, null, 2) + "\n");
    await writeFile(html, benchReportHtml(report));
    return { json, html };
}
