#!/usr/bin/env bash
# Every test suite of the project: the README's test command and the last step of CI.
# Set CI=1 to make a missing `openssl` a failure instead of a skipped interop test.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$root"

# Rust: unit tests, vectors, property tests, OpenSSL interop, the CLI, examples, doctests.
step cargo-test cargo test

# The C door (static, shared, valgrind, ASan+UBSan), `make install` into a prefix, and the
# example terminal, README programs and C tests against it through pkg-config and CMake.
step c scripts/test-c.sh

# Java through the C ABI (JNA, Maven): the jar with its native libraries.
step java scripts/test-java.sh

# Kotlin on the JVM through UniFFI (Maven), and Python through UniFFI (pip install of the
# package directory and of the sdist, the manylinux2014 wheel, pytest, mypy).
step kotlin scripts/test-kotlin.sh
step python scripts/test-python.sh
