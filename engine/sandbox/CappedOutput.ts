// Collects a stream up to a byte cap and keeps draining it past the cap, so a chatty run neither blocks on a
// full pipe nor fills Ponder's memory.

export class CappedOutput {
    private readonly chunks: Buffer[] = [];
    private kept = 0;
    /** Bytes seen in total, kept or not. */
    total = 0;

    constructor(private readonly capBytes: number) {}

    push(chunk: Buffer): void {
        this.total += chunk.length;
        if (this.kept >= this.capBytes) return;
        const room = this.capBytes - this.kept;
        const piece = chunk.length <= room ? chunk : chunk.subarray(0, room);
        this.chunks.push(piece);
        this.kept += piece.length;
    }

    get truncated(): boolean {
        return this.total > this.kept;
    }

    text(): string {
        return Buffer.concat(this.chunks).toString("utf8");
    }
}
