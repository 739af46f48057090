// The model's lock as a table of scenarios: turns go by job arrival (not by asking order), waiters learn their
// positions, a cancelled waiter leaves at once, and releasing twice hands over only once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { JobCancelledError, ModelLock } from "../../server/index.js";

interface Scenario {
    name: string;
    /** Jobs by arrival order, then the order in which they ask for the model while "first" holds it. */
    asks: string[];
    cancel?: string;
    /** The order the waiting jobs get their turns. */
    served: string[];
    /** Positions the last asker was told, in order. */
    lastPositions: number[];
}

const arrival: Record<string, number> = { first: 0, older: 1, newer: 2, newest: 3 };

const scenarios: Scenario[] = [
    { name: "asking in arrival order", asks: ["older", "newer"], served: ["older", "newer"], lastPositions: [2, 1, 0] },
    {
        name: "an older job's feedback round goes before a newer job's first round",
        asks: ["newer", "older"],
        served: ["older", "newer"],
        lastPositions: [1, 0]
    },
    {
        name: "a cancelled waiter leaves and the one behind moves up",
        asks: ["older", "newer", "newest"],
        cancel: "newer",
        served: ["older", "newest"],
        lastPositions: [3, 2, 1, 0]
    }
];

for (const scenario of scenarios) {
    test(`model lock: ${scenario.name}`, async () => {
        const lock = new ModelLock();
        const firstTurn = await lock.acquire(
            { jobId: "first", order: arrival["first"]! },
            new AbortController().signal,
            () => {}
        );
        assert.equal(lock.holdingJob, "first");
        const served: string[] = [];
        const positions: number[] = [];
        const aborts = new Map<string, AbortController>();
        const waits = scenario.asks.map((jobId, index) => {
            const abort = new AbortController();
            aborts.set(jobId, abort);
            const last = index === scenario.asks.length - 1;
            return lock
                .acquire({ jobId, order: arrival[jobId]! }, abort.signal, (position) => {
                    if (last) positions.push(position);
                })
                .then(
                    (turn) => {
                        served.push(jobId);
                        turn.release();
                        turn.release();
                    },
                    (error: unknown) => {
                        assert.ok(error instanceof JobCancelledError);
                        served.push(`${jobId} cancelled`);
                    }
                );
        });
        assert.equal(lock.waitingJobs, scenario.asks.length);
        if (scenario.cancel) aborts.get(scenario.cancel)!.abort();
        firstTurn.release();
        await Promise.all(waits);
        assert.deepEqual(
            served.filter((s) => !s.endsWith("cancelled")),
            scenario.served
        );
        if (scenario.cancel) assert.ok(served.includes(`${scenario.cancel} cancelled`));
        assert.deepEqual(positions, scenario.lastPositions);
        assert.equal(lock.holdingJob, undefined);
        assert.equal(lock.waitingJobs, 0);
    });
}

test("model lock: a signal aborted before asking is refused at once", async () => {
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(
        new ModelLock().acquire({ jobId: "late", order: 0 }, abort.signal, () => {}),
        JobCancelledError
    );
});
