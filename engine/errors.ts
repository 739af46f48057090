// Named errors for bad input, environment faults and Ponder's own faults. Expected outcomes of a job are values,
// not errors; these are the cases where the engine cannot go on, each with a message a user can act on.

/**
 * Whose fault an error is: the user's input (a path, a flag, a setting, a file the user gave), the machine Ponder
 * runs on (a missing sandbox or toolchain, a failed download, too little memory, a broken install), or Ponder's.
 */
export type FaultKind = "badInput" | "environment" | "internal";

/**
 * Base of every error the engine throws on purpose. Each named error must say its `fault` (abstract, so the
 * compiler refuses a class that does not), and the CLI's exit code follows from it: 2 bad input, 3 environment,
 * 4 internal. A fault of Ponder's own is `PonderBug`.
 */
export abstract class PonderError extends Error {
    abstract readonly fault: FaultKind;

    /** True when the user's input is at fault rather than the machine or Ponder. */
    get badInput(): boolean {
        return this.fault === "badInput";
    }

    constructor(message: string, options?: { cause?: unknown }) {
        super(message, options);
        this.name = new.target.name;
    }
}

/** Ponder's own fault: a state its code should never reach. */
export class PonderBug extends PonderError {
    override readonly fault = "internal";
}

export class ModelFileNotFoundError extends PonderError {
    override readonly fault = "badInput";

    constructor(readonly path: string) {
        super(
            `Model file not found: ${path}. Give the path of a .gguf file, a catalog id (see \`ponder models\`) or an hf: URI.`
        );
    }
}

export class InvalidModelFileError extends PonderError {
    override readonly fault = "badInput";

    constructor(
        readonly path: string,
        reason: string,
        options?: { cause?: unknown }
    ) {
        super(`${path} is not a usable GGUF model: ${reason}. Download it again or choose another file.`, options);
    }
}

/**
 * A model whose `general.architecture` this node-llama-cpp build cannot load. `tried` says what else Ponder tried
 * (the managed llama-server, or why it could not), so the message names the architecture and the way out.
 */
export class UnsupportedArchitectureError extends PonderError {
    override readonly fault = "badInput";

    constructor(
        readonly path: string,
        readonly architecture: string,
        readonly tried?: string,
        options?: { cause?: unknown }
    ) {
        super(
            `${path} uses the model architecture "${architecture}", which this build of llama.cpp cannot run` +
                (tried ? `; ${tried}` : "") +
                ". Run it through a llama-server built from a llama.cpp release that knows " +
                `"${architecture}" (set PONDER_LLAMA_SERVER to its path: Ponder then serves this model with it), or choose a ` +
                "catalog model (`ponder models`).",
            options
        );
    }
}

/** The model, or this many candidates of it, needs more memory than this machine has free. */
export class ModelDoesNotFitError extends PonderError {
    override readonly fault = "environment";
}

/** A catalog model that needs more memory than the machine has at all: refused before any download. */
export class ModelTooBigError extends PonderError {
    // The user asked for this model by name (Ponder's own choice never exceeds the machine): their input to change.
    override readonly fault = "badInput";
    constructor(
        readonly modelId: string,
        reason: string
    ) {
        super(
            `${reason} Choose a smaller model (\`ponder models\` lists what fits here) or run it on a bigger machine through --endpoint.`
        );
    }
}

/** A split GGUF (`…-00001-of-0000N.gguf`) with parts absent from its folder. */
export class MissingModelPartError extends PonderError {
    override readonly fault = "badInput";
    constructor(
        readonly path: string,
        readonly missingParts: readonly string[]
    ) {
        super(
            `${path} is one part of a split model, and ${missingParts.join(", ")} ${missingParts.length === 1 ? "is" : "are"} missing ` +
                "from its folder. Download the missing parts beside it (a catalog model's download resumes when run again)."
        );
    }
}

/** A model could not be downloaded (offline, refused, cancelled, disk full). */
export class ModelDownloadError extends PonderError {
    override readonly fault = "environment";
}

export class PromptTooLongError extends PonderError {
    override readonly fault = "badInput";

    constructor(
        readonly promptTokens: number,
        readonly contextSize: number
    ) {
        super(
            `The prompt takes ${promptTokens} tokens but the context holds ${contextSize}; ` +
                `it needs a context of at least ${promptTokens + 256} tokens (prompt plus room to reply). ` +
                "Shorten the input or raise the context size (--context-size)."
        );
    }
}

export class InvalidRequestError extends PonderError {
    override readonly fault = "badInput";
}

/**
 * The project's own dependencies are not installed, so its tests cannot run and nothing can be proven (a fix from a
 * failure); the message says what to install. The machine's state, not the user's input.
 */
export class MissingDependenciesError extends PonderError {
    override readonly fault = "environment";
}

/** A fault of the runtime itself (a native crash, a broken install): the machine's, not the user's input. */
export class RuntimeFaultError extends PonderError {
    override readonly fault = "environment";
}

/** A LoRA adapter file that is missing, not a GGUF adapter, or made for another model. */
export class LoraAdapterError extends PonderError {
    override readonly fault = "badInput";

    constructor(
        readonly path: string,
        reason: string,
        options?: { cause?: unknown }
    ) {
        super(
            `The LoRA adapter ${path} cannot be used: ${reason}. Check the adapter's path in the expert settings, or remove it.`,
            options
        );
    }
}

/** Expert settings (a `--experts` file or the editor's settings) that do not have the expected shape. */
export class InvalidExpertSettingsError extends PonderError {
    override readonly fault = "badInput";

    constructor(
        readonly source: string,
        reason: string
    ) {
        super(`The expert settings in ${source} are not valid: ${reason}.`);
    }
}

/** A served expert names the environment variable of its API key, and that variable is not set (nor is a key in secret storage). */
export class MissingApiKeyError extends PonderError {
    override readonly fault = "badInput";

    constructor(
        readonly expert: string,
        readonly variable: string
    ) {
        super(
            `The environment variable ${variable} is not set, and the expert ${expert} reads its API key from it (--api-key-env, ` +
                `ponder.apiKeyEnv or the experts file's apiKeyEnv). Set it, or store the key with "Ponder: Set API key for served models".`
        );
    }
}
