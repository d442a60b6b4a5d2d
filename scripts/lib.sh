# Sourced by every script here and by .ci/run: the repository root, cargo's target directory
# (absolute and exported, so every cargo call and every script shares one; CARGO_TARGET_DIR
# when set, relative to the caller's directory as cargo reads it), the cdylib's file name on
# this system, and small helpers.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$(realpath -m "${CARGO_TARGET_DIR:-$root/target}")"
export CARGO_TARGET_DIR="$target"
case "$(uname -s)" in
    Darwin) libname=libgovcred.dylib ;;
    MINGW* | MSYS* | CYGWIN*) libname=govcred.dll ;;
    *) libname=libgovcred.so ;;
esac

# step LABEL COMMAND...: runs a command, then prints how long it took, the target
# directory's size and the free disk (prefixed by $step_prefix, default the script's name).
step() {
    local start=$SECONDS
    "${@:2}"
    echo "${step_prefix:-$(basename "$0" .sh)}: $1 took $((SECONDS - start)) s;" \
        "target $(du -sh "$target" 2>/dev/null | cut -f1), $(df -h --output=avail "$root" | tail -n 1 | tr -d ' ') free"
}

# need TOOL...: fails with the script's name when a tool is not installed.
need() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "$(basename "$0"): $tool is not installed" >&2; exit 1; }
    done
}

# Builds the release cdylib when it is missing or older than the Rust sources, and only then:
# the bindings load it as it is (their checksums catch an interface change).
ensure_release_lib() {
    local lib="$target/release/$libname"
    if [ ! -f "$lib" ] || [ -n "$(find "$root/src" "$root/Cargo.toml" "$root/Cargo.lock" -newer "$lib" -print -quit)" ]; then
        (cd "$root" && cargo build -p govcred --release --lib)
    fi
}
