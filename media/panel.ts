// Ponder's side panel page: renders a job's live trace (steps, each candidate's thought and answer with its
// token count, speed and thinking budget used), then the evidence table and the Accept / Reject / Show diff /
// Cancel buttons, from the messages of protocol/panelMessages.ts. Plain DOM; model output only ever goes in as
// text (textContent, text nodes), never as HTML. Reports how long trace events took from the server to the screen.

import type { PageMessage, PanelAction, PanelMessage, PanelResult, TraceEvent } from "../protocol/index.js";

/** The part of the webview API the page uses; VS Code defines the function in the page before any script runs. */
interface WebviewApi {
    postMessage(message: PageMessage): void;
}
declare function acquireVsCodeApi(): WebviewApi;

/** One candidate's card: its summary line, thought, answer and stats, and the tokens seen so far. */
interface CandidateCard {
    root: HTMLDetailsElement;
    summary: HTMLElement;
    thought: HTMLElement;
    answer: HTMLElement;
    stats: HTMLElement;
    tokens: number;
    started: number;
}

const vscode = acquireVsCodeApi();

/** The element of the page with this id (TracePanel.ts writes them all); a missing one is a fault of the page, said at once. */
function byId(id: string): HTMLElement;
function byId<E extends HTMLElement>(id: string, type: { new (): E; prototype: E }): E;
function byId(id: string, type: { new (): HTMLElement; prototype: HTMLElement } = HTMLElement): HTMLElement {
    const found = document.getElementById(id);
    if (!(found instanceof type)) throw new Error(`The panel page has no ${type.name} #${id}.`);
    return found;
}

const empty = byId("empty"),
    job = byId("job"),
    title = byId("title"),
    status = byId("status"),
    steps = byId("steps");
const candidates = byId("candidates"),
    tests = byId("tests"),
    evidence = byId("evidence"),
    headline = byId("headline");
const rewards = byId("rewards", HTMLTableElement),
    details = byId("details"),
    restricted = byId("restricted");
const expert = byId("expert");
const buttons: Record<PanelAction, HTMLElement> = {
    cancel: byId("cancel"),
    showDiff: byId("showDiff"),
    accept: byId("accept"),
    reject: byId("reject")
};
let currentJob: string | undefined;
const cards = new Map<string, CandidateCard>();
/** Milliseconds from send to screen of the deltas shown since the last report. */
let latencies: number[] = [];
let thinkBudget: number | undefined;

function element<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    className: string,
    text?: string
): HTMLElementTagNameMap[K] {
    const node = document.createElement(tag);
    node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
}

function card(round: number, candidate: number, unit?: string): CandidateCard {
    const key = `${unit ?? ""}/${round}/${candidate}`;
    let found = cards.get(key);
    if (!found) {
        const root = element("details", "candidate");
        root.open = true;
        const summary = element("summary", "summary", `${label(round, candidate, unit)}: thinking…`);
        const thought = element("pre", "thought");
        const answer = element("pre", "answer");
        const stats = element("p", "stats");
        root.append(summary, thought, answer, stats);
        candidates.append(root);
        found = { root, summary, thought, answer, stats, tokens: 0, started: performance.now() };
        cards.set(key, found);
    }
    return found;
}

/** A candidate's name: a port's unit and call, else the round and candidate. */
function label(round: number, candidate: number, unit?: string): string {
    return unit !== undefined ? `${unit}, call ${round + 1}` : `Round ${round + 1}, candidate ${candidate + 1}`;
}

function liveStats(shown: CandidateCard): void {
    const seconds = (performance.now() - shown.started) / 1000;
    shown.stats.textContent = `${shown.tokens} tokens so far · ${seconds > 0 ? (shown.tokens / seconds).toFixed(1) : "0"} tokens/s`;
}

function showDecision(visible: boolean, acceptLabel = "Accept"): void {
    // Only the button's text node changes (the icon stays): the label says when the result is not proven.
    const words = [...buttons.accept.childNodes].find((node) => node.nodeType === Node.TEXT_NODE);
    if (words) words.textContent = ` ${acceptLabel}`;
    buttons.accept.hidden = !visible;
    buttons.reject.hidden = !visible;
    buttons.showDiff.hidden = !visible;
}

function onTrace(event: TraceEvent): void {
    switch (event.kind) {
        case "thought":
        case "answer": {
            const shown = card(event.round, event.candidate, event.unit);
            // append(string) adds a text node: the model's text is never parsed as HTML.
            (event.kind === "thought" ? shown.thought : shown.answer).append(event.text);
            shown.tokens++;
            liveStats(shown);
            break;
        }
        case "thoughtEnd": {
            const shown = card(event.round, event.candidate, event.unit);
            shown.summary.textContent = `${label(event.round, event.candidate, event.unit)}: answering (thought closed by ${event.closedBy})`;
            break;
        }
        case "candidateDone": {
            const shown = card(event.round, event.candidate, event.unit);
            shown.summary.textContent = `${label(event.round, event.candidate, event.unit)}: done (${event.stopReason})`;
            const used = thinkBudget
                ? ` · ${Math.round((100 * event.thoughtTokens) / thinkBudget)}% of the ${thinkBudget}-token thinking budget`
                : "";
            shown.stats.textContent = `${event.thoughtTokens} thought tokens, ${event.answerTokens} answer tokens, ${event.tokensPerSecond.toFixed(1)} tokens/s${used}`;
            shown.root.open = false;
            break;
        }
        case "step":
            steps.append(
                element(
                    "li",
                    "step",
                    `${event.unit !== undefined ? `${event.unit} · ` : ""}${event.step}: ${event.detail}`
                )
            );
            break;
        case "test": {
            const verdict =
                event.verdict === "kept" ? "✓ kept" : event.verdict === "dropped" ? "✗ dropped" : "! possible bug";
            tests.append(element("li", `test ${event.verdict}`, `${verdict} ${event.name}: ${event.reason}`));
            break;
        }
        case "evidence":
            for (const candidate of event.candidates) {
                const shown = card(candidate.round, candidate.index);
                shown.root.classList.toggle("verified", candidate.verified);
                shown.stats.append(
                    element(
                        "span",
                        "evidence",
                        ` · reward ${candidate.reward.toFixed(2)}${candidate.verified ? " · verified" : ""}`
                    )
                );
            }
            break;
        case "expert":
            expert.hidden = false;
            expert.textContent = `Expert: ${event.name} (${event.model})${event.escalatedFrom ? `, after ${event.escalatedFrom} did not verify it` : ""}. ${event.why}.`;
            steps.append(
                element(
                    "li",
                    "step expert",
                    `expert: ${event.name} took the job (estimated ${Math.round(event.estimatedSuccessRate * 100)}% to verify, ${(event.estimatedCostMs / 1000).toFixed(1)} s)`
                )
            );
            break;
        case "model":
            status.textContent = `Model: ${event.detail}${event.fraction !== undefined ? ` (${Math.round(event.fraction * 100)}%)` : ""}`;
            break;
        case "done":
            status.textContent = `Done: ${event.status}${event.message ? ` (${event.message})` : ""}`;
            buttons.cancel.hidden = true;
            flushLatency();
            break;
    }
}

function onResult(result: PanelResult): void {
    evidence.hidden = false;
    headline.textContent = result.headline;
    const columns = result.columns ?? ["Candidate", "Reward", "Verified", "Why"];
    rewards.tHead?.rows[0]?.replaceChildren(...columns.map((name) => element("th", "", name)));
    const body = rewards.tBodies[0];
    body.replaceChildren();
    rewards.hidden = result.rows.length === 0;
    for (const row of result.rows) {
        const tr = element("tr", row.chosen ? "chosen" : "");
        tr.append(
            element("td", "", `${row.chosen ? "★ " : ""}${row.label}`),
            element("td", "num", row.reward.toFixed(2)),
            element("td", "", row.verified ? "yes" : "no"),
            element("td", "", row.why)
        );
        body.append(tr);
    }
    details.replaceChildren(...result.details.map((line) => element("li", "", line)));
    showDecision(result.decision, result.acceptLabel);
    buttons.cancel.hidden = true;
}

function flushLatency(): void {
    if (latencies.length === 0) return;
    vscode.postMessage({ type: "latency", values: latencies });
    latencies = [];
}

function startJob(message: Extract<PanelMessage, { type: "job" }>): void {
    currentJob = message.jobId;
    thinkBudget = message.thinkBudget;
    cards.clear();
    candidates.replaceChildren();
    steps.replaceChildren();
    tests.replaceChildren();
    expert.hidden = true;
    expert.textContent = "";
    evidence.hidden = true;
    showDecision(false);
    buttons.cancel.hidden = false;
    title.textContent = message.title;
    status.textContent = "Waiting for the model…";
    empty.hidden = true;
    job.hidden = false;
}

function onMessage(message: PanelMessage): void {
    if (message.type === "restricted") {
        restricted.textContent = message.message;
        restricted.hidden = message.message === "";
        return;
    }
    if (message.type === "job") return startJob(message);
    if (message.jobId !== currentJob) return;
    switch (message.type) {
        case "trace":
        case "traces": {
            const entries = message.type === "trace" ? [message] : message.events;
            const sent: number[] = [];
            for (const { event, sentAt } of entries) {
                onTrace(event);
                if (typeof sentAt === "number" && (event.kind === "thought" || event.kind === "answer"))
                    sent.push(sentAt);
            }
            // Measured once the deltas are laid out, i.e. on the next frame.
            if (sent.length > 0)
                requestAnimationFrame(() => {
                    const now = Date.now();
                    for (const sentAt of sent) latencies.push(now - sentAt);
                    if (latencies.length >= 200) flushLatency();
                });
            break;
        }
        case "result":
            onResult(message.result);
            break;
        case "decided":
            showDecision(false);
            status.textContent = message.message;
            break;
        case "end":
            status.textContent = message.message;
            buttons.cancel.hidden = true;
            showDecision(false);
            flushLatency();
            break;
    }
}

for (const [action, button] of Object.entries(buttons) as [PanelAction, HTMLElement][]) {
    button.addEventListener("click", () => {
        if (currentJob !== undefined) vscode.postMessage({ type: "action", jobId: currentJob, action });
    });
}
// Only the extension host posts to the page (webviews take no messages from other origins).
window.addEventListener("message", (event: MessageEvent<PanelMessage>) => onMessage(event.data));
vscode.postMessage({ type: "ready" });
