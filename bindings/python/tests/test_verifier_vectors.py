"""The shared verifier vectors, as every door runs them."""

import json
import threading

import pytest

import govcred
from conftest import NOW, load_verifiers, verifier_cases


@pytest.mark.parametrize("case", verifier_cases(), ids=lambda c: c["name"])
def test_case_gives_its_expected_code(case, verifiers):
    verifier = verifiers[case["bundle"]]
    if isinstance(verifier, Exception):
        code = verifier.code
    else:
        verdict = verifier.verify(case["qr"], case["now"])
        assert verdict.passed == (verdict.code == 0)
        assert verdict.code_name == case["expected"]
        code = verdict.code
    assert code == case["expected_code"]


def test_there_are_enough_cases():
    assert len(verifier_cases()) >= 20


def test_unloadable_bundles_raise_6005(verifiers):
    failed = {name: v for name, v in verifiers.items() if isinstance(v, Exception)}
    assert set(failed) == {"tampered", "unknown-root"}
    for e in failed.values():
        assert isinstance(e, govcred.GovcredError.Failed)
        assert (e.code, e.name) == (6005, "BundleSignatureInvalid")


def test_verdict_carries_the_credential(verifiers, cases):
    verifier = verifiers["default"]
    lic = verifier.verify(cases["valid-license"]["qr"], NOW)
    assert lic.passed and lic.kind == govcred.CredentialKind.LICENSE
    assert lic.issuer
    assert json.loads(lic.credential_json)["type"] == "license"

    red = verifier.verify(cases["refused-health-code-red"]["qr"], NOW)
    assert (red.code, red.code_name) == (5004, "ColorNotAccepted")
    assert red.kind == govcred.CredentialKind.HEALTH_CODE
    assert json.loads(red.credential_json)["color"] == "red"
    assert red.display.startswith("红码")

    bad = verifier.verify(cases["truncated-base45"]["qr"], NOW)
    assert bad.code_name == "BadBase45"
    assert bad.kind is None and bad.credential_json is None and bad.issuer is None


def test_policy_changes_the_verdict(cases):
    yellow = cases["refused-health-code-yellow"]
    lenient = load_verifiers(govcred.Policy(accepted_colors=[govcred.Color.GREEN, govcred.Color.YELLOW]))
    assert lenient["default"].verify(yellow["qr"], yellow["now"]).code == 0
    strict = load_verifiers(govcred.Policy(bundle_grace_secs=0))["default"]
    valid = cases["valid-license"]
    assert strict.verify(valid["qr"], valid["now"]).passed
    stale_now = cases["stale-bundle"]["now"] - 3 * 86_400
    assert strict.verify(valid["qr"], stale_now).code == 6004


def test_eight_threads_share_one_verifier(verifiers):
    verifier = verifiers["default"]
    cases = [c for c in verifier_cases() if c["bundle"] == "default"]
    failures = []
    counts = [0] * 8

    def work(t):
        for rnd in range(10):
            for i in range(len(cases)):
                case = cases[(i + t + rnd) % len(cases)]
                got = verifier.verify(case["qr"], case["now"]).code
                if got != case["expected_code"]:
                    failures.append((case["name"], got))
                counts[t] += 1

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert failures == []
    assert sum(counts) == 8 * 10 * len(cases)
