#!/usr/bin/env bash
# The release artifacts for old Linux terminals: the shared and static library (with the
# install's SONAME) and the CLI built by cargo-zigbuild against glibc 2.17
# (x86_64-unknown-linux-gnu.2.17), then checked by scripts/check-glibc.sh. zig comes from
# PyPI (ziglang) into a venv in the target dir, cargo-zigbuild from crates.io
# (`cargo install --locked`) into the same prefix; both pinned.
# Prints each artifact's size and highest glibc symbol version.
#   [PROFILE=dist] scripts/build-glibc-baseline.sh [TRIPLE.GLIBC]   (default x86_64-unknown-linux-gnu.2.17)
# PROFILE defaults to release; `dist` is the shipping profile (LTO, stripped). The build has a
# target dir of its own, $CARGO_TARGET_DIR/glibc-baseline (CARGO_TARGET_DIR default ./target):
# for the host triple zig also links the build scripts and proc macros, and sharing their
# files with the ordinary build would make each rebuild the other's. Output in
# $CARGO_TARGET_DIR/glibc-baseline/<triple>/<profile>/.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

ZIGLANG_VERSION=0.14.1
CARGO_ZIGBUILD_VERSION=0.24.1
spec=${1:-x86_64-unknown-linux-gnu.2.17}
profile=${PROFILE:-release}
triple=${spec%.*.*}
baseline=${spec#"$triple".}

venv=$target/zig-venv
if ! "$venv/bin/python" -m ziglang version 2>/dev/null | grep -qx "$ZIGLANG_VERSION"; then
  python3 -m venv --clear "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "ziglang==$ZIGLANG_VERSION"
fi
if ! "$venv/bin/cargo-zigbuild" --version 2>/dev/null | grep -qx "cargo-zigbuild $CARGO_ZIGBUILD_VERSION"; then
  # Its own build dir, removed after: the tool's dependencies are no part of the project's.
  CARGO_TARGET_DIR=$venv/cargo-build cargo install -q --locked --force --root "$venv" \
    --version "$CARGO_ZIGBUILD_VERSION" cargo-zigbuild </dev/null
  rm -rf "$venv/cargo-build"
fi
# cargo-zigbuild runs zig as `python3 -m ziglang` when no `zig` is on PATH: the venv's python.
export PATH=$venv/bin:$PATH
rustup target list --installed 2>/dev/null | grep -qx "$triple" || rustup target add "$triple" </dev/null

export CARGO_TARGET_DIR=$target/glibc-baseline
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
echo "== cargo zigbuild --profile $profile --target $spec (library, SONAME libgovcred.so.${version%%.*})"
cargo-zigbuild rustc --locked -p govcred --profile "$profile" --lib --crate-type cdylib,staticlib --target "$spec" \
  -- -C link-arg=-Wl,-soname,libgovcred.so."${version%%.*}"
echo "== cargo zigbuild --profile $profile --target $spec (CLI)"
cargo-zigbuild build --locked --profile "$profile" --bin govcred --target "$spec"

out=$CARGO_TARGET_DIR/$triple/$profile
scripts/check-glibc.sh --max "$baseline" "$out/libgovcred.so" "$out/govcred"
readelf -d "$out/libgovcred.so" | grep -q "(SONAME).*\[libgovcred.so.${version%%.*}\]" ||
  { echo "build-glibc-baseline.sh: libgovcred.so lacks the SONAME libgovcred.so.${version%%.*}" >&2; exit 1; }
# Linked against the 2.17 stubs, the CLI still runs on this (newer) glibc.
"$out/govcred" --version
for f in libgovcred.so libgovcred.a govcred; do
  printf '%-14s %9d bytes  %s\n' "$f" "$(stat -c %s "$out/$f")" "$out/$f"
done
