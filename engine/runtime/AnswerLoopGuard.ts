// Watches an answer as it streams and says when it degenerates into one passage repeated (a real answer ended in
// 19.9 KB of one line). Code repeats itself more than prose does, so a loop here needs more copies and more text.

import { ThoughtLoopGuard, type ThoughtLoopGuardOptions } from "./ThoughtLoopGuard.js";

/**
 * The answer's loop guard: a passage of 16–1,200 characters repeated back to back at least 4 times over at least
 * 600 characters. A test that calls the same line three times, or a table of similar asserts, is not a loop; the
 * loop is reported within `max(4 × period, 600) + 32` characters of its start (4,832 for the longest period).
 */
export class AnswerLoopGuard extends ThoughtLoopGuard {
    constructor(options: ThoughtLoopGuardOptions = {}) {
        super({ minPeriod: 16, maxPeriod: 1200, minRepeats: 4, minLoopChars: 600, ...options });
    }
}
