// The kinds of job Ponder runs, named once for every layer: the router's features, the solution memory, the
// training dataset and the job descriptors all use this type, and the protocol's `JobKind` is checked equal to it.

export const jobKindNames = ["fix", "tests", "port", "repair"] as const;

/**
 * `fix`: a proven patch; `tests`: generated tests kept on evidence; `port`: a file ported and proven equivalent;
 * `repair`: a patch across the repository proven against the project's own failing tests (user-facing: "Fix from a failure").
 */
export type JobKind = (typeof jobKindNames)[number];
