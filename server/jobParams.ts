// Checks of a job request's numeric parameters, one message naming the parameter and its range.

import { invalidParams } from "./responseErrors.js";

export function checkWholeNumbers(
    method: string,
    checks: readonly (readonly [string, number | undefined, number, number])[]
): void {
    for (const [name, value, min, max] of checks) {
        if (value !== undefined && (!Number.isInteger(value) || value < min || value > max))
            throw invalidParams(
                `${method}: ${name} must be a whole number from ${min} to ${max}; got ${JSON.stringify(value)}.`
            );
    }
}
