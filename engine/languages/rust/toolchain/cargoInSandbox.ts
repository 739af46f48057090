// How cargo runs in the sandbox, the one set-up for Rust test runs, `cargo check` and a port's crate builds: the
// project's real cargo (never rustup's shim), offline, with Debian's packaged crates in place of crates.io when
// installed, and a target folder per workspace under the cache folder so rebuilds stay incremental.

import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { access } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
import type { Sandbox, SandboxBind, Scratch } from "../../../sandbox/index.js";
import { ToolchainUnavailableError } from "../../../toolchains/errors.js";
import { bindsForExecutable, findExecutableOnHost, realPathOf } from "../../../toolchains/hostTools.js";
import { defaultCacheDir, runFolder } from "../../../toolchains/toolchainRun.js";

/** Where Debian's librust-*-dev packages put their crates. */
export const debianRegistry = "/usr/share/cargo/registry";

const cargoHome = `${runFolder}/cargo-home`;
const resolved = new Map<string, Promise<string>>();

/** The real cargo binary for a project: rustup's proxy resolved to the toolchain's own cargo. */
export function resolveCargo(workspaceRoot: string, cargoPath?: string): Promise<string> {
    const key = `${workspaceRoot}\0${cargoPath ?? ""}`;
    let found = resolved.get(key);
    if (!found) {
        found = (async () => {
            const onPath =
                cargoPath ??
                findExecutableOnHost("cargo") ??
                findExecutableOnHost(join(process.env["HOME"] ?? "/root", ".cargo/bin/cargo"));
            if (!onPath)
                throw new ToolchainUnavailableError(
                    "rust",
                    "cargo is not installed: install Rust with rustup (https://rustup.rs) or `sudo apt-get install cargo`."
                );
            const real = realPathOf(onPath);
            if (basename(real) !== "rustup") return real;
            // rustup's proxies are one binary; ask it which toolchain's cargo this project uses (rust-toolchain.toml).
            const { stdout } = await promisify(execFile)(real, ["which", "cargo"], {
                cwd: workspaceRoot,
                timeout: 30_000
            }).catch((error: Error) => {
                throw new ToolchainUnavailableError(
                    "rust",
                    `rustup could not name this project's cargo: ${error.message}`
                );
            });
            return realPathOf(stdout.trim());
        })();
        found.catch(() => resolved.delete(key));
        resolved.set(key, found);
    }
    return found;
}

/** The shared target folder of a workspace, under the cache folder. */
export function cargoTargetDir(cacheDir: string, workspaceRoot: string): string {
    return join(
        cacheDir,
        "cargo-target",
        createHash("sha256").update(realPathOf(workspaceRoot)).digest("hex").slice(0, 16)
    );
}

export interface CargoInSandboxOptions {
    sandbox: Sandbox;
    /** The scratch cargo runs in; its cargo home (config.toml) is written there. */
    scratch: Scratch;
    /** The project whose cargo is used and whose target folder is shared. */
    workspaceRoot: string;
    cacheDir?: string;
    /** cargo by full path. Default: the toolchain rustup picks for the project, else cargo on PATH. */
    cargoPath?: string;
    /** Registry folder of packaged crates used in place of crates.io; default /usr/share/cargo/registry when it exists; false: none. */
    packagedCrates?: string | false;
    /**
     * A name for a target folder of its own beside the shared one (`check`: `cargo check` never races a test build
     * over the shared folder). Default: the workspace's shared target folder.
     */
    separateTarget?: string;
}

export interface CargoInSandbox {
    /** The real cargo binary. */
    cargo: string;
    /** cargo's environment inside the sandbox. */
    env: Record<string, string>;
    /** The toolchain's folders, the target folder (writable) and a packaged-crates folder outside /usr. */
    binds: SandboxBind[];
    /** The target folder's path inside the sandbox. */
    targetInside: string;
}

/** Writes the scratch's offline cargo home and returns cargo, its environment and its binds. */
export async function cargoInSandbox(options: CargoInSandboxOptions): Promise<CargoInSandbox> {
    const { sandbox, scratch } = options;
    const cargo = await resolveCargo(options.workspaceRoot, options.cargoPath);
    const bin = dirname(cargo);
    const registry =
        options.packagedCrates === false
            ? undefined
            : (options.packagedCrates ??
              (await access(debianRegistry).then(
                  () => debianRegistry,
                  () => undefined
              )));
    const sharedTarget = cargoTargetDir(options.cacheDir ?? defaultCacheDir(), options.workspaceRoot);
    const target: SandboxBind = options.separateTarget
        ? {
              source: `${sharedTarget}-${options.separateTarget}`,
              target: `/sandbox/cache/cargo-${options.separateTarget}-target`,
              writable: true
          }
        : { source: sharedTarget, target: "/sandbox/cache/cargo-target", writable: true };
    const binds: SandboxBind[] = [...bindsForExecutable(cargo), target];
    // /usr is visible in the sandbox already; a registry elsewhere must be bound to be read.
    if (registry && !registry.startsWith("/usr/")) binds.push({ source: registry, target: registry });
    await scratch.writeFile(
        `${cargoHome}/config.toml`,
        [
            "[net]",
            "offline = true",
            "[term]",
            'color = "never"',
            'progress.when = "never"',
            ...(registry
                ? [
                      "[source.crates-io]",
                      'replace-with = "packaged-crates"',
                      "[source.packaged-crates]",
                      `directory = ${JSON.stringify(registry)}`
                  ]
                : [])
        ].join("\n") + "\n"
    );
    const tool = (name: string) => join(bin, name);
    const targetInside = sandbox.pathInside(scratch, target);
    // cargo uses the rustc and rustdoc beside it, whatever else the sandbox's PATH holds.
    const env: Record<string, string> = {
        PATH: `${bin}:/usr/local/bin:/usr/bin:/bin`,
        CARGO_HOME: `${sandbox.pathInside(scratch)}/${cargoHome}`,
        CARGO_TARGET_DIR: targetInside,
        CARGO_TERM_COLOR: "never",
        RUST_BACKTRACE: "0",
        ...(await access(tool("rustc")).then(
            () => ({ RUSTC: tool("rustc") }),
            () => ({})
        )),
        ...(await access(tool("rustdoc")).then(
            () => ({ RUSTDOC: tool("rustdoc") }),
            () => ({})
        ))
    };
    return { cargo, env, binds, targetInside };
}
