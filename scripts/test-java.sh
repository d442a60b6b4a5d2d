#!/usr/bin/env bash
# The Java door: builds the release shared library, then runs the Maven tests of
# bindings/java (JNA over the C ABI) against it. Honours CARGO_TARGET_DIR (default ./target).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
target=${CARGO_TARGET_DIR:-$root/target}
case $target in /*) ;; *) target=$root/$target ;; esac
export CARGO_TARGET_DIR=$target

for tool in java mvn; do
  command -v "$tool" >/dev/null || { echo "test-java.sh: $tool is not installed" >&2; exit 1; }
done

echo "== cargo build -p govcred --release --lib"
cargo build -p govcred --release --lib

echo "== mvn test (bindings/java)"
cd bindings/java
rm -rf target/surefire-reports
# Maven 3.8's quiet mode still prints colour resets; drop them.
mvn -q -B -Dstyle.color=never test -Dgovcred.libdir="$target/release" 2>&1 | sed 's/\x1b\[0m//g'

# -q hides Surefire's summary; print it from the reports.
cat target/surefire-reports/*.txt | awk -F'[:,] *' '
  /^Tests run:/ { run += $2; fail += $4; err += $6; skip += $8 }
  END {
    printf "Tests run: %d, Failures: %d, Errors: %d, Skipped: %d\n", run, fail, err, skip
    if (run == 0 || fail + err > 0) exit 1
  }'
