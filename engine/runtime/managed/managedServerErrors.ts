// Faults of the llama-server that Ponder starts and watches itself, each with a message that says what to do.

import { PonderError } from "../../errors.js";

/** No llama-server binary was found: neither the option, $PONDER_LLAMA_SERVER, the build script's cache nor PATH has one. */
export class LlamaServerNotFoundError extends PonderError {
    override readonly fault = "environment";

    constructor(readonly looked: string[]) {
        super(
            `No llama-server binary was found (looked at: ${looked.join("; ")}). Build it with scripts/buildLlamaServer.sh ` +
                "(about 20 minutes on two cores), or set PONDER_LLAMA_SERVER to a llama-server you built (a CUDA build to offload to a GPU)."
        );
    }
}

/** llama-server did not come up: it exited, did not listen, or `/health` did not answer 200 in time. */
export class ManagedServerStartError extends PonderError {
    override readonly fault = "environment";

    constructor(
        why: string,
        readonly logTail: string
    ) {
        super(`llama-server ${why}. The end of its log:\n${logTail.trim().split("\n").slice(-12).join("\n")}`);
    }
}

/**
 * The managed llama-server died or stopped answering while a generation ran. The generation fails with this error
 * (nothing it produced is used); the server is restarted, so the next job can run.
 */
export class ManagedServerCrashedError extends PonderError {
    override readonly fault = "environment";

    constructor(
        readonly how: string,
        options?: { cause?: unknown }
    ) {
        super(
            `The model server (llama-server, managed by Ponder) ${how} during the generation, so the job failed and nothing ` +
                "was applied. Ponder restarts the server; run the job again. If it keeps happening, the model may not fit in memory.",
            options
        );
    }
}
