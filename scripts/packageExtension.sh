#!/usr/bin/env bash
# Builds Ponder and packages it as a platform-specific .vsix with @vscode/vsce 3.9.2 (the last that runs on
# Node 20), offline. The manifest is the root package.json; packaging happens in a staging folder so a publisher
# can be added and the dev dependencies pruned without touching the workspace.
# Usage: scripts/packageExtension.sh [target]   (default linux-x64; the .vsix lands in the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-linux-x64}"
root="$(pwd)"
version="$(node -p 'require("./package.json").version')"
out="$root/ponder-$target-$version.vsix"

npx tsc -b
node client/bundle.mjs --minify

stage="$(mktemp -d "${TMPDIR:-/tmp}/ponder-vsix-XXXXXX")"
trap 'rm -rf "$stage"' EXIT
node -e '
const manifest = require("./package.json");
manifest.publisher ??= "ponder-dev";
manifest.license ??= "UNLICENSED";
delete manifest.scripts;
delete manifest.bin;
require("fs").writeFileSync(process.argv[1], JSON.stringify(manifest, null, 2));' "$stage/package.json"
cp package-lock.json README.md "$stage/"
mkdir -p "$stage/out"
cp -a dist media grammars "$stage/"
cp -a out/server out/engine out/protocol "$stage/out/"
cp -al node_modules "$stage/node_modules" 2>/dev/null || cp -a node_modules "$stage/node_modules"
(cd "$stage" && npm prune --omit=dev --offline --no-audit --no-fund >/dev/null)
cat > "$stage/.vscodeignore" <<'IGNORE'
**/*.map
**/*.ts
!**/*.d.ts
package-lock.json
IGNORE
(cd "$stage" && npx --yes @vscode/vsce@3.9.2 package --target "$target" --allow-missing-repository --skip-license --no-rewrite-relative-links --out "$out")
ls -l "$out"
