#!/usr/bin/env bash
# Runs the Kotlin bindings' tests on the JVM (Maven, JUnit 5) against the release cdylib:
# the shared verifier and identifier vectors, the API, error codes, 8 threads on one Verifier,
# and prints the per-call cost of Verifier.verify.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_release_lib
cd "$root/bindings/kotlin"
status=0
# Maven 3.8's quiet mode still prints colour resets; drop them.
mvn -q -B -Dstyle.color=never test -Dgovcred.lib.dir="$target/release" 2>&1 | sed 's/\x1b\[0m//g' || status=$?

# Maven is quiet (the tests' own output still shows); count from surefire's XML what ran.
reports=target/surefire-reports
if compgen -G "$reports/TEST-*.xml" > /dev/null; then
    python3 - "$reports" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
tests = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/TEST-*.xml"):
    suite = ET.parse(path).getroot()
    tests += int(suite.get("tests", 0))
    failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    skipped += int(suite.get("skipped", 0))
print(f"kotlin: {tests - failed - skipped} passed, {failed} failed, {skipped} skipped")
PY
fi
exit "$status"
