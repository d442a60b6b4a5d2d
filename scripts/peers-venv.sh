#!/usr/bin/env bash
# Creates (or reuses) the Python venv with the GmSSL and Tongsuo peers pinned in
# tests/peers/requirements.txt and prints its python's path. Used by .ci/run, by
# tests/peers_interop.rs and by `cargo bench --bench vs_openssl`. A venv whose installed set
# matches the requirements is reused as it is.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
venv="$target/peers-venv"
req="$root/tests/peers/requirements.txt"
stamp="$venv/.requirements"
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && cmp -s "$req" "$stamp"; then
    echo "$venv/bin/python"
    exit 0
fi
mkdir -p "$target"
python3 -m venv --clear "$venv" >&2
"$venv/bin/pip" install -q --disable-pip-version-check -r "$req" >&2
"$venv/bin/python" -c 'import gmssl_pyx, tongsuopy' >&2
cp "$req" "$stamp"
echo "$venv/bin/python"
