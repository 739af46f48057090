// Named errors for environment faults and bad input. Expected outcomes of a job are values, not errors;
// these are the cases where the engine cannot go on, each with a message a user can act on.

/** Base of every error the engine throws on purpose. `badInput` errors are the user's to fix (CLI exit code 2). */
export class PonderError extends Error {
    /** True when the user's input (a path, a flag, a setting, a file) is at fault rather than the machine or Ponder. */
    readonly badInput: boolean = true;

    constructor(message: string, options?: { cause?: unknown }) {
        super(message, options);
        this.name = new.target.name;
    }
}

export class ModelFileNotFoundError extends PonderError {
    constructor(readonly path: string) {
        super(`Model file not found: ${path}. Give the path of a .gguf file, a catalog id (see \`ponder models\`) or an hf: URI.`);
    }
}

export class InvalidModelFileError extends PonderError {
    constructor(readonly path: string, reason: string, options?: { cause?: unknown }) {
        super(`${path} is not a usable GGUF model: ${reason}. Download it again or choose another file.`, options);
    }
}

export class UnsupportedArchitectureError extends PonderError {
    constructor(readonly path: string, readonly architecture: string) {
        super(`${path} uses the model architecture "${architecture}", which this build of llama.cpp cannot run. ` +
            "Use a DeepSeek-R1 distill (Qwen or Llama based) or another architecture llama.cpp supports.");
    }
}

export class ModelDoesNotFitError extends PonderError {
    constructor(message: string) {
        super(message);
    }
}

/** A catalog model that needs more memory than the machine has at all: refused before any download. */
export class ModelTooBigError extends PonderError {
    constructor(readonly modelId: string, reason: string) {
        super(`${reason} Choose a smaller model (\`ponder models\` lists what fits here) or run it on a bigger machine through --endpoint.`);
    }
}

/** A split GGUF (`…-00001-of-0000N.gguf`) with parts absent from its folder. */
export class MissingModelPartError extends PonderError {
    constructor(readonly path: string, readonly missingParts: readonly string[]) {
        super(`${path} is one part of a split model, and ${missingParts.join(", ")} ${missingParts.length === 1 ? "is" : "are"} missing ` +
            "from its folder. Download the missing parts beside it (a catalog model's download resumes when run again).");
    }
}

export class ModelDownloadError extends PonderError {
    constructor(message: string, options?: { cause?: unknown }) {
        super(message, options);
    }
}

export class PromptTooLongError extends PonderError {
    constructor(readonly promptTokens: number, readonly contextSize: number) {
        super(`The prompt takes ${promptTokens} tokens but the context holds ${contextSize}; ` +
            `it needs a context of at least ${promptTokens + 256} tokens (prompt plus room to reply). ` +
            "Shorten the input or raise the context size (--context-size).");
    }
}

export class InvalidRequestError extends PonderError {
    constructor(message: string) {
        super(message);
    }
}

/** A fault of the runtime itself (a native crash, a broken install): not the user's input. */
export class RuntimeFaultError extends PonderError {
    override readonly badInput = false;

    constructor(message: string, options?: { cause?: unknown }) {
        super(message, options);
    }
}

/** A LoRA adapter file that is missing, not a GGUF adapter, or made for another model. */
export class LoraAdapterError extends PonderError {
    constructor(readonly path: string, reason: string, options?: { cause?: unknown }) {
        super(`The LoRA adapter ${path} cannot be used: ${reason}. Check the adapter's path in the expert settings, or remove it.`, options);
    }
}

/** Expert settings (a `--experts` file or the editor's settings) that do not have the expected shape. */
export class InvalidExpertSettingsError extends PonderError {
    constructor(readonly source: string, reason: string) {
        super(`The expert settings in ${source} are not valid: ${reason}.`);
    }
}
