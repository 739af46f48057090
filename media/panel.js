// Ponder's side panel page: renders a job's live trace (steps, each candidate's thought and answer with its
// token count, speed and thinking budget used), then the evidence table and the Accept / Reject / Show diff /
// Cancel buttons, from messages the extension posts. Plain DOM; model output only ever goes in through
// textContent, never as HTML. Reports how long trace events took from the server to the screen.
// @ts-check
(function () {
    // eslint-disable-next-line no-undef
    const vscode = acquireVsCodeApi();
    /** @param {string} id */
    const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
    const empty = byId("empty"), job = byId("job"), title = byId("title"), status = byId("status"), steps = byId("steps");
    const candidates = byId("candidates"), tests = byId("tests"), evidence = byId("evidence"), headline = byId("headline");
    const rewards = /** @type {HTMLTableElement} */ (byId("rewards")), details = byId("details"), restricted = byId("restricted");
    const expert = byId("expert");
    const buttons = { cancel: byId("cancel"), showDiff: byId("showDiff"), accept: byId("accept"), reject: byId("reject") };
    /** @type {string | undefined} */
    let currentJob;
    /** @type {Map<string, {root: HTMLDetailsElement, summary: HTMLElement, thought: HTMLElement, answer: HTMLElement, stats: HTMLElement, tokens: number, started: number}>} */
    const cards = new Map();
    /** @type {number[]} */
    let latencies = [];
    /** @type {number | undefined} */
    let thinkBudget;

    /** @param {string} tag @param {string} className @param {string} [text] */
    function element(tag, className, text) {
        const node = document.createElement(tag);
        node.className = className;
        if (text !== undefined) node.textContent = text;
        return node;
    }

    /** @param {number} round @param {number} candidate @param {string} [unit] the unit of a port */
    function card(round, candidate, unit) {
        const key = `${unit ?? ""}/${round}/${candidate}`;
        let found = cards.get(key);
        if (!found) {
            const root = /** @type {HTMLDetailsElement} */ (element("details", "candidate"));
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

    /** @param {number} round @param {number} candidate @param {string} [unit] */
    function label(round, candidate, unit) {
        return unit !== undefined ? `${unit}, call ${round + 1}` : `Round ${round + 1}, candidate ${candidate + 1}`;
    }

    /** @param {ReturnType<typeof card>} c */
    function liveStats(c) {
        const seconds = (performance.now() - c.started) / 1000;
        c.stats.textContent = `${c.tokens} tokens so far · ${seconds > 0 ? (c.tokens / seconds).toFixed(1) : "0"} tokens/s`;
    }

    /** @param {boolean} visible */
    function showDecision(visible) {
        buttons.accept.hidden = !visible;
        buttons.reject.hidden = !visible;
        buttons.showDiff.hidden = !visible;
    }

    /** @param {any} event */
    function onTrace(event) {
        switch (event.kind) {
            case "thought":
            case "answer": {
                const c = card(event.round, event.candidate, event.unit);
                (event.kind === "thought" ? c.thought : c.answer).append(event.text);
                c.tokens++;
                liveStats(c);
                break;
            }
            case "thoughtEnd": {
                const c = card(event.round, event.candidate, event.unit);
                c.summary.textContent = `${label(event.round, event.candidate, event.unit)}: answering (thought closed by ${event.closedBy})`;
                break;
            }
            case "candidateDone": {
                const c = card(event.round, event.candidate, event.unit);
                c.summary.textContent = `${label(event.round, event.candidate, event.unit)}: done (${event.stopReason})`;
                const used = thinkBudget ? ` · ${Math.round(100 * event.thoughtTokens / thinkBudget)}% of the ${thinkBudget}-token thinking budget` : "";
                c.stats.textContent = `${event.thoughtTokens} thought tokens, ${event.answerTokens} answer tokens, ${event.tokensPerSecond.toFixed(1)} tokens/s${used}`;
                c.root.open = false;
                break;
            }
            case "step": steps.append(element("li", "step", `${event.unit !== undefined ? `${event.unit} · ` : ""}${event.step}: ${event.detail}`)); break;
            case "test": tests.append(element("li", `test ${event.verdict}`, `${event.verdict === "kept" ? "✓ kept" : event.verdict === "dropped" ? "✗ dropped" : "! possible bug"} ${event.name}: ${event.reason}`)); break;
            case "evidence":
                for (const c of event.candidates) {
                    const found = card(c.round, c.index);
                    found.root.classList.toggle("verified", c.verified);
                    found.stats.append(element("span", "evidence", ` · reward ${Number(c.reward).toFixed(2)}${c.verified ? " · verified" : ""}`));
                }
                break;
            case "expert":
                expert.hidden = false;
                expert.textContent = `Expert: ${event.name} (${event.model})${event.escalatedFrom ? `, after ${event.escalatedFrom} did not verify it` : ""}. ` +
                    `${event.why}.`;
                steps.append(element("li", "step expert", `expert: ${event.name} took the job (estimated ${Math.round(event.estimatedSuccessRate * 100)}% to verify, ${(event.estimatedCostMs / 1000).toFixed(1)} s)`));
                break;
            case "model": status.textContent = `Model: ${event.detail}${event.fraction !== undefined ? ` (${Math.round(event.fraction * 100)}%)` : ""}`; break;
            case "done":
                status.textContent = `Done: ${event.status}${event.message ? ` (${event.message})` : ""}`;
                buttons.cancel.hidden = true;
                flushLatency();
                break;
        }
    }

    /** @param {any} result */
    function onResult(result) {
        evidence.hidden = false;
        headline.textContent = result.headline;
        const columns = result.columns ?? ["Candidate", "Reward", "Verified", "Why"];
        rewards.tHead?.rows[0]?.replaceChildren(...columns.map((/** @type {string} */ name) => element("th", "", name)));
        const body = rewards.tBodies[0];
        body.replaceChildren();
        rewards.hidden = result.rows.length === 0;
        for (const row of result.rows) {
            const tr = element("tr", row.chosen ? "chosen" : "");
            tr.append(element("td", "", `${row.chosen ? "★ " : ""}${row.label}`), element("td", "num", Number(row.reward).toFixed(2)),
                element("td", "", row.verified ? "yes" : "no"), element("td", "", row.why));
            body.append(tr);
        }
        details.replaceChildren(...result.details.map((/** @type {string} */ line) => element("li", "", line)));
        showDecision(result.decision);
        buttons.cancel.hidden = true;
    }

    function flushLatency() {
        if (latencies.length === 0) return;
        vscode.postMessage({ type: "latency", values: latencies });
        latencies = [];
    }

    for (const [action, button] of Object.entries(buttons)) {
        button.addEventListener("click", () => {
            if (currentJob !== undefined) vscode.postMessage({ type: "action", jobId: currentJob, action });
        });
    }

    window.addEventListener("message", (message) => {
        const data = message.data;
        if (data.type === "restricted") {
            restricted.textContent = data.message;
            restricted.hidden = data.message === "";
        } else if (data.type === "job") {
            currentJob = data.jobId;
            thinkBudget = data.thinkBudget;
            cards.clear();
            candidates.replaceChildren();
            steps.replaceChildren();
            tests.replaceChildren();
            expert.hidden = true;
            expert.textContent = "";
            evidence.hidden = true;
            showDecision(false);
            buttons.cancel.hidden = false;
            title.textContent = `${data.kind === "tests" ? "Tests" : data.kind === "port" ? "Port" : "Fix"}: ${data.title}`;
            status.textContent = "Waiting for the model…";
            empty.hidden = true;
            job.hidden = false;
        } else if (data.jobId !== currentJob) {
            return;
        } else if (data.type === "trace" || data.type === "traces") {
            /** @type {{event: any, sentAt?: number}[]} */
            const events = data.type === "trace" ? [data] : data.events;
            /** @type {number[]} */
            const sent = [];
            for (const { event, sentAt } of events) {
                onTrace(event);
                if (typeof sentAt === "number" && (event.kind === "thought" || event.kind === "answer")) sent.push(sentAt);
            }
            // Measured once the deltas are laid out, i.e. on the next frame.
            if (sent.length > 0) requestAnimationFrame(() => {
                const now = Date.now();
                for (const sentAt of sent) latencies.push(now - sentAt);
                if (latencies.length >= 200) flushLatency();
            });
        } else if (data.type === "result") {
            onResult(data.result);
        } else if (data.type === "decided") {
            showDecision(false);
            status.textContent = data.message;
        } else if (data.type === "end") {
            status.textContent = data.message;
            buttons.cancel.hidden = true;
            showDecision(false);
            flushLatency();
        }
    });
    vscode.postMessage({ type: "ready" });
})();
