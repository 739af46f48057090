// A stand-in for a Ponder process, for the test that the managed llama-server dies with Ponder: it starts a
// ManagedServerRuntime on the model given as its argument, prints the server's process id as one JSON line, and waits
// until it is killed.
import { ManagedServerRuntime } from "../../../engine/testing.js";

const runtime = await ManagedServerRuntime.start({
    model: process.argv[2]!,
    gpu: false,
    threads: 1,
    contextSize: 2048,
    parallel: 1
});
process.stdout.write(`${JSON.stringify({ serverPid: runtime.serverProcessId, url: runtime.serverUrl })}\n`);
setInterval(() => undefined, 60_000);
