#!/usr/bin/env bash
# Builds llama.cpp's own `llama-server` from the llama.cpp source that node-llama-cpp's npm package carries
# (node_modules/node-llama-cpp/llama/gitRelease.bundle), CPU only, no web UI, no TLS, no tests or examples.
# The end-to-end tests of the remote runtime run against it.
#
# The binary is cached under ~/.cache/ponder/llama-server/<key>/llama-server, where <key> hashes the bundle,
# the cmake flags, this script's build recipe version and the CPU's instruction-set flags (the build is
# native). A cached binary is never rebuilt. Two runs at once are safe: a lock serialises them and the
# build happens in a temporary directory that is renamed into place only when complete.
#
# Usage: scripts/buildLlamaServer.sh            build if needed; the last line printed is the binary's path
#        scripts/buildLlamaServer.sh --path     print the binary's path; exit 1 (building nothing) if absent
set -euo pipefail
cd "$(dirname "$0")/.."

recipe_version=1
llama_dir=node_modules/node-llama-cpp/llama
bundle="$llama_dir/gitRelease.bundle"
if [ ! -f "$bundle" ]; then
    echo "buildLlamaServer: $bundle is missing; run npm ci first" >&2
    exit 2
fi

cmake_flags=(
    -G Ninja
    -DCMAKE_BUILD_TYPE=Release
    -DBUILD_SHARED_LIBS=OFF
    -DGGML_NATIVE=ON
    -DGGML_OPENMP=OFF
    -DLLAMA_BUILD_TESTS=OFF
    -DLLAMA_BUILD_EXAMPLES=OFF
    -DLLAMA_BUILD_TOOLS=ON
    -DLLAMA_BUILD_SERVER=ON
    -DLLAMA_BUILD_APP=OFF
    -DLLAMA_BUILD_UI=OFF
    -DLLAMA_USE_PREBUILT_UI=OFF
    -DLLAMA_OPENSSL=OFF
    -DLLAMA_LLGUIDANCE=OFF
)
cpu_flags=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || true)
key=$( {
    sha256sum "$bundle" | cut -d' ' -f1
    echo "recipe $recipe_version"
    printf '%s\n' "${cmake_flags[@]}"
    uname -m
    echo "$cpu_flags"
} | sha256sum | cut -c1-16)

cache_root="${PONDER_CACHE_DIR:-$HOME/.cache/ponder}/llama-server"
final_dir="$cache_root/$key"
binary="$final_dir/llama-server"

if [ "${1:-}" = "--path" ]; then
    if [ -x "$binary" ]; then
        echo "$binary"
        exit 0
    fi
    echo "buildLlamaServer: no cached llama-server at $binary; run scripts/buildLlamaServer.sh" >&2
    exit 1
fi

if [ -x "$binary" ]; then
    echo "llama-server is cached (no rebuild):"
    echo "$binary"
    exit 0
fi

mkdir -p "$cache_root"
exec 9>"$cache_root/.lock-$key"
if ! flock -n 9; then
    echo "buildLlamaServer: another build of $key is running; waiting for it"
    flock 9
fi
if [ -x "$binary" ]; then
    echo "llama-server was built by a concurrent run:"
    echo "$binary"
    exit 0
fi

work_dir=$(mktemp -d "$cache_root/.build-$key.XXXXXX")
trap 'rm -rf "$work_dir"' EXIT
tag=$(node -p "require('./$llama_dir/llama.cpp.info.json').tag" 2>/dev/null || echo unknown)
echo "Building llama-server (llama.cpp $tag from node-llama-cpp's bundle) in $work_dir; a cold build takes a while"
started=$(date +%s)
git clone --quiet "$bundle" "$work_dir/src" 2>/dev/null
nice -n 19 cmake -S "$work_dir/src" -B "$work_dir/build" "${cmake_flags[@]}" >"$work_dir/configure.log" 2>&1 || {
    tail -n 40 "$work_dir/configure.log" >&2
    exit 1
}
nice -n 19 cmake --build "$work_dir/build" --target llama-server -j 2 >"$work_dir/build.log" 2>&1 || {
    tail -n 60 "$work_dir/build.log" >&2
    exit 1
}
"$work_dir/build/bin/llama-server" --version >/dev/null 2>&1 || {
    echo "buildLlamaServer: the built llama-server does not run" >&2
    exit 1
}
mkdir -p "$work_dir/out"
cp "$work_dir/build/bin/llama-server" "$work_dir/out/llama-server"
printf 'llama.cpp %s\nbuilt %s in %s s\n' "$tag" "$(date -u +%FT%TZ)" "$(($(date +%s) - started))" >"$work_dir/out/BUILD_INFO"
# A directory rename is atomic: a reader sees either no directory or a complete one.
mv -T "$work_dir/out" "$final_dir" 2>/dev/null || echo "buildLlamaServer: $final_dir appeared meanwhile; keeping it"
echo "Built llama-server in $(($(date +%s) - started)) s:"
echo "$binary"
