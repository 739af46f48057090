// A model-free estimate of a text's tokens (about 3.5 characters each for code and English), for prompt budgets
// that must be decided before a model is loaded.

export function estimateTokens(text: string): number {
    return Math.ceil(text.length / 3.5);
}
