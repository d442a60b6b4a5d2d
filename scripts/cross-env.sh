# Sourced by the ARM scripts: `cross_env TRIPLE` exports what cargo needs to build for an ARM
# Linux target and run its binaries under qemu-user, with Debian's packages:
#   dpkg --add-architecture arm64 armhf && apt-get update
#   apt-get install rustc-web libstd-rust-web-dev:arm64 libstd-rust-web-dev:armhf \
#     gcc-aarch64-linux-gnu libc6-dev-arm64-cross gcc-arm-linux-gnueabihf \
#     libc6-dev-armhf-cross qemu-user
# Debian's rustc (/usr/bin/rustc, 1.96) has the ARM standard libraries; rustup's rustc is
# used for everything else, so the cross build has host artifacts of its own.
# Sets: CROSS_TRIPLE, CROSS_CC, CROSS_SYSROOT, CROSS_QEMU, CROSS_JNA_PREFIX.
cross_env() {
  CROSS_TRIPLE=$1
  case $CROSS_TRIPLE in
    aarch64-unknown-linux-gnu)
      CROSS_CC=aarch64-linux-gnu-gcc CROSS_SYSROOT=/usr/aarch64-linux-gnu CROSS_QEMU=qemu-aarch64
      CROSS_JNA_PREFIX=linux-aarch64 ;;
    armv7-unknown-linux-gnueabihf)
      CROSS_CC=arm-linux-gnueabihf-gcc CROSS_SYSROOT=/usr/arm-linux-gnueabihf CROSS_QEMU=qemu-arm
      CROSS_JNA_PREFIX=linux-arm ;;
    *) echo "cross_env: unknown target $CROSS_TRIPLE" >&2; return 1 ;;
  esac
  local var
  var=$(echo "$CROSS_TRIPLE" | tr 'a-z-' 'A-Z_')
  export RUSTC=${CROSS_RUSTC:-/usr/bin/rustc}
  export "CARGO_TARGET_${var}_LINKER=$CROSS_CC"
  export "CARGO_TARGET_${var}_RUNNER=$CROSS_QEMU -L $CROSS_SYSROOT"
  export CROSS_TRIPLE CROSS_CC CROSS_SYSROOT CROSS_QEMU CROSS_JNA_PREFIX
}

# Whether this machine has the packages for TRIPLE (its rustc std, C compiler and qemu).
cross_available() {
  cross_env "$1" || return 1
  [ -x "${CROSS_RUSTC:-/usr/bin/rustc}" ] && [ -d "/usr/lib/rustlib/$1/lib" ] &&
    command -v "$CROSS_CC" >/dev/null && command -v "$CROSS_QEMU" >/dev/null
}
