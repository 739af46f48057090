// One figure of a benchmark run: what was measured, its value and unit, and a note (target, conditions).
export interface BenchRow {
    name: string;
    value: number;
    unit: string;
    note?: string;
}
