#!/usr/bin/env bash
# ARM Linux terminals: cross-builds the library, the CLI and the Rust tests for
# aarch64-unknown-linux-gnu (and armv7-unknown-linux-gnueabihf when its packages are
# installed; required under CI=1), and runs them under qemu-user: the Rust unit and
# integration tests (shared vectors, property tests, the SM2 differential test with
# $ARM_DIFFERENTIAL_CASES cases instead of 100,000), the C tests linked statically and
# dynamically against the cross-built library, and the CLI's demo and an SM3 vector hashed
# by it. Everything is one cargo profile, $ARM_PROFILE (default dev, whose dependencies are
# optimised: the tests, the C tests' library and the CLI share one dependency build; `release`
# checks the shipping code generation at twice the build time). ARM_TESTS limits the
# integration tests to the names given (e.g. "sm2_vectors cose"; default: all of them below).
# The packages: scripts/cross-env.sh. The cross builds use Debian's rustc and their own target
# dir, $CARGO_TARGET_DIR/cross (CARGO_TARGET_DIR default ./target).
#
# Not run under qemu: the CLI integration tests (they start the CLI as a host process, and
# this machine has no binfmt_misc to hand an ARM executable to qemu; the script runs the
# cross-built CLI through qemu itself instead) and the generated-bindings drift test (it
# compares host-independent generated text, checked by the host run).
#   scripts/test-arm.sh [TRIPLE...]
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"
# shellcheck source=scripts/cross-env.sh
source "$root/scripts/cross-env.sh"

# 100,000 cases take minutes natively in a debug build and ~20x that under qemu.
cases=${ARM_DIFFERENTIAL_CASES:-5000}
triples=("$@")
if [ ${#triples[@]} -eq 0 ]; then
  triples=(aarch64-unknown-linux-gnu)
  if (cross_available armv7-unknown-linux-gnueabihf) || [ -n "${CI:-}" ]; then
    triples+=(armv7-unknown-linux-gnueabihf)
  fi
fi

profile=${ARM_PROFILE:-dev}
case $profile in dev) profile_dir=debug ;; *) profile_dir=$profile ;; esac

tests=(--lib --bins)
for f in tests/*.rs; do
  name=$(basename "$f" .rs)
  case $name in cli_* | uniffi_bindings) continue ;; esac
  if [ -n "${ARM_TESTS:-}" ] && ! [[ " $ARM_TESTS " == *" $name "* ]]; then continue; fi
  tests+=(--test "$name")
done
for name in ${ARM_TESTS:-}; do
  [ -f "tests/$name.rs" ] || { echo "test-arm.sh: ARM_TESTS names no test $name" >&2; exit 2; }
done

for triple in "${triples[@]}"; do
  if ! (cross_available "$triple"); then
    echo "test-arm.sh: the packages for $triple are missing (see scripts/cross-env.sh)" >&2
    exit 1
  fi
  (
    cross_env "$triple"
    qemu=("$CROSS_QEMU" -L "$CROSS_QEMU_PREFIX")
    start=$SECONDS
    cargo=(--locked --target "$triple" --target-dir "$CROSS_TARGET_DIR")
    [ "$profile" = dev ] || cargo+=(--profile "$profile")
    echo "== $triple: cargo build --profile $profile (library, CLI)"
    cargo build -q "${cargo[@]}" --lib --bin govcred
    out=$CROSS_TARGET_DIR/$triple/$profile_dir
    file "$out/libgovcred.so" "$out/govcred" | sed "s|$CROSS_TARGET_DIR/||"
    for f in libgovcred.so libgovcred.a govcred; do
      printf '%-14s %9d bytes\n' "$f" "$(stat -c %s "$out/$f")"
    done

    echo "== $triple: cargo test --profile $profile under ${qemu[*]} (SM2 differential: $cases of 100,000 cases)"
    log=$CROSS_TARGET_DIR/$triple/test-arm.log
    rc=0
    GOVCRED_DIFFERENTIAL_CASES=$cases cargo test "${cargo[@]}" "${tests[@]}" \
      -- --nocapture >"$log" 2>&1 || rc=$?
    grep -E '^(test result|[0-9]+ cases: )|Running ' "$log" | sed 's/^ *//'
    if [ "$rc" -ne 0 ]; then
      grep -E -A 15 '^(---- |failures:|error)' "$log" | head -n 80 >&2
      echo "test-arm.sh: cargo test failed for $triple (log: $log)" >&2
      exit 1
    fi

    echo "== $triple: C tests (static and shared) under qemu"
    native=$(cargo rustc -q "${cargo[@]}" -p govcred --lib --crate-type staticlib -- \
      --print native-static-libs 2>&1 | sed -n 's/^note: native-static-libs: //p' | tail -n 1)
    [ -n "$native" ] || { echo "no native-static-libs for $triple" >&2; exit 1; }
    build=$CROSS_TARGET_DIR/$triple/c-tests
    mkdir -p "$build"
    flags=(-std=c99 -Wall -Wextra -Werror -pedantic -O1 -D_POSIX_C_SOURCE=200809L -Iinclude -pthread)
    # shellcheck disable=SC2086
    "$CROSS_CC" "${flags[@]}" -o "$build/test-static" tests/c/test_govcred.c tests/c/test_x509.c tests/c/test_ofd.c tests/c/vectors.c \
      "$out/libgovcred.a" -Wl,--gc-sections $native
    "$CROSS_CC" "${flags[@]}" -o "$build/test-shared" tests/c/test_govcred.c tests/c/test_x509.c tests/c/test_ofd.c tests/c/vectors.c \
      -L"$out" -lgovcred -Wl,-rpath,"$out"
    "${qemu[@]}" "$build/test-static" tests/vectors | tail -n 1
    "${qemu[@]}" "$build/test-shared" tests/vectors | tail -n 1

    echo "== $triple: CLI under qemu"
    "${qemu[@]}" "$out/govcred" demo >"$build/demo.out"
    echo "govcred demo: $(wc -l <"$build/demo.out") lines, exit 0"
    # GB/T 32905 example 1 from the shared vectors.
    expected=$(awk '/^case = abc$/ { c = 1 } c && /^digest = / { print $3; exit }' tests/vectors/sm3/valid-gbt32905.txt)
    digest=$(printf abc | "${qemu[@]}" "$out/govcred" sm3)
    [ -n "$expected" ] && [ "$digest" = "$expected" ] ||
      { echo "test-arm.sh: govcred sm3 of \"abc\" printed '$digest', the vector says '$expected'" >&2; exit 1; }
    echo "govcred sm3 \"abc\": $digest (GB/T 32905 example 1)"
    echo "== $triple: done in $((SECONDS - start)) s"
  )
done
echo "ARM: all checks passed for ${triples[*]}"
