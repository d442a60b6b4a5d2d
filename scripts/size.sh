#!/usr/bin/env bash
# Builds the shipping profile (`dist`: LTO, one codegen unit, stripped) of the library with
# every door compiled in (C ABI and UniFFI) and reports the shared library's size against the
# 1.2 MB budget, at opt-level 3 (the profile's) and, with --both, at opt-level "s" too.
# Honours CARGO_TARGET_DIR (default ./target).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
target=${CARGO_TARGET_DIR:-$root/target}
budget=1200000

report() {
    local level=$1
    CARGO_PROFILE_DIST_OPT_LEVEL=$level cargo build -q -p govcred --profile dist --lib
    local so="$target/dist/libgovcred.so"
    local size
    size=$(stat -c %s "$so")
    local symbols
    symbols=$(nm -D --defined-only "$so" | grep -c ' T govcred_' || true)
    printf 'opt-level %-2s libgovcred.so %9d bytes (%s), %d govcred_ symbols, budget %d: %s\n' \
        "$level" "$size" "$(numfmt --to=si "$size")" "$symbols" "$budget" \
        "$([ "$size" -le "$budget" ] && echo within || echo OVER)"
    [ "$size" -le "$budget" ]
}

status=0
report 3 || status=1
if [ "${1:-}" = "--both" ]; then
    report s || status=1
fi
exit "$status"
