// Watches a thought as it streams and says when it goes in circles. Distilled R1 models sometimes repeat
// the same passage until the context is full; closing the thought early saves minutes of useless decoding.
// Only a passage repeated back to back counts: a reasoning that ends by itself rewrites the same `def` line in each
// draft and comes back to the same doubt thousands of characters apart, and neither is a loop.

export interface ThoughtLoopGuardOptions {
    /** Shortest repeated passage that counts, in characters. Default 16. */
    minPeriod?: number;
    /** Longest repeated passage looked for, in characters. Default 1200. */
    maxPeriod?: number;
    /** How many back-to-back copies of a passage make a loop. Default 3. */
    minRepeats?: number;
    /** A loop must cover at least this many characters, so short echoes ("Wait, wait, wait") pass. Default 200. */
    minLoopChars?: number;
}

export interface ThoughtLoop {
    /** The passage that repeats, as the guard compares it: lower case, each run of white space one space. */
    passage: string;
    repeats: number;
    /** How many characters (compared form) the back-to-back copies cover when the loop is reported. */
    loopChars: number;
}

/** Characters between two looks for a loop; the detection bound grows by at most this much. */
const checkEvery = 32;
/** How many times more text a passage with fewer than two distinct letters must cover to count as a loop. */
const wordlessFactor = 10;

/**
 * The loop guard. A passage of `minPeriod`…`maxPeriod` characters repeated back to back is reported once its
 * copies cover `max(minRepeats × period, minLoopChars)` characters, at the first look after that (looks are at
 * most `checkEvery` characters apart, or one pushed piece when pieces are longer): with the defaults, within
 * 3,632 characters of the loop's start for the longest period, and about 232 for one word repeated. A passage
 * with fewer than two distinct letters (a grid of zeros written out) must cover ten times `minLoopChars`.
 */
export class ThoughtLoopGuard {
    private tail = "";
    private sinceCheck = 0;
    private readonly minPeriod: number;
    private readonly maxPeriod: number;
    private readonly minRepeats: number;
    private readonly minLoopChars: number;

    constructor(options: ThoughtLoopGuardOptions = {}) {
        this.minPeriod = options.minPeriod ?? 16;
        this.maxPeriod = options.maxPeriod ?? 1200;
        this.minRepeats = options.minRepeats ?? 3;
        this.minLoopChars = options.minLoopChars ?? 200;
    }

    /**
     * The most characters after a loop's start (in compared form) before it is reported, for a piece of `chunk`
     * characters; `wordless` for a passage with fewer than two distinct letters (digits, punctuation).
     */
    detectionBound(period: number, chunk = 1, wordless = false): number {
        return (
            Math.max(this.minRepeats * period, this.minLoopChars * (wordless ? wordlessFactor : 1)) +
            Math.max(checkEvery, chunk)
        );
    }

    /** Feeds the next piece of the text; returns the loop once one is seen. */
    push(text: string): ThoughtLoop | undefined {
        // Case and white space are not compared: "Wait," and "wait," or a line break for a space do not break a loop.
        let piece = text.toLowerCase().replace(/\s+/g, " ");
        if (this.tail.endsWith(" ") && piece.startsWith(" ")) piece = piece.slice(1);
        this.tail += piece;
        const keep = Math.max(this.maxPeriod * this.minRepeats, this.minLoopChars) + 64;
        if (this.tail.length > keep * 2) this.tail = this.tail.slice(-keep);
        this.sinceCheck += piece.length;
        if (this.sinceCheck < checkEvery) return undefined;
        this.sinceCheck = 0;
        return this.findPeriodicTail();
    }

    /** Looks for a passage the text has just repeated back to back. */
    private findPeriodicTail(): ThoughtLoop | undefined {
        const text = this.tail;
        const n = text.length;
        const longest = Math.min(this.maxPeriod, Math.floor(n / this.minRepeats));
        for (let period = this.minPeriod; period <= longest; period++) {
            let matched = 0;
            while (
                matched < n - period &&
                text.charCodeAt(n - 1 - matched) === text.charCodeAt(n - 1 - matched - period)
            )
                matched++;
            const loopChars = matched + period;
            const repeats = Math.floor(loopChars / period);
            if (repeats < this.minRepeats || loopChars < this.minLoopChars) continue;
            const passage = text.slice(n - period);
            // A grid of zeros or a rule of dashes written out by hand repeats without words: it needs ten times the text.
            if (loopChars < this.minLoopChars * wordlessFactor && new Set(passage.match(/[a-z]/g)).size < 2) continue;
            return { passage, repeats, loopChars };
        }
        return undefined;
    }
}
