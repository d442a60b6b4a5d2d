# Sourced by the binding scripts: the repository root, cargo's target directory (absolute;
# CARGO_TARGET_DIR when set, relative to the caller's directory as cargo reads it) and the
# cdylib's file name on this system.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$(realpath -m "${CARGO_TARGET_DIR:-$root/target}")"
case "$(uname -s)" in
    Darwin) libname=libgovcred.dylib ;;
    MINGW* | MSYS* | CYGWIN*) libname=govcred.dll ;;
    *) libname=libgovcred.so ;;
esac

# Builds the release cdylib when it is missing or older than the Rust sources, and only then:
# the bindings load it as it is (their checksums catch an interface change).
ensure_release_lib() {
    local lib="$target/release/$libname"
    if [ ! -f "$lib" ] || [ -n "$(find "$root/src" "$root/Cargo.toml" "$root/Cargo.lock" -newer "$lib" -print -quit)" ]; then
        (cd "$root" && CARGO_TARGET_DIR="$target" cargo build -p govcred --release --lib)
    fi
}
