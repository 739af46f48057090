// Every job kind the editor runs, with the command that starts it: the extension registers one command per entry
// and runs each through the one job flow (`runClientJob`). A new job kind is one entry here and its descriptor file.

import type { TextDocumentIdentifier } from "vscode-languageclient/node.js";
import { jobRequests, type JobKind } from "../protocol/index.js";
import { fixJob } from "./fixJob.js";
import type { JobDependencies } from "./jobFlow.js";
import { portJob } from "./portJob.js";
import { repairJob } from "./repairJob.js";
import { runClientJob, type ClientJobKind, type JobOutcome } from "./runClientJob.js";
import { testsJob } from "./testsJob.js";

/** A job kind's command and how it runs; the command's argument (a code action's) is the kind's request parameters. */
export interface ClientJobEntry {
    command: string;
    run(deps: JobDependencies, params?: object): Promise<JobOutcome<unknown>>;
}

function entry<Params extends { jobId?: string; textDocument: TextDocumentIdentifier }, Response>(
    command: string,
    job: ClientJobKind<Params, Response>
): ClientJobEntry {
    // A command's argument is untyped at run time; the server checks the parameters it gets.
    return { command, run: (deps, params) => runClientJob(deps, job, params as Params | undefined) };
}

export const clientJobKinds: Record<JobKind, ClientJobEntry> = {
    fix: entry(jobRequests.fix.command, fixJob),
    tests: entry(jobRequests.tests.command, testsJob),
    port: entry(jobRequests.port.command, portJob),
    repair: entry(jobRequests.repair.command, repairJob)
};
