// The router's Beta samples, drawn through two Gamma samples (Marsaglia and Tsang's method) from a uniform
// source that tests and benchmarks seed (`seededRandom`) so they repeat.

import type { RandomSource } from "../random/seededRandom.js";

function standardNormal(random: RandomSource): number {
    const u = Math.max(random(), 1e-12);
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function gammaSample(shape: number, random: RandomSource): number {
    if (shape < 1) return gammaSample(shape + 1, random) * Math.pow(Math.max(random(), 1e-12), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
        const x = standardNormal(random);
        const v = Math.pow(1 + c * x, 3);
        if (v <= 0) continue;
        const u = random();
        if (Math.log(Math.max(u, 1e-300)) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
}

/** A draw from Beta(alpha, beta), both positive. */
export function betaSample(alpha: number, beta: number, random: RandomSource): number {
    const x = gammaSample(alpha, random);
    const y = gammaSample(beta, random);
    return x + y === 0 ? 0.5 : x / (x + y);
}
