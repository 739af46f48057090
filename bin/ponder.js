#!/usr/bin/env node
// The `ponder` command: a thin launcher for the compiled CLI in out/bin.
import { main } from "../out/bin/main.js";

process.exitCode = await main(process.argv.slice(2));
