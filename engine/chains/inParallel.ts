// Runs sandbox work a bounded number at a time: verification uses every core without oversubscribing them.

/** Runs `work` over items, `parallel` at a time, in item order. */
export async function inParallel<T>(parallel: number, items: T[], work: (item: T) => Promise<void>): Promise<void> {
    const limit = Math.max(1, Math.min(parallel, items.length));
    let next = 0;
    await Promise.all(
        Array.from({ length: limit }, async () => {
            while (next < items.length) {
                const item = items[next++]!;
                await work(item);
            }
        })
    );
}
