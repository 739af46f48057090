// The memory's similarity index: features interned to numbers, how many stored solutions have each (for
// inverse-document-frequency weights), and a weighted-Jaccard scan over typed arrays, fast enough for
// thousands of solutions per recall.

interface IndexedEntry {
    structure: Int32Array;
    message: Int32Array;
}

export class FeatureIndex {
    private readonly featureIds = new Map<string, number>();
    private documentFrequency = new Int32Array(1024);
    private readonly entries = new Map<string, IndexedEntry>();
    /** Weights for the current entries; recomputed after a change (each weight depends on the entry count). */
    private weights: Float64Array | undefined;

    get size(): number {
        return this.entries.size;
    }

    add(id: string, structure: readonly string[], message: readonly string[]): void {
        if (this.entries.has(id)) this.remove(id);
        const entry = { structure: this.intern(structure), message: this.intern(message) };
        for (const feature of entry.structure) this.documentFrequency[feature]!++;
        for (const feature of entry.message) this.documentFrequency[feature]!++;
        this.entries.set(id, entry);
        this.weights = undefined;
    }

    remove(id: string): void {
        const entry = this.entries.get(id);
        if (!entry) return;
        for (const feature of entry.structure) this.documentFrequency[feature]!--;
        for (const feature of entry.message) this.documentFrequency[feature]!--;
        this.entries.delete(id);
        this.weights = undefined;
    }

    clear(): void {
        this.featureIds.clear();
        this.entries.clear();
        this.documentFrequency = new Int32Array(1024);
        this.weights = undefined;
    }

    /** Weighted Jaccard of the query with every entry, structure and message apart: Σw(A∩B) / Σw(A∪B). */
    score(
        queryStructure: readonly string[],
        queryMessage: readonly string[],
        accept: (id: string) => boolean,
        visit: (id: string, structure: number, message: number) => void
    ): void {
        const weights = this.currentWeights();
        const unknownWeight = Math.log(1 + (this.entries.size + 1));
        const mask = new Uint8Array(this.featureIds.size);
        const queryWeight = (features: readonly string[], bit: number) => {
            let total = 0;
            for (const feature of new Set(features)) {
                const id = this.featureIds.get(feature);
                if (id === undefined) {
                    total += unknownWeight;
                    continue;
                }
                mask[id]! |= bit;
                total += weights[id]!;
            }
            return total;
        };
        const structureTotal = queryWeight(queryStructure, 1);
        const messageTotal = queryWeight(queryMessage, 2);
        const similarity = (features: Int32Array, bit: number, queryTotal: number) => {
            if (features.length === 0 || queryTotal === 0) return 0;
            let shared = 0;
            let stored = 0;
            for (let i = 0; i < features.length; i++) {
                const feature = features[i]!;
                const w = weights[feature]!;
                stored += w;
                if (mask[feature]! & bit) shared += w;
            }
            const union = queryTotal + stored - shared;
            return union > 0 ? shared / union : 0;
        };
        for (const [id, entry] of this.entries) {
            if (!accept(id)) continue;
            visit(id, similarity(entry.structure, 1, structureTotal), similarity(entry.message, 2, messageTotal));
        }
    }

    private intern(features: readonly string[]): Int32Array {
        const ids = new Set<number>();
        for (const feature of features) {
            let id = this.featureIds.get(feature);
            if (id === undefined) {
                id = this.featureIds.size;
                this.featureIds.set(feature, id);
                if (id >= this.documentFrequency.length) {
                    const grown = new Int32Array(this.documentFrequency.length * 2);
                    grown.set(this.documentFrequency);
                    this.documentFrequency = grown;
                }
            }
            ids.add(id);
        }
        return Int32Array.from(ids);
    }

    private currentWeights(): Float64Array {
        if (!this.weights) {
            const n = this.entries.size + 1;
            const weights = new Float64Array(this.featureIds.size);
            for (let id = 0; id < weights.length; id++)
                weights[id] = Math.log(1 + n / (1 + this.documentFrequency[id]!));
            this.weights = weights;
        }
        return this.weights;
    }
}
