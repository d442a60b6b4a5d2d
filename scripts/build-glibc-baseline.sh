#!/usr/bin/env bash
# The release artifacts for old Linux terminals: the shared and static library (with the
# install's SONAME) and the CLI built by cargo-zigbuild against glibc 2.17
# (x86_64-unknown-linux-gnu.2.17), then checked by scripts/check-glibc.sh. zig and
# cargo-zigbuild come from PyPI (ziglang, cargo-zigbuild) into a venv in the target dir.
# Prints each artifact's size and highest glibc symbol version.
#   [PROFILE=dist] scripts/build-glibc-baseline.sh [TRIPLE.GLIBC]   (default x86_64-unknown-linux-gnu.2.17)
# PROFILE defaults to release, whose dependency builds CI shares with the manylinux2014
# Python wheel; `dist` is the shipping profile (LTO, stripped). Honours CARGO_TARGET_DIR
# (default ./target); output in $CARGO_TARGET_DIR/<triple>/<profile>/.
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
if ! "$venv/bin/cargo-zigbuild" --version 2>/dev/null | grep -q "$CARGO_ZIGBUILD_VERSION" ||
   ! "$venv/bin/python" -m ziglang version 2>/dev/null | grep -q "^$ZIGLANG_VERSION"; then
  python3 -m venv --clear "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "ziglang==$ZIGLANG_VERSION" \
    "cargo-zigbuild==$CARGO_ZIGBUILD_VERSION"
fi
export PATH=$venv/bin:$PATH
rustup target list --installed 2>/dev/null | grep -qx "$triple" || rustup target add "$triple" </dev/null

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
echo "== cargo zigbuild --profile $profile --target $spec (library, SONAME libgovcred.so.${version%%.*})"
cargo-zigbuild rustc --locked --profile "$profile" --lib --crate-type cdylib,staticlib --target "$spec" \
  -- -C link-arg=-Wl,-soname,libgovcred.so."${version%%.*}"
echo "== cargo zigbuild --profile $profile --target $spec (CLI)"
cargo-zigbuild build --locked --profile "$profile" --bin govcred --target "$spec"

out=$target/$triple/$profile
scripts/check-glibc.sh --max "$baseline" "$out/libgovcred.so" "$out/govcred"
for f in libgovcred.so libgovcred.a govcred; do
  printf '%-14s %9d bytes  %s\n' "$f" "$(stat -c %s "$out/$f")" "$out/$f"
done
