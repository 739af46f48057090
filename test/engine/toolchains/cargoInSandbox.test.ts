// The one cargo set-up in the sandbox (test runs, `cargo check`, a port's crate builds): offline, packaged crates in
// place of crates.io as asked (the Debian registry by default when installed, another folder bound in, or none),
// the shared or a separate target folder, and the toolchain's own rustc beside cargo.
import { test } from "node:test";
import assert from "node:assert/strict";
import { access, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cargoInSandbox, cargoTargetDir, type CargoInSandboxOptions } from "../../../engine/toolchains/index.js";
import type { Sandbox, SandboxBind, Scratch } from "../../../engine/sandbox/index.js";

const debianRegistryInstalled = await access("/usr/share/cargo/registry").then(
    () => true,
    () => false
);

async function fakeToolchain(): Promise<string> {
    const bin = join(await mkdtemp(join(tmpdir(), "ponder-toolchain-")), "toolchain", "bin");
    await mkdir(bin, { recursive: true });
    for (const tool of ["cargo", "rustc"]) await writeFile(join(bin, tool), "#!/bin/sh\n", { mode: 0o755 });
    return join(bin, "cargo");
}

function fakeScratch(): { scratch: Scratch; sandbox: Sandbox; written: Map<string, string> } {
    const written = new Map<string, string>();
    const scratch = {
        writeFile: async (path: string, text: string) => {
            written.set(path, text);
        }
    } as unknown as Scratch;
    const sandbox = {
        pathInside: (_: Scratch, bind?: SandboxBind) => (bind ? bind.target : "/sandbox/scratch")
    } as unknown as Sandbox;
    return { scratch, sandbox, written };
}

const cases: {
    name: string;
    options: Partial<CargoInSandboxOptions>;
    registry: string | undefined;
    boundRegistry: boolean;
    target: string;
}[] = [
    {
        name: "default: Debian's packaged crates when installed",
        options: {},
        registry: debianRegistryInstalled ? "/usr/share/cargo/registry" : undefined,
        boundRegistry: false,
        target: "/sandbox/cache/cargo-target"
    },
    {
        name: "no packaged crates",
        options: { packagedCrates: false },
        registry: undefined,
        boundRegistry: false,
        target: "/sandbox/cache/cargo-target"
    },
    {
        name: "a registry outside /usr is bound in",
        options: { packagedCrates: "/opt/crates" },
        registry: "/opt/crates",
        boundRegistry: true,
        target: "/sandbox/cache/cargo-target"
    },
    {
        name: "cargo check's own target folder",
        options: { packagedCrates: false, separateTarget: "check" },
        registry: undefined,
        boundRegistry: false,
        target: "/sandbox/cache/cargo-check-target"
    }
];

for (const { name, options, registry, boundRegistry, target } of cases) {
    test(`cargo in the sandbox: ${name}`, async () => {
        const cargoPath = await fakeToolchain();
        const workspaceRoot = await mkdtemp(join(tmpdir(), "ponder-crate-"));
        const cacheDir = await mkdtemp(join(tmpdir(), "ponder-cache-"));
        const { scratch, sandbox, written } = fakeScratch();
        const setup = await cargoInSandbox({ sandbox, scratch, workspaceRoot, cacheDir, cargoPath, ...options });
        const config = written.get(".ponder-run/cargo-home/config.toml") ?? "";
        assert.match(config, /offline = true/);
        if (registry)
            assert.ok(
                config.includes(`replace-with = "packaged-crates"`) &&
                    config.includes(`directory = ${JSON.stringify(registry)}`),
                config
            );
        else assert.doesNotMatch(config, /replace-with/);
        assert.equal(
            setup.binds.some((bind) => bind.source === registry && bind.target === registry),
            boundRegistry
        );
        const targetBind = setup.binds.find((bind) => bind.target === target);
        const shared = cargoTargetDir(cacheDir, workspaceRoot);
        assert.equal(targetBind?.source, options.separateTarget ? `${shared}-${options.separateTarget}` : shared);
        assert.equal(targetBind?.writable, true);
        assert.equal(setup.env["CARGO_TARGET_DIR"], target);
        assert.equal(setup.env["CARGO_HOME"], "/sandbox/scratch/.ponder-run/cargo-home");
        assert.equal(setup.env["RUSTC"], join(cargoPath, "..", "rustc"));
        assert.equal(setup.env["RUSTDOC"], undefined, "no rustdoc beside this cargo");
    });
}
