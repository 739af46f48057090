// Bundles the extension (client/extension.ts and vscode-languageclient) into dist/extension.cjs, the CommonJS
// file VS Code loads (`vscode` itself is provided by the editor), the side panel's page script (media/panel.ts,
// type-checked by `tsc -b` through media/tsconfig.json) into dist/panel.js for the webview, and copies the
// codicon font beside it. Usage: node client/bundle.mjs [--minify]
import { build } from "esbuild";
import { copyFile, mkdir } from "node:fs/promises";
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
await build({
    entryPoints: [join(root, "media/panel.ts")],
    outfile: join(root, "dist/panel.js"),
    bundle: true,
    platform: "browser",
    target: "es2022",
    format: "iife",
    minify: true,
    logLevel: "warning"
});
const codicons = join(root, "node_modules/@vscode/codicons/dist");
await mkdir(join(root, "dist/codicons"), { recursive: true });
for (const file of ["codicon.css", "codicon.ttf"])
    await copyFile(join(codicons, file), join(root, "dist/codicons", file));
