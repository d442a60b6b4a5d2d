#!/usr/bin/env bash
# Builds the shipping profile (`dist`: LTO, one codegen unit, stripped, govcred's own code at
# opt-level 3, dependencies at "s") of the shared library twice and reports each stripped size
# against its budget: with every door (default features: C ABI and UniFFI) within 1.2 MB, and
# C-only (`--no-default-features --features c-abi`) within 1.0 MB. With --both, the full build
# at opt-level "s" throughout is reported too, for comparison. Honours CARGO_TARGET_DIR.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

# report NAME BUDGET OPT-LEVEL [cargo feature args...]
report() {
    local name=$1 budget=$2 level=$3
    shift 3
    CARGO_PROFILE_DIST_OPT_LEVEL=$level cargo build -q -p govcred --profile dist --lib "$@"
    local so="$target/dist/libgovcred.so"
    local size symbols
    size=$(stat -c %s "$so")
    symbols=$(nm -D --defined-only "$so" | grep -c ' T govcred_' || true)
    printf '%-8s opt-level %-2s libgovcred.so %9d bytes (%s), %3d govcred_ symbols, budget %d: %s\n' \
        "$name" "$level" "$size" "$(numfmt --to=si "$size")" "$symbols" "$budget" \
        "$([ "$size" -le "$budget" ] && echo within || echo OVER)"
    [ "$size" -le "$budget" ]
}

status=0
report all 1200000 3 || status=1
report c-only 1000000 3 --no-default-features --features c-abi || status=1
if [ "${1:-}" = "--both" ]; then
    report all 1200000 s || status=1
fi
exit "$status"
