// Ponder's side panel page: renders the live trace of a fix job (steps, and each candidate's thought and answer)
// from messages the extension posts. Plain DOM; model output only ever goes in through textContent, never as HTML.
// @ts-check
(function () {
    // eslint-disable-next-line no-undef
    const vscode = acquireVsCodeApi();
    const empty = /** @type {HTMLElement} */ (document.getElementById("empty"));
    const job = /** @type {HTMLElement} */ (document.getElementById("job"));
    const title = /** @type {HTMLElement} */ (document.getElementById("title"));
    const status = /** @type {HTMLElement} */ (document.getElementById("status"));
    const steps = /** @type {HTMLElement} */ (document.getElementById("steps"));
    const candidates = /** @type {HTMLElement} */ (document.getElementById("candidates"));
    /** @type {string | undefined} */
    let currentJob;
    /** @type {Map<string, {root: HTMLDetailsElement, summary: HTMLElement, thought: HTMLElement, answer: HTMLElement, stats: HTMLElement}>} */
    const cards = new Map();

    /** @param {string} tag @param {string} className @param {string} [text] */
    function element(tag, className, text) {
        const node = document.createElement(tag);
        node.className = className;
        if (text !== undefined) node.textContent = text;
        return node;
    }

    /** @param {number} round @param {number} candidate */
    function card(round, candidate) {
        const key = `${round}/${candidate}`;
        let found = cards.get(key);
        if (!found) {
            const root = /** @type {HTMLDetailsElement} */ (element("details", "candidate"));
            root.open = true;
            const summary = element("summary", "summary", `Round ${round + 1}, candidate ${candidate + 1}: thinking…`);
            const thought = element("pre", "thought");
            const answer = element("pre", "answer");
            const stats = element("p", "stats");
            root.append(summary, thought, answer, stats);
            candidates.append(root);
            found = { root, summary, thought, answer, stats };
            cards.set(key, found);
        }
        return found;
    }

    /** @param {any} event */
    function onTrace(event) {
        switch (event.kind) {
            case "thought": card(event.round, event.candidate).thought.append(event.text); break;
            case "answer": card(event.round, event.candidate).answer.append(event.text); break;
            case "thoughtEnd": {
                const c = card(event.round, event.candidate);
                c.summary.textContent = `Round ${event.round + 1}, candidate ${event.candidate + 1}: answering (thought closed by ${event.closedBy})`;
                break;
            }
            case "candidateDone": {
                const c = card(event.round, event.candidate);
                c.summary.textContent = `Round ${event.round + 1}, candidate ${event.candidate + 1}: done (${event.stopReason})`;
                c.stats.textContent = `${event.thoughtTokens} thought tokens, ${event.answerTokens} answer tokens, ${event.tokensPerSecond.toFixed(1)} tokens/s`;
                break;
            }
            case "step": steps.append(element("li", "step", `${event.step}: ${event.detail}`)); break;
            case "evidence":
                for (const c of event.candidates) {
                    const found = card(c.round, c.index);
                    found.root.classList.toggle("verified", c.verified);
                    found.stats.append(element("span", "evidence", ` · reward ${Number(c.reward).toFixed(2)}${c.verified ? " · verified" : ""}`));
                }
                break;
            case "model": status.textContent = `Model: ${event.detail}${event.fraction !== undefined ? ` (${Math.round(event.fraction * 100)}%)` : ""}`; break;
            case "done": status.textContent = `Done: ${event.status}${event.message ? ` (${event.message})` : ""}`; break;
        }
    }

    window.addEventListener("message", (message) => {
        const data = message.data;
        if (data.type === "job") {
            currentJob = data.jobId;
            cards.clear();
            candidates.replaceChildren();
            steps.replaceChildren();
            title.textContent = `Fix: ${data.title}`;
            status.textContent = "Waiting for the model…";
            empty.hidden = true;
            job.hidden = false;
        } else if (data.jobId !== currentJob) {
            return;
        } else if (data.type === "trace") {
            onTrace(data.event);
        } else if (data.type === "end") {
            status.textContent = data.message;
        }
    });
    vscode.postMessage({ type: "ready" });
})();
