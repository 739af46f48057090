// Guards against a race in node-llama-cpp 3.21.1: when several sequences of one context are sampled at once
// on libuv worker threads, a sequence can be sampled from another sequence's logits and its reply jumps
// into another reply's text. Sampling is cheap next to decoding, so running one sample at a time costs
// nothing measurable while the decode of all sequences stays batched.

import type { LlamaContext } from "node-llama-cpp";
import { RuntimeFaultError } from "../../errors.js";

interface NativeContext {
    sampleToken: (...args: unknown[]) => Promise<unknown>;
}

const guarded = new WeakSet<object>();

/** Makes every token sampling of this context wait for the previous one to finish. */
export function serializeSampling(context: LlamaContext): void {
    const native = (context as unknown as { _ctx?: NativeContext })._ctx;
    if (!native || typeof native.sampleToken !== "function")
        throw new RuntimeFaultError(
            "node-llama-cpp's context no longer exposes sampleToken; the parallel-sampling guard " +
                "must be revisited for this node-llama-cpp version before candidates can be sampled in parallel."
        );
    if (guarded.has(native)) return;
    guarded.add(native);
    const sample = native.sampleToken.bind(native);
    let previous: Promise<unknown> = Promise.resolve();
    const serialized = (...args: unknown[]) => {
        const next = previous.then(
            () => sample(...args),
            () => sample(...args)
        );
        previous = next.catch(() => undefined);
        return next;
    };
    // The native method is a read-only property of the addon's prototype: shadow it on the instance.
    Object.defineProperty(native, "sampleToken", { value: serialized, configurable: true, writable: true });
}
