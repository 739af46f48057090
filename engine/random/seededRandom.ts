// The one seedable uniform random source of the engine: the router's Beta draws and the port's generated test
// cases take it, so tests, benchmarks and differential runs repeat on every machine.

/** A uniform random source on [0, 1). */
export type RandomSource = () => number;

/** A small seeded generator (mulberry32): the same seed gives the same sequence. */
export function seededRandom(seed: number): RandomSource {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
