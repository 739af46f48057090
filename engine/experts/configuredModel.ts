// The model the user configured, read in one place for every front end: the flag or setting, else $PONDER_MODEL. A
// served model (endpoints) is named only explicitly, so PONDER_MODEL, a local model, never names it.

export function configuredModel(
    given: string | undefined,
    env: Readonly<Record<string, string | undefined>>,
    served = false
): string | undefined {
    if (given) return given;
    return served ? undefined : env["PONDER_MODEL"] || undefined;
}
