#!/usr/bin/env bash
# Builds govcredFFI.xcframework (static libgovcred for iOS, the iOS simulator and macOS, with
# the UniFFI headers), zips it for a release and prints its SwiftPM checksum; with
# `--release URL` also writes URL and checksum into the root Package.swift, so the tag that
# commits it can be used as `.package(url:…)`.
#
# NOT RUN BY CI and not runnable on this project's machines: it needs macOS with Xcode 15+
# and rustup (Apple targets). Swift is not compiled here.
#   scripts/build-xcframework.sh [--release https://…/govcredFFI.xcframework.zip]
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"
[ "$(uname -s)" = Darwin ] || { echo "build-xcframework.sh needs macOS with Xcode" >&2; exit 1; }
url=
if [ "${1:-}" = "--release" ]; then url=${2:?--release needs the zip's download URL}; fi

targets="aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin"
rustup target add $targets
for t in $targets; do cargo build --locked -p govcred --profile dist --lib --target "$t"; done

mkdir -p "$target/apple/ios-sim" "$target/apple/macos"
lipo -create "$target/aarch64-apple-ios-sim/dist/libgovcred.a" "$target/x86_64-apple-ios/dist/libgovcred.a" \
  -output "$target/apple/ios-sim/libgovcred.a"
lipo -create "$target/aarch64-apple-darwin/dist/libgovcred.a" "$target/x86_64-apple-darwin/dist/libgovcred.a" \
  -output "$target/apple/macos/libgovcred.a"

xcf=bindings/swift/govcredFFI.xcframework
rm -rf "$xcf"
xcodebuild -create-xcframework \
  -library "$target/aarch64-apple-ios/dist/libgovcred.a" -headers bindings/swift/Headers \
  -library "$target/apple/ios-sim/libgovcred.a" -headers bindings/swift/Headers \
  -library "$target/apple/macos/libgovcred.a" -headers bindings/swift/Headers \
  -output "$xcf"

zip=$target/govcredFFI.xcframework.zip
rm -f "$zip"
(cd bindings/swift && ditto -c -k --sequesterRsrc --keepParent govcredFFI.xcframework "$zip")
checksum=$(swift package compute-checksum "$zip")
echo "zip:      $zip ($(stat -f %z "$zip") bytes)"
echo "checksum: $checksum"

if [ -n "$url" ]; then
  sed -i '' -e "s|^let xcframeworkURL = .*|let xcframeworkURL = \"$url\"|" \
    -e "s|^let xcframeworkChecksum = .*|let xcframeworkChecksum = \"$checksum\"|" Package.swift
  echo "Package.swift now points at $url; commit it in the release tag and upload the zip there."
fi
swift build
swift test
