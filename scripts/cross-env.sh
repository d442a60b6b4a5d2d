# Sourced by the ARM scripts: `cross_env TRIPLE` exports what cargo needs to build for an ARM
# Linux target and run its binaries under qemu-user, with Debian's packages:
#   dpkg --add-architecture arm64 armhf && apt-get update
#   apt-get install rustc-web libstd-rust-web-dev:arm64 libstd-rust-web-dev:armhf \
#     gcc-aarch64-linux-gnu libc6-dev-arm64-cross gcc-arm-linux-gnueabihf \
#     libc6-dev-armhf-cross qemu-user
# Debian's rustc (/usr/bin/rustc, 1.96) has the ARM standard libraries; with RUSTC set it
# also compiles the host build scripts and proc macros of the cross build, while rustup's
# rustc builds everything else. So cross builds take a target dir of their own,
# $CROSS_TARGET_DIR ($target/cross, shared by the ARM targets; pass it as --target-dir so the
# tests still see the project's CARGO_TARGET_DIR): one rustc per target dir.
# Sets: CROSS_TRIPLE, CROSS_CC, CROSS_SYSROOT, CROSS_QEMU, CROSS_QEMU_PREFIX, CROSS_JNA_PREFIX,
# CROSS_TARGET_DIR.
#
# Programs link against the cross sysroot ($CROSS_SYSROOT) but run against the target's own
# multiarch runtime ("/", CROSS_QEMU_PREFIX) when it is installed: libstd-rust-web-dev:arm64
# brings libc6:arm64 (2.36-9+deb12u*) into /lib/aarch64-linux-gnu, and with `-L $CROSS_SYSROOT`
# qemu loads the cross package's ld.so (2.36-8) while that ld.so finds the multiarch
# libc.so.6 first. An ld.so and a libc of different builds share private structures, and the
# first pthread_create then walks a corrupt stack-cache list forever (every test binary hung
# at its first test; a single-threaded program ran). One prefix gives both from one build.
cross_env() {
  CROSS_TRIPLE=$1
  case $CROSS_TRIPLE in
    aarch64-unknown-linux-gnu)
      CROSS_CC=aarch64-linux-gnu-gcc CROSS_SYSROOT=/usr/aarch64-linux-gnu CROSS_QEMU=qemu-aarch64
      CROSS_INTERP=ld-linux-aarch64.so.1 CROSS_MULTIARCH=aarch64-linux-gnu
      CROSS_JNA_PREFIX=linux-aarch64 ;;
    armv7-unknown-linux-gnueabihf)
      CROSS_CC=arm-linux-gnueabihf-gcc CROSS_SYSROOT=/usr/arm-linux-gnueabihf CROSS_QEMU=qemu-arm
      CROSS_INTERP=ld-linux-armhf.so.3 CROSS_MULTIARCH=arm-linux-gnueabihf
      CROSS_JNA_PREFIX=linux-arm ;;
    *) echo "cross_env: unknown target $CROSS_TRIPLE" >&2; return 1 ;;
  esac
  local var
  var=$(echo "$CROSS_TRIPLE" | tr 'a-z-' 'A-Z_')
  export RUSTC=${CROSS_RUSTC:-/usr/bin/rustc}
  export "CARGO_TARGET_${var}_LINKER=$CROSS_CC"
  CROSS_QEMU_PREFIX=$CROSS_SYSROOT
  if [ -e "/lib/$CROSS_INTERP" ] && [ -d "/lib/$CROSS_MULTIARCH" ]; then
    CROSS_QEMU_PREFIX=/
  fi
  export "CARGO_TARGET_${var}_RUNNER=$CROSS_QEMU -L $CROSS_QEMU_PREFIX"
  CROSS_TARGET_DIR=$target/cross
  export CROSS_TRIPLE CROSS_CC CROSS_SYSROOT CROSS_QEMU CROSS_QEMU_PREFIX CROSS_JNA_PREFIX \
    CROSS_TARGET_DIR
}

# Whether this machine has the packages for TRIPLE (its rustc std, C compiler and qemu).
cross_available() {
  cross_env "$1" || return 1
  [ -x "${CROSS_RUSTC:-/usr/bin/rustc}" ] && [ -d "/usr/lib/rustlib/$1/lib" ] &&
    command -v "$CROSS_CC" >/dev/null && command -v "$CROSS_QEMU" >/dev/null
}
