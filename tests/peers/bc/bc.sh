#!/usr/bin/env bash
# Runs the BouncyCastle CMS peer (see pom.xml), building it first when needed.
#   tests/peers/bc/bc.sh make OUT_DIR X509_DIR
#   tests/peers/bc/bc.sh verify [--content FILE] [--cert CERT]... SIG...
#   tests/peers/bc/bc.sh verify-cases CASES_JSONL X509_DIR
#   tests/peers/bc/bc.sh facts SIG
# The first build fetches BouncyCastle 1.87 from Maven Central (.ci/run does it); later builds
# run Maven offline. GOVCRED_BC_TARGET moves the build directory (default: ./target here).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
target=${GOVCRED_BC_TARGET:-$here/target}
for tool in java mvn; do
    command -v "$tool" >/dev/null || { echo "bc.sh: $tool is not installed" >&2; exit 3; }
done
stamp=$target/classes/cn/govcred/peer/BcCms.class
if [[ ! -f $stamp || $here/src/main/java/cn/govcred/peer/BcCms.java -nt $stamp || $here/pom.xml -nt $stamp ||
    ! -d $target/lib ]]; then
    # Offline first (the usual case once the jars are in ~/.m2), online if they are not.
    mvn_args=(-q -B -Dstyle.color=never -f "$here/pom.xml" "-Dgovcred.bc.target=$target" package)
    { mvn -o "${mvn_args[@]}" >"$here/.build.log" 2>&1 || mvn "${mvn_args[@]}" >"$here/.build.log" 2>&1; } ||
        { cat "$here/.build.log" >&2; exit 3; }
    rm -f "$here/.build.log"
fi
exec java -cp "$target/classes:$target/lib/*" cn.govcred.peer.BcCms "$@"
