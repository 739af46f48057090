// The fault a toolchain run throws: what it needs is not installed. Test failures are values.

import { PonderError } from "../errors.js";

/** An interpreter, test runner or compiler a verification needs is missing; the message says how to install it. */
export class ToolchainUnavailableError extends PonderError {
    override readonly fault = "environment";

    constructor(
        readonly toolchain: string,
        message: string
    ) {
        super(message);
    }
}
