#!/usr/bin/env bash
# Builds libgovcred.so for the Android ABIs into bindings/android/src/main/jniLibs/<abi>/,
# linked for 16 KB pages (required by Android 15+ devices with 16 KB pages). Then
# `gradle assembleRelease` in bindings/android makes the AAR.
#
# NOT RUN BY CI and not runnable on this project's machines: it needs the Android NDK (r27+
# recommended; set ANDROID_NDK_HOME), which no package registry reachable here provides.
# Needs: rustup with the Android targets, cargo-ndk (`cargo install cargo-ndk`).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"
: "${ANDROID_NDK_HOME:?set ANDROID_NDK_HOME to an Android NDK (r27 or later)}"
command -v cargo-ndk >/dev/null || { echo "cargo-ndk missing: cargo install cargo-ndk" >&2; exit 1; }

abis=(arm64-v8a armeabi-v7a x86_64)
rustup target add aarch64-linux-android armv7-linux-androideabi x86_64-linux-android
out=bindings/android/src/main/jniLibs
# -z max-page-size=16384: LOAD segments aligned for 16 KB pages (also correct on 4 KB ones).
# --platform 21: the minSdk of bindings/android/build.gradle.kts.
RUSTFLAGS="${RUSTFLAGS:-} -C link-arg=-Wl,-z,max-page-size=16384" \
  cargo ndk --platform 21 $(printf -- "-t %s " "${abis[@]}") -o "$out" build --profile dist --lib

for abi in "${abis[@]}"; do
  lib=$out/$abi/libgovcred.so
  align=$(readelf -lW "$lib" | awk '/LOAD/ { print $NF; exit }')
  [ "$align" = "0x4000" ] || { echo "$lib: LOAD alignment $align, expected 0x4000" >&2; exit 1; }
  printf '%-12s %9d bytes, LOAD alignment %s\n' "$abi" "$(stat -c %s "$lib")" "$align"
done
