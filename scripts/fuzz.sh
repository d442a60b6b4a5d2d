#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for SECONDS each (default 60), one after the other,
# under the memory limits below, and prints per-target executions and coverage.
#
#   scripts/fuzz.sh [SECONDS]
#   FUZZ_TARGETS="cbor cose_sign1" scripts/fuzz.sh 600     # a subset
#   FUZZ_NICE=19 scripts/fuzz.sh 3600                        # a long run at low priority
#   FUZZ_TIME_signature=900 scripts/fuzz.sh 120              # one target longer
#   FUZZ_BIN=dir FUZZ_WORK=dir scripts/fuzz.sh 60    # run copied binaries, corpora elsewhere
#
# Needs nightly (`rustup toolchain install nightly`) and cargo-fuzz (installed here with
# `cargo install --locked cargo-fuzz` when missing). Seeds come from tests/vectors/
# (fuzz/seeds.py); the working corpus grows in fuzz/corpus/<target>/ (not committed);
# crashes and out-of-memory inputs land in fuzz/artifacts/<target>/ and make the script
# fail. A reported input becomes a vector under tests/vectors/fuzz/ with a test.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

seconds="${1:-60}"
# A single allocation of 1 MiB or more is an out-of-memory report: a QR carries at most
# 64 KiB of COSE, so a decoder reserving a megabyte for it is out of proportion (this is
# what caught the CBOR decoder reserving every declared length up front). The RSS limit
# leaves room for the sanitizer's quarantine and the verifier's tables.
rss_limit_mb="${FUZZ_RSS_LIMIT_MB:-512}"
malloc_limit_mb="${FUZZ_MALLOC_LIMIT_MB:-1}"
nice_level="${FUZZ_NICE:-0}"

export CARGO_TERM_COLOR=never
command -v cargo-fuzz >/dev/null 2>&1 || cargo install --locked cargo-fuzz </dev/null
python3 fuzz/seeds.py >/dev/null
work="${FUZZ_WORK:-fuzz}"
if [[ "$work" != fuzz ]]; then
    mkdir -p "$work/corpus"
    cp -rn fuzz/corpus/. "$work/corpus/"
fi

if [[ -n "${FUZZ_BIN:-}" ]]; then
    bin="$FUZZ_BIN"
else
    (cd fuzz && nice -n "$nice_level" cargo +nightly fuzz build -O)
    bin="$CARGO_TARGET_DIR/$(rustc +nightly -vV | sed -n 's/^host: //p')/release"
fi
targets="${FUZZ_TARGETS:-$(cd fuzz && cargo +nightly fuzz list)}"

mkdir -p "$work/logs"
failed=()
rows=()
total=0
# The longest input each target takes: a QR text is at most 16 KiB, inflated COSE 64 KiB.
# Explicit, because libFuzzer otherwise sizes its buffers from the largest seed (up to
# 1 MiB), which the malloc limit would report.
max_len() {
    case "$1" in
        verify_qr | decode_inspect | qr_frame) echo 17000 ;;
        cbor | cose_sign1 | trust_bundle | claims | ofd | ofd_xml) echo 65600 ;;
        x509 | seal | cms) echo 16384 ;;
        keys) echo 8192 ;;
        signature) echo 256 ;;
        signed_mutation | sm2_differential) echo 1024 ;;
        *) echo 65600 ;;
    esac
}

for target in $targets; do
    mkdir -p "$work/artifacts/$target" "$work/corpus/$target"
    log="$work/logs/$target.log"
    time_var="FUZZ_TIME_$target"
    status=ok
    nice -n "$nice_level" "$bin/$target" \
        -max_total_time="${!time_var:-$seconds}" -rss_limit_mb="$rss_limit_mb" \
        -malloc_limit_mb="$malloc_limit_mb" -max_len="$(max_len "$target")" -timeout=30 -print_final_stats=1 \
        -artifact_prefix="$work/artifacts/$target/" "$work/corpus/$target" \
        >"$log" 2>&1 || status=failed
    if grep -q 'out-of-memory' "$log"; then
        status=out-of-memory
    elif grep -qE 'ERROR: (AddressSanitizer|libFuzzer)|panicked at' "$log"; then
        status=crash
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    execs="${execs:-0}"
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$log" | tail -1 || true)
    cov_edges=$(sed -E 's/cov: ([0-9]+).*/\1/' <<<"${cov:-cov: 0}")
    features=$(sed -E 's/.*ft: ([0-9]+).*/\1/' <<<"${cov:-ft: 0}")
    corpus=$(sed -E 's/.*corp: ([0-9]+).*/\1/' <<<"${cov:-corp: 0}")
    rows+=("$(printf '%-18s %14s %8s %6s %7s %6s  %s' "$target" "$execs" "${speed:-0}" \
        "$cov_edges" "$features" "$corpus" "$status")")
    total=$((total + execs))
    [[ "$status" == ok ]] || failed+=("$target ($status, see $log and $work/artifacts/$target/)")
done

printf '%-18s %14s %8s %6s %7s %6s  %s\n' target executions exec/s cov ft corpus result
printf '%s\n' "${rows[@]}"
printf '%-18s %14s\n' total "$total"
if ((${#failed[@]})); then
    printf 'failed: %s\n' "${failed[@]}" >&2
    exit 1
fi
