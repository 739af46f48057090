#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine for Ponder: system packages (the sandbox and the toolchains that
# verification runs), npm packages (only the llama.cpp binary this platform needs), and the build.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(bubblewrap python3-pytest python3-coverage librust-cfg-if-dev neovim chromium ripgrep libkrb5-dev)
missing=()
for package in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    echo "Installing system packages: ${missing[*]}"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# .npmrc omits optional dependencies, so node-llama-cpp's 700 MB of GPU binaries for every platform stay out;
# package.json names the one prebuilt binary this platform needs.
npm ci --no-audit --no-fund
npm run build
