// Watches a thought as it streams and says when it goes in circles. Distilled R1 models sometimes repeat
// the same passage until the context is full; closing the thought early saves minutes of useless decoding.

export interface ThoughtLoopGuardOptions {
    /** Shortest repeated passage that counts, in characters. Default 16. */
    minPeriod?: number;
    /** Longest repeated passage looked for, in characters. Default 1200. */
    maxPeriod?: number;
    /** How many back-to-back copies of a passage make a loop. Default 3. */
    minRepeats?: number;
    /** A loop must cover at least this many characters, so short echoes ("Wait, wait, wait") pass. Default 200. */
    minLoopChars?: number;
    /** A sentence of at least 40 characters seen this many times, anywhere in the thought, is a loop too. Default 4. */
    sentenceRepeats?: number;
}

export interface ThoughtLoop {
    /** The passage that repeats. */
    passage: string;
    repeats: number;
}

export class ThoughtLoopGuard {
    private tail = "";
    private sinceCheck = 0;
    private pendingSentence = "";
    private readonly sentenceCounts = new Map<string, number>();
    private readonly minPeriod: number;
    private readonly maxPeriod: number;
    private readonly minRepeats: number;
    private readonly minLoopChars: number;
    private readonly sentenceRepeats: number;

    constructor(options: ThoughtLoopGuardOptions = {}) {
        this.minPeriod = options.minPeriod ?? 16;
        this.maxPeriod = options.maxPeriod ?? 1200;
        this.minRepeats = options.minRepeats ?? 3;
        this.minLoopChars = options.minLoopChars ?? 200;
        this.sentenceRepeats = options.sentenceRepeats ?? 4;
    }

    /** Feeds the next piece of the thought; returns the loop once one is seen. */
    push(text: string): ThoughtLoop | undefined {
        this.tail += text;
        const keep = this.maxPeriod * this.minRepeats + 64;
        if (this.tail.length > keep * 2) this.tail = this.tail.slice(-keep);
        this.sinceCheck += text.length;
        const sentenceLoop = this.countSentences(text);
        if (sentenceLoop) return sentenceLoop;
        if (this.sinceCheck < 32) return undefined;
        this.sinceCheck = 0;
        return this.findPeriodicTail();
    }

    private countSentences(text: string): ThoughtLoop | undefined {
        this.pendingSentence += text;
        const parts = this.pendingSentence.split(/(?<=[.!?\n])/);
        this.pendingSentence = parts.pop() ?? "";
        for (const part of parts) {
            const sentence = part.trim().toLowerCase().replace(/\s+/g, " ");
            if (sentence.length < 40) continue;
            const count = (this.sentenceCounts.get(sentence) ?? 0) + 1;
            this.sentenceCounts.set(sentence, count);
            if (count >= this.sentenceRepeats) return { passage: part.trim(), repeats: count };
        }
        return undefined;
    }

    /** Looks for a passage the thought has just repeated back to back. */
    private findPeriodicTail(): ThoughtLoop | undefined {
        const text = this.tail;
        const n = text.length;
        const longest = Math.min(this.maxPeriod, Math.floor(n / this.minRepeats));
        for (let period = this.minPeriod; period <= longest; period++) {
            let matched = 0;
            while (matched < n - period && text.charCodeAt(n - 1 - matched) === text.charCodeAt(n - 1 - matched - period)) matched++;
            const repeats = Math.floor((matched + period) / period);
            if (repeats >= this.minRepeats && matched + period >= this.minLoopChars)
                return { passage: text.slice(n - period), repeats };
        }
        return undefined;
    }
}
