#!/usr/bin/env bash
# Builds the Python wheel with maturin (UniFFI bindings generated from the release library),
# installs it into a fresh virtual environment and runs pytest over the shared vectors and
# the API; then prints the per-call cost of Verifier.verify.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MATURIN_VERSION=1.16.0
venv="$target/python-venv"
wheels="$target/python-wheels"

python3 -m venv --clear "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check "maturin==$MATURIN_VERSION" pytest

# maturin runs `uniffi-bindgen` from PATH (the workspace's binary has another name, see
# bindings/uniffi-bindgen/Cargo.toml): link the generator pinned to the scaffolding's version.
(cd "$root" && cargo build -q -p uniffi-bindgen)
ln -sf "$target/debug/govcred-uniffi-bindgen" "$venv/bin/uniffi-bindgen"

rm -rf "$wheels"
(cd "$root/bindings/python" && PATH="$venv/bin:$PATH" "$venv/bin/maturin" build --release --out "$wheels")
"$venv/bin/pip" install -q --disable-pip-version-check "$wheels"/govcred-*.whl

cd "$root/bindings/python"
"$venv/bin/python" -m pytest -q -p no:cacheprovider tests
"$venv/bin/python" verify_cost.py
