#!/usr/bin/env bash
# Every test suite of the project: the README's test command and the last step of CI.
# Set CI=1 to make a missing `openssl` a failure instead of a skipped interop test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Rust: unit tests, vectors, property tests, OpenSSL interop, the CLI, examples, doctests.
cargo test

# The C door (static, shared, valgrind, ASan+UBSan) and the example terminal.
scripts/test-c.sh

# Java through the C ABI (JNA, Maven).
scripts/test-java.sh

# Kotlin on the JVM through UniFFI (Maven), and Python through UniFFI (maturin wheel, pytest).
scripts/test-kotlin.sh
scripts/test-python.sh
