#!/usr/bin/env bash
# One-command set-up (npm run setup): Debian packages that are missing, npm dependencies, the
# native addon, the TypeScript build, the test fixtures, and the bundled example compiled.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)

DEBIAN_PACKAGES=(libtorch-dev libdnnl-dev llvm-19-dev llvm-19 cmake g++ make file python3-torch python3-torchvision libopenblas0-pthread)

step() { printf '\n==> %s\n' "$*"; }

install_debian_packages() {
  local missing=()
  local pkg
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "Debian packages: all present"
    return
  fi
  step "Installing Debian packages: ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "error: need root or sudo to install: ${missing[*]}" >&2
      exit 1
    fi
  fi
  "${sudo[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y "${missing[@]}"
}

install_npm_dependencies() {
  step "Installing npm dependencies"
  if [ -f package-lock.json ]; then
    npm ci --ignore-scripts
  else
    npm install --ignore-scripts
  fi
}

build() {
  # cmake-js takes the Node headers from npm's nodedir; use the system's headers (no download).
  if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
    export npm_config_nodedir=/usr
  fi
  step "Building the native addon"
  npm run build:native
  step "Building the TypeScript API and CLI"
  npm run build:ts
}

make_models() {
  step "Building the test fixtures and the bundled example model"
  node scripts/make-fixtures.js
  node scripts/make-fixtures.js --example
}

compile_example() {
  step "Compiling the bundled example"
  node dist/bin/aot-model-compiler.js --model examples/add10.pt --model_name add10 --model_version v1 \
    --input_dims 2,2,2
  echo "LLVM assembly:  $ROOT/examples/add10.compiled.ll"
  echo "Compiled model: $ROOT/examples/add10.compiled.pt"
  echo "Run it with:    node dist/bin/aot-model-compiler.js run --model examples/add10.compiled.pt --seed 1"
}

install_debian_packages
install_npm_dependencies
build
make_models
compile_example
step "Set-up done. Run the tests with: npm test"
