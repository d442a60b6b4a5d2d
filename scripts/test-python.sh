#!/usr/bin/env bash
# The Python door, installed the ways a user installs it:
#   1. `python -m venv v && v/bin/pip install ./bindings/python`, exactly: pip fetches maturin
#      (pinned in pyproject.toml's [build-system]), maturin builds the release library and
#      runs the package's own `uniffi-bindgen` binary, nothing on PATH. pytest then runs the
#      shared vectors and the API, mypy checks the tests against the type stubs, stubtest
#      checks the stubs against the built module, and the stubs must be what stubgen (and
#      bindings/python/stubs.py) write from the generated module (UPDATE_STUBS=1 rewrites
#      python/govcred/__init__.pyi);
#   2. the sdist (`maturin sdist`), installed by pip into another fresh venv and tested.
# (A manylinux2014 wheel built with `maturin --zig` does not build yet: zig's link leaves no
# .symtab, and UniFFI's generator reads its metadata from there.)
# Then prints the per-call cost of Verifier.verify.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# maturin: the same pin as bindings/python/pyproject.toml.
MATURIN_VERSION=1.16.0
MYPY_VERSION=1.19.1
work="$target/python"
pkg="$root/bindings/python"
pip_q=(-q --disable-pip-version-check)
rm -rf "$work"
mkdir -p "$work"

echo "== python -m venv v && v/bin/pip install ./bindings/python"
python3 -m venv "$work/v"
(cd "$root" && "$work/v/bin/pip" "${pip_q[@]}" install ./bindings/python)
"$work/v/bin/pip" "${pip_q[@]}" install pytest "mypy==$MYPY_VERSION"
(cd "$pkg" && "$work/v/bin/python" -m pytest -q -p no:cacheprovider tests)

echo "== type stubs: drift from stubgen, stubtest, mypy over the tests"
generated=$("$work/v/bin/python" -c 'import govcred._uniffi.govcred as m; print(m.__file__)')
"$work/v/bin/stubgen" -q -o "$work/stubs" "$generated"
stub="$pkg/python/govcred/__init__.pyi"
python3 "$pkg/stubs.py" "$work/stubs/govcred/_uniffi/govcred.pyi" > "$work/__init__.pyi"
if [ -n "${UPDATE_STUBS:-}" ]; then
  cp "$work/__init__.pyi" "$stub"
  cp "$stub" "$("$work/v/bin/python" -c 'import govcred, os; print(os.path.dirname(govcred.__file__))')/"
elif ! diff -u "$stub" "$work/__init__.pyi"; then
  echo "test-python.sh: $stub drifted; run UPDATE_STUBS=1 scripts/test-python.sh and commit" >&2
  exit 1
fi
(cd "$work" && "$work/v/bin/python" -m mypy.stubtest govcred --ignore-missing-stub \
  --mypy-config-file "$pkg/pyproject.toml" --allowlist "$pkg/stubtest-allowlist.txt")
(cd "$pkg/tests" && "$work/v/bin/mypy" --no-incremental --cache-dir=/dev/null --config-file ../pyproject.toml .)

echo "== the sdist, installed by pip into a fresh venv"
python3 -m venv "$work/tools"
"$work/tools/bin/pip" "${pip_q[@]}" install "maturin==$MATURIN_VERSION"
(cd "$pkg" && "$work/tools/bin/maturin" sdist --out "$work/sdist")
python3 -m venv "$work/s"
"$work/s/bin/pip" "${pip_q[@]}" install "$work"/sdist/govcred-*.tar.gz pytest
(cd "$pkg" && "$work/s/bin/python" -m pytest -q -p no:cacheprovider tests)

(cd "$pkg" && "$work/v/bin/python" verify_cost.py)
