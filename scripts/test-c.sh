#!/usr/bin/env bash
# The C door: builds the release library once, then runs the C tests (tests/c) linked
# statically and dynamically, under valgrind, and with ASan+UBSan, and the example terminal
# (examples/c/verify_qr) on the shared vectors. Honours CARGO_TARGET_DIR (default ./target).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
target=${CARGO_TARGET_DIR:-$root/target}
case $target in /*) ;; *) target=$root/$target ;; esac
export CARGO_TARGET_DIR=$target
libdir=$target/release

for tool in cc make valgrind pkg-config perl base64; do
  command -v "$tool" >/dev/null || { echo "test-c.sh: $tool is not installed" >&2; exit 1; }
done

echo "== cargo build --release --lib"
cargo build --release --lib

# The system libraries a static link needs. Cargo replays rustc's note from its cache, so
# after the first run this costs no compilation.
native=$(cargo rustc --release --lib --crate-type staticlib -- --print native-static-libs 2>&1 |
  sed -n 's/^note: native-static-libs: //p' | tail -n 1)
if [ -z "$native" ]; then
  echo "test-c.sh: could not read native-static-libs from rustc" >&2
  exit 1
fi
echo "native static libs: $native"

for variant in static shared valgrind asan; do
  echo "== C tests: $variant"
  make -s -C tests/c "check-$variant" CARGO_TARGET_DIR="$target" NATIVE_STATIC_LIBS="$native"
done

echo "== examples/c/verify_qr"
make -s -C examples/c CARGO_TARGET_DIR="$target" NATIVE_STATIC_LIBS="$native" verify_qr
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
setup=tests/vectors/verifier/setup.json
cases=tests/vectors/verifier/cases.jsonl
# The default bundle as bytes, and the root that signed it (the second pinned root) as PEM.
sed -n 's/^ *"default": "\([0-9a-f]*\)",\{0,1\}$/\1/p' "$setup" | perl -ne 'chomp; print pack "H*", $_' >"$tmp/bundle.cose"
root_hex=$(sed -n '/"roots": \[/,/\]/p' "$setup" | sed -n 's/^ *"\(04[0-9a-f]*\)",\{0,1\}$/\1/p' | sed -n 2p)
{
  echo "-----BEGIN PUBLIC KEY-----"
  # SubjectPublicKeyInfo: id-ecPublicKey with the SM2 curve, then the 65-byte point.
  echo "3059301306072a8648ce3d020106082a811ccf5501822d034200$root_hex" | perl -ne 'chomp; print pack "H*", $_' | base64 -w 64
  echo "-----END PUBLIC KEY-----"
} >"$tmp/root.pem"
case_field() { grep "\"name\":\"$1\"" "$cases" | sed -n "s/.*\"$2\":\"\{0,1\}\([^\",}]*\).*/\1/p"; }

run_example() { # name expected-exit
  local qr now rc=0
  qr=$(case_field "$1" qr)
  now=$(case_field "$1" now)
  examples/c/verify_qr --now "$now" "$tmp/bundle.cose" "$tmp/root.pem" "$qr" >"$tmp/out" 2>&1 || rc=$?
  if [ "$rc" -ne "$2" ]; then
    echo "verify_qr $1: exit $rc, expected $2" >&2
    cat "$tmp/out" >&2
    return 1
  fi
  echo "verify_qr $1: exit $rc as expected: $(head -n 1 "$tmp/out")"
}
run_example valid-license 0
run_example tampered-signature 1
echo "C door: all checks passed"
