// Bundles the extension (client/extension.ts and vscode-languageclient) into dist/extension.cjs, the CommonJS
// file VS Code loads; `vscode` itself is provided by the editor. Usage: node client/bundle.mjs [--minify]
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
await build({
    entryPoints: [join(root, "client/extension.ts")],
    outfile: join(root, "dist/extension.cjs"),
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    external: ["vscode"],
    sourcemap: true,
    minify: process.argv.includes("--minify"),
    logLevel: "warning"
});
