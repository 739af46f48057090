#!/usr/bin/env bash
# Builds Ponder and packages it as a platform-specific .vsix with @vscode/vsce 3.9.2 (the last that runs on
# Node 20). The manifest is the root package.json; packaging happens in a staging folder so a publisher can be
# added, the dev dependencies pruned and the native packages swapped for the target's without touching the
# workspace. The .vsix carries only its target's native binaries: node-llama-cpp's CPU (and on macOS Metal)
# build and esbuild's (the grammars are WebAssembly, so tree-sitter's native prebuilds stay out), plus with --gpu node-llama-cpp's CUDA and Vulkan builds where the target has them.
# The host's own packages come from node_modules; another target's are fetched with `npm pack` (needs the registry).
# Usage: npm run package -- [linux-x64|linux-arm64|darwin-arm64|darwin-x64|win32-x64] [--gpu]
#        (default linux-x64; the .vsix lands in the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
target=linux-x64
gpu=false
for arg in "$@"; do
    case "$arg" in
        --gpu) gpu=true ;;
        -*) echo "packageExtension: unknown flag $arg" >&2; exit 2 ;;
        *) target="$arg" ;;
    esac
done
case "$target" in
    linux-x64) llama=(linux-x64); gpu_llama=(linux-x64-cuda linux-x64-vulkan); esbuild=linux-x64 ;;
    linux-arm64) llama=(linux-arm64); gpu_llama=(); esbuild=linux-arm64 ;;
    darwin-arm64) llama=(mac-arm64-metal); gpu_llama=(); esbuild=darwin-arm64 ;;
    darwin-x64) llama=(mac-x64); gpu_llama=(); esbuild=darwin-x64 ;;
    win32-x64) llama=(win-x64); gpu_llama=(win-x64-cuda win-x64-vulkan); esbuild=win32-x64 ;;
    *) echo "packageExtension: no native binaries are known for target $target" >&2; exit 2 ;;
esac
[ "$gpu" = true ] && llama+=("${gpu_llama[@]}")
natives=("${llama[@]/#/@node-llama-cpp/}" "@esbuild/$esbuild")
root="$(pwd)"
version="$(node -p 'require("./package.json").version')"
out="$root/ponder-$target-$version.vsix"
npx tsc -b
node client/bundle.mjs --minify

stage="$(mktemp -d "${TMPDIR:-/tmp}/ponder-vsix-XXXXXX")"
trap 'rm -rf "$stage"' EXIT
node -e '
const [file] = process.argv.slice(1);
const manifest = require("./package.json");
manifest.publisher ??= "ponder-dev";
manifest.license ??= "UNLICENSED";
delete manifest.scripts;
delete manifest.bin;
require("fs").writeFileSync(file, JSON.stringify(manifest, null, 2));' "$stage/package.json"
cp package-lock.json README.md "$stage/"
mkdir -p "$stage/out"
cp -a dist media grammars "$stage/"
cp -a out/server out/engine out/protocol "$stage/out/"
cp -al node_modules "$stage/node_modules" 2>/dev/null || cp -a node_modules "$stage/node_modules"
(cd "$stage" && npm prune --omit=dev --offline --no-audit --no-fund >/dev/null)
# After the prune (npm refuses another platform's packages in a tree it checks), the host's native packages give
# way to the target's, at the versions of their parent packages.
node -e '
const [file, ...natives] = process.argv.slice(1);
const manifest = JSON.parse(require("fs").readFileSync(file, "utf8"));
const versions = { "@node-llama-cpp/": manifest.dependencies["node-llama-cpp"], "@esbuild/": manifest.dependencies["esbuild"] };
for (const name of Object.keys(manifest.dependencies)) if (/^@(node-llama-cpp|esbuild)\//.test(name)) delete manifest.dependencies[name];
for (const name of natives) manifest.dependencies[name] = versions[name.slice(0, name.indexOf("/") + 1)];
require("fs").writeFileSync(file, JSON.stringify(manifest, null, 2));' "$stage/package.json" "${natives[@]}"
rm -rf "$stage/node_modules/@node-llama-cpp" "$stage/node_modules/@esbuild"
for name in "${natives[@]}"; do
    dest="$stage/node_modules/$name"
    mkdir -p "$dest"
    if [ -d "node_modules/$name" ]; then
        cp -a "node_modules/$name/." "$dest/"
    else
        wanted="$(node -p "require('$stage/package.json').dependencies['$name']")"
        echo "Fetching $name@$wanted for $target"
        tarball="$(cd "$stage" && npm pack --silent --force "$name@$wanted" | tail -n 1)"
        tar -xzf "$stage/$tarball" -C "$dest" --strip-components=1
        rm "$stage/$tarball"
    fi
done
cat > "$stage/.vscodeignore" <<'IGNORE'
**/*.map
**/*.ts
!**/*.d.ts
package-lock.json
**/tree-sitter-*/prebuilds/**
**/tree-sitter-*/src/**
IGNORE
(cd "$stage" && npx --yes @vscode/vsce@3.9.2 package --target "$target" --allow-missing-repository --skip-license --no-rewrite-relative-links --out "$out")
ls -l "$out"
