#!/usr/bin/env bash
# The Java door: builds the release shared library for this machine and for each target of
# JAR_CROSS_TARGETS (e.g. "aarch64-unknown-linux-gnu armv7-unknown-linux-gnueabihf", with the
# packages of scripts/cross-env.sh; unset: none), lays them out as JNA resources
# (linux-x86-64/, linux-aarch64/, linux-arm/), then runs
# `mvn package` in bindings/java: the tests load the library from the class path (no
# jna.library.path), and the jar, sources jar and javadoc jar are written. Last, a program
# runs with only `java -cp govcred.jar:jna.jar`. Honours CARGO_TARGET_DIR (default ./target).
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"
# shellcheck source=scripts/cross-env.sh
source "$root/scripts/cross-env.sh"

need java javac mvn

echo "== cargo build -p govcred --release --lib"
cargo build -p govcred --release --lib
natives=$target/jna-natives
rm -rf "$natives"
host_prefix=$(java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/os.arch =/ { print $2 }')
case $host_prefix in amd64 | x86_64) host_prefix=linux-x86-64 ;; aarch64) host_prefix=linux-aarch64 ;; esac
mkdir -p "$natives/$host_prefix"
cp "$target/release/libgovcred.so" "$natives/$host_prefix/"

for triple in ${JAR_CROSS_TARGETS:-}; do
  if (cross_available "$triple"); then
    echo "== cargo build --release --lib --target $triple"
    (cross_env "$triple" && cargo build -q -p govcred --release --lib --target "$triple" --target-dir "$CROSS_TARGET_DIR")
    cross_env "$triple" >/dev/null
    mkdir -p "$natives/$CROSS_JNA_PREFIX"
    cp "$CROSS_TARGET_DIR/$triple/release/libgovcred.so" "$natives/$CROSS_JNA_PREFIX/"
    unset RUSTC
  else
    echo "test-java.sh: the cross packages for $triple are missing (see scripts/cross-env.sh)" >&2
    exit 1
  fi
done

echo "== mvn package (bindings/java)"
cd bindings/java
rm -rf target/surefire-reports
# Maven 3.8's quiet mode still prints colour resets; drop them.
mvn -q -B -Dstyle.color=never package -Dgovcred.natives="$natives" 2>&1 | sed 's/\x1b\[0m//g'

# -q hides Surefire's summary; print it from the reports.
cat target/surefire-reports/*.txt | awk -F'[:,] *' '
  /^Tests run:/ { run += $2; fail += $4; err += $6; skip += $8 }
  END {
    printf "Tests run: %d, Failures: %d, Errors: %d, Skipped: %d\n", run, fail, err, skip
    if (run == 0 || fail + err > 0) exit 1
  }'

version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -n 1)
jar=target/govcred-$version.jar
for f in "$jar" "target/govcred-$version-sources.jar" "target/govcred-$version-javadoc.jar"; do
  [ -s "$f" ] || { echo "test-java.sh: $f was not built" >&2; exit 1; }
done
echo "jar natives:"
unzip -l "$jar" | awk '/libgovcred/ { printf "  %-32s %9d bytes\n", $4, $1 }'

echo "== java -cp govcred.jar:jna.jar App (no system property)"
jna=$(mvn -q -B -Dstyle.color=never dependency:build-classpath -DincludeArtifactIds=jna \
  -Dmdep.outputFile=/dev/stdout 2>/dev/null | sed 's/\x1b\[0m//g' | tr -d '\n')
[ -f "$jna" ] || { echo "test-java.sh: JNA jar not found ($jna)" >&2; exit 1; }
app=$(mktemp -d)
trap 'rm -rf "$app"' EXIT
javac -d "$app" -cp "$jar" examples/App.java
out=$(cd "$app" && java -cp "$root/bindings/java/$jar:$jna:." App)
echo "$out"
grep -q "^govcred $version$" <<<"$out" || { echo "test-java.sh: App printed no version line" >&2; exit 1; }
