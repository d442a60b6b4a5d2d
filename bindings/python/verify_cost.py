"""Prints what one Verifier.verify costs from Python (UniFFI call + verification) and what a
call that does almost nothing costs, for comparison with `cargo run --release --example
verify_cost`. Informational only."""

import time

import govcred
from tests.conftest import NOW, load_verifiers, verifier_cases


def best_of(n, call):
    """Best of five rounds, in µs per call: the machine may be busy with other work."""
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        ok = sum(1 for _ in range(n) if call())
        best = min(best, (time.perf_counter() - start) * 1e6 / n)
        assert ok == n
    return best


verifier = load_verifiers()["default"]
qr = next(c for c in verifier_cases() if c["name"] == "valid-license")["qr"]
best_of(300, lambda: verifier.verify(qr, NOW).passed)
verify_us = best_of(1000, lambda: verifier.verify(qr, NOW).passed)
sm3_us = best_of(20_000, lambda: len(govcred.sm3(b"")) == 32)
print(f"python: Verifier.verify(valid-license) {verify_us:.1f} µs/call; sm3(empty) {sm3_us:.2f} µs/call")
