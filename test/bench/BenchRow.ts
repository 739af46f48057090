// One measured figure of a benchmark, as `npm run bench` prints it.

export interface BenchRow {
    name: string;
    value: number;
    unit: string;
    note?: string;
}
