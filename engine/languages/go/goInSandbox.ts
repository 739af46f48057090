// How `go` runs in the sandbox, the one set-up for Go test runs and `go vet`: the host's real go binary and its
// GOROOT, the build cache and GOPATH inside the scratch copy (nothing a run writes outlives it), and no network:
// GOPROXY=off, GOTOOLCHAIN=local, and `-mod=vendor` when the project vendors its modules, else `-mod=mod` with the
// host's module cache (GOMODCACHE) shown read-only, so the modules `go mod download` fetched build offline.

import { execFile } from "node:child_process";
import { access } from "node:fs/promises";
import { dirname } from "node:path";
import { promisify } from "node:util";
import type { Sandbox, SandboxBind, Scratch } from "../../sandbox/index.js";
import { ToolchainUnavailableError } from "../../toolchains/errors.js";
import { bindsForExecutable, findExecutableOnHost, realPathOf } from "../../toolchains/hostTools.js";
import { runFolder } from "../../toolchains/toolchainRun.js";
import { moduleMode } from "./goModule.js";

const resolved = new Map<string, Promise<GoInstall>>();

export interface GoInstall {
    /** The real go binary (not a symlink in /usr/bin). */
    go: string;
    /** Its GOROOT, where the standard library lives. */
    goroot: string;
    /** The host's module cache (`go env GOMODCACHE`), where `go mod download` puts the project's modules. */
    moduleCache?: string;
}

/** The host's go and its GOROOT; throws `ToolchainUnavailableError` with how to install it when there is none. */
export function resolveGo(goPath?: string): Promise<GoInstall> {
    const key = goPath ?? "";
    let found = resolved.get(key);
    if (!found) {
        found = (async () => {
            const onPath = goPath ?? findExecutableOnHost("go") ?? findExecutableOnHost("/usr/lib/go/bin/go");
            if (!onPath)
                throw new ToolchainUnavailableError(
                    "go",
                    "go is not installed: `sudo apt-get install golang-go` (Debian's Go), or put go on PATH."
                );
            const go = realPathOf(onPath);
            const { stdout } = await promisify(execFile)(go, ["env", "GOROOT", "GOMODCACHE"], {
                timeout: 30_000,
                env: { ...process.env, GOTOOLCHAIN: "local" }
            }).catch((error: Error) => {
                throw new ToolchainUnavailableError(
                    "go",
                    `${go} could not say where its standard library is: ${error.message}`
                );
            });
            const [goroot, moduleCache] = stdout.split("\n").map((line) => line.trim());
            return { go, goroot: goroot || dirname(dirname(go)), ...(moduleCache ? { moduleCache } : {}) };
        })();
        found.catch(() => resolved.delete(key));
        resolved.set(key, found);
    }
    return found;
}

export interface GoInSandbox extends GoInstall {
    /** go's environment inside the sandbox. */
    env: Record<string, string>;
    /** GOROOT when it lies outside /usr (a go from go.dev in /usr/local/go is visible already). */
    binds: SandboxBind[];
}

/**
 * go, its offline environment in `scratch` and its binds; `files` are the scratch's files (for vendor/modules.txt).
 * `moduleCache`: the module cache to show read-only (default the host's GOMODCACHE; false: none, modules only from vendor/).
 */
export async function goInSandbox(
    sandbox: Sandbox,
    scratch: Scratch,
    files: Iterable<string>,
    goPath?: string,
    moduleCache?: string | false
): Promise<GoInSandbox> {
    const install = await resolveGo(goPath);
    const mode = moduleMode(files);
    const cache = moduleCache === false || mode === "vendor" ? undefined : (moduleCache ?? install.moduleCache);
    const cacheExists =
        cache !== undefined &&
        (await access(cache).then(
            () => true,
            () => false
        ));
    const inside = sandbox.pathInside(scratch);
    await scratch.makeDirectory(`${runFolder}/go-cache`);
    await scratch.makeDirectory(`${runFolder}/gopath`);
    await scratch.makeDirectory(`${runFolder}/tmp`);
    const env: Record<string, string> = {
        PATH: `${install.goroot}/bin:/usr/local/bin:/usr/bin:/bin`,
        GOROOT: install.goroot,
        GOCACHE: `${inside}/${runFolder}/go-cache`,
        GOPATH: `${inside}/${runFolder}/gopath`,
        GOTMPDIR: `${inside}/${runFolder}/tmp`,
        GOFLAGS: `-mod=${mode} -buildvcs=false`,
        ...(cacheExists ? { GOMODCACHE: cache } : {}),
        GOPROXY: "off",
        GOSUMDB: "off",
        GOTOOLCHAIN: "local",
        GOTELEMETRY: "off",
        GOWORK: "off",
        GO111MODULE: "on"
    };
    const binds: SandboxBind[] = [...bindsForExecutable(install.go), ...(cacheExists ? [{ source: cache }] : [])];
    return { ...install, env, binds };
}
