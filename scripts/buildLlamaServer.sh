#!/usr/bin/env bash
# Builds llama.cpp's own `llama-server` from the llama.cpp source that node-llama-cpp's npm package carries
# (node_modules/node-llama-cpp/llama/gitRelease.bundle), CPU only, no web UI, no TLS, no tests or examples.
# The end-to-end tests of the remote runtime run against it.
#
# The binary is cached under ~/.cache/ponder/llama-server/<key>/llama-server, where <key> hashes the bundle,
# the cmake flags, this script's build recipe version and the CPU's instruction-set flags (the build is
# native). A cached binary is never rebuilt. Two runs at once are safe: a lock serialises them, and the binary
# is renamed into place only when complete. The build directory is the same for every run of one key
# (<cache>/.build-<key>) and is kept when a build is cut short (a time limit, a killed job), so the next run
# continues where ninja stopped instead of starting over; it is removed once the binary is in place.
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

build_dir="$cache_root/.build-$key"
mkdir -p "$build_dir"
tag=$(node -p "require('./$llama_dir/llama.cpp.info.json').tag" 2>/dev/null || echo unknown)
started=$(date +%s)
if [ -f "$build_dir/build/build.ninja" ]; then
    echo "Resuming the build of llama-server (llama.cpp $tag) in $build_dir"
else
    echo "Building llama-server (llama.cpp $tag from node-llama-cpp's bundle) in $build_dir; a cold build took 20 minutes on 2 shared cores"
fi
# The source is cloned beside its final place and renamed, so a cut clone is never mistaken for a whole one.
if [ ! -d "$build_dir/src" ]; then
    rm -rf "$build_dir/src.partial"
    git clone --quiet "$bundle" "$build_dir/src.partial" 2>/dev/null
    mv -T "$build_dir/src.partial" "$build_dir/src"
fi
# Configuring again over an existing build folder is quick and leaves ninja's finished work in place.
nice -n 19 cmake -S "$build_dir/src" -B "$build_dir/build" "${cmake_flags[@]}" >"$build_dir/configure.log" 2>&1 || {
    tail -n 40 "$build_dir/configure.log" >&2
    exit 1
}
nice -n 19 cmake --build "$build_dir/build" --target llama-server -j 2 >>"$build_dir/build.log" 2>&1 || {
    tail -n 60 "$build_dir/build.log" >&2
    exit 1
}
"$build_dir/build/bin/llama-server" --version >/dev/null 2>&1 || {
    echo "buildLlamaServer: the built llama-server does not run" >&2
    exit 1
}
rm -rf "$build_dir/out"
mkdir -p "$build_dir/out"
cp "$build_dir/build/bin/llama-server" "$build_dir/out/llama-server"
printf 'llama.cpp %s\nbuilt %s; this run took %s s (an earlier cut run may have done part of the work)\n' \
    "$tag" "$(date -u +%FT%TZ)" "$(($(date +%s) - started))" >"$build_dir/out/BUILD_INFO"
# A directory rename is atomic: a reader sees either no directory or a complete one.
mv -T "$build_dir/out" "$final_dir" 2>/dev/null || echo "buildLlamaServer: $final_dir appeared meanwhile; keeping it"
rm -rf "$build_dir"
echo "Built llama-server in $(($(date +%s) - started)) s:"
echo "$binary"
