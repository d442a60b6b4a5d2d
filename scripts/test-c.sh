#!/usr/bin/env bash
# The C door: builds the release library once, then runs the C tests (tests/c) linked
# statically and dynamically, under valgrind, and with ASan+UBSan, and the example terminal
# (examples/c/verify_qr) on the shared vectors. Then installs the library with `make install`
# into a temporary prefix and builds the example, the README's C programs and the C tests
# against that prefix, through pkg-config and through CMake (find_package). Honours
# CARGO_TARGET_DIR (default ./target).
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"
libdir=$target/release

need cc make cmake ctest valgrind pkg-config perl readelf

echo "== cargo build -p govcred --release --lib"
cargo build -p govcred --release --lib

# The system libraries a static link needs. Cargo replays rustc's note from its cache, so
# after the first run this costs no compilation.
native=$(cargo rustc -p govcred --release --lib --crate-type staticlib -- --print native-static-libs 2>&1 |
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

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== make install (profile dist) into a temporary prefix"
prefix=$tmp/prefix
make -s -C "$root" install PREFIX="$prefix" CARGO_TARGET_DIR="$target" >"$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log" >&2; exit 1; }
soname=$(readelf -d "$prefix/lib/libgovcred.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
real=$(readlink -f "$prefix/lib/libgovcred.so")
echo "installed: $(cd "$prefix" && find . -type f -o -type l | sort | tr '\n' ' ')"
[ "$soname" = "libgovcred.so.0" ] || { echo "SONAME is '$soname', expected libgovcred.so.0" >&2; exit 1; }
[ "$(basename "$real")" = "libgovcred.so.$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)" ] ||
  { echo "libgovcred.so resolves to $real" >&2; exit 1; }
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
grep -q "^Libs.private: $native\$" "$PKG_CONFIG_PATH/govcred.pc" ||
  { echo "govcred.pc: Libs.private is not rustc's list" >&2; cat "$PKG_CONFIG_PATH/govcred.pc" >&2; exit 1; }
echo "SONAME $soname -> $(basename "$real"); pkg-config govcred $(pkg-config --modversion govcred): $(pkg-config --libs --static govcred)"
export LD_LIBRARY_PATH=$prefix/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}

echo "== examples/c/verify_qr through pkg-config (installed prefix)"
make -s -C examples/c clean verify_qr
readelf -d examples/c/verify_qr | grep -q 'NEEDED.*\[libgovcred.so.0\]' ||
  { echo "verify_qr does not link libgovcred.so.0" >&2; exit 1; }
echo "== C tests through CMake find_package(govcred) (installed prefix), shared and static"
cmake -S tests/c -B "$tmp/cmake-tests" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release >"$tmp/cmake.log" 2>&1 ||
  { cat "$tmp/cmake.log" >&2; exit 1; }
cmake --build "$tmp/cmake-tests" -j 2 >"$tmp/cmake.log" 2>&1 || { cat "$tmp/cmake.log" >&2; exit 1; }
ctest --test-dir "$tmp/cmake-tests" --output-on-failure
echo "== examples/c/verify_qr through CMake (installed prefix)"
cmake -S examples/c -B "$tmp/cmake-example" -DCMAKE_PREFIX_PATH="$prefix" >"$tmp/cmake.log" 2>&1 ||
  { cat "$tmp/cmake.log" >&2; exit 1; }
cmake --build "$tmp/cmake-example" >"$tmp/cmake.log" 2>&1 || { cat "$tmp/cmake.log" >&2; exit 1; }
echo "== C tests through pkg-config --static (installed prefix)"
# shellcheck disable=SC2046
cc -std=c99 -Wall -Wextra -Werror -pedantic -D_POSIX_C_SOURCE=200809L $(pkg-config --cflags govcred) \
  -o "$tmp/test-pc-static" tests/c/test_govcred.c tests/c/test_x509.c tests/c/test_ofd.c tests/c/vectors.c \
  "$(pkg-config --variable=libdir govcred)/libgovcred.a" -Wl,--gc-sections $(pkg-config --static --libs-only-l govcred | sed 's/-lgovcred//')
"$tmp/test-pc-static" tests/vectors | tail -n 1

# From the shared vectors: the default bundle as bytes, the root that signed it (the second
# pinned root) as PEM, the license issuer's key and input, and the QR text and time of cases.
perl -MJSON::PP -MMIME::Base64 -e '
  my $dir = shift;
  sub slurp { local $/; open my $f, "<", $_[0] or die "$_[0]: $!"; <$f> }
  sub spew { my ($name, $data, $utf8) = @_; open my $f, ">", "$dir/$name" or die "$name: $!";
             binmode $f, $utf8 ? ":encoding(UTF-8)" : ":raw"; print $f $data; close $f or die }
  my $setup = decode_json(slurp("tests/vectors/verifier/setup.json"));
  spew("bundle.cose", pack("H*", $setup->{bundles}{default}));
  # SubjectPublicKeyInfo: id-ecPublicKey with the SM2 curve, then the 65-byte point.
  my $spki = pack("H*", "3059301306072a8648ce3d020106082a811ccf5501822d034200" . $setup->{roots}[1]);
  my $b64 = MIME::Base64::encode_base64($spki, "");
  $b64 =~ s/(.{1,64})/$1\n/g;
  spew("root.pem", "-----BEGIN PUBLIC KEY-----\n$b64-----END PUBLIC KEY-----\n");
  my $issuing = $setup->{issuing};
  spew("license.key", $issuing->{license_issuer_key});
  spew("license.json", $issuing->{license_json}, 1);
  spew("license.at", $issuing->{license_issued_at});
  spew("license.case", $issuing->{license_case});
  for my $line (split /\n/, slurp("tests/vectors/verifier/cases.jsonl")) {
    my $case = JSON::PP->new->utf8->decode($line);
    spew("$case->{name}.qr", $case->{qr});
    spew("$case->{name}.now", $case->{now});
  }
' "$tmp"

expect_exit() { # expected-exit label command...
  local want=$1 label=$2 rc=0
  shift 2
  "$@" >"$tmp/out" 2>&1 || rc=$?
  if [ "$rc" -ne "$want" ]; then
    echo "$label: exit $rc, expected $want" >&2
    cat "$tmp/out" >&2
    exit 1
  fi
  echo "$label: exit $rc as expected: $(head -n 1 "$tmp/out" | cut -c 1-72)"
}
for prog in examples/c/verify_qr "$tmp/cmake-example/verify_qr"; do
  for case in valid-license:0 tampered-signature:1; do
    name=${case%:*}
    expect_exit "${case#*:}" "$(basename "$(dirname "$prog")")/verify_qr $name" "$prog" --now "$(cat "$tmp/$name.now")" \
      "$tmp/bundle.cose" "$tmp/root.pem" "$(cat "$tmp/$name.qr")"
  done
done

# The C programs of the "From C" documentation, compiled and run as a reader would.
doc=docs/c.md
perl -ne 'if (/^```c$/) { $in = 1; $n++; next } if (/^```$/) { $in = 0; next }
  if ($in) { open my $f, ">>", "'"$tmp"'/doc$n.c" or die; print $f $_ }' "$doc"
pc() { pkg-config "$@" govcred; }
for src in "$tmp"/doc*.c; do
  prog=$(sed -n '1s|^/\* \([a-z_]*\)\.c:.*|\1|p' "$src")
  [ -n "$prog" ] || { echo "$doc: a C block does not start with /* name.c: */" >&2; exit 1; }
  # shellcheck disable=SC2046
  cc -std=c99 -Wall -Wextra -Werror -pedantic $(pc --cflags) -o "$tmp/$prog" "$src" $(pc --libs)
done
[ -x "$tmp/verify" ] && [ -x "$tmp/issue" ] || { echo "$doc: verify.c and issue.c expected" >&2; exit 1; }
for case in valid-license:0 tampered-signature:1; do
  name=${case%:*}
  expect_exit "${case#*:}" "doc verify.c $name" "$tmp/verify" "$tmp/bundle.cose" "$tmp/root.pem" \
    "$(cat "$tmp/$name.qr")" "$(cat "$tmp/$name.now")"
done
expect_exit 0 "doc issue.c" "$tmp/issue" "$tmp/license.key" "$tmp/license.json" "$(cat "$tmp/license.at")"
if [ "$(cat "$tmp/out")" != "$(cat "$tmp/$(cat "$tmp/license.case").qr")" ]; then
  echo "doc issue.c: the QR text differs from the vector's" >&2
  exit 1
fi
echo "doc issue.c reproduces the $(cat "$tmp/license.case") vector"
echo "C door: all checks passed"
