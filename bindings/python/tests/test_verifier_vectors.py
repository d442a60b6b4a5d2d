"""The shared verifier vectors, as every door runs them."""

import json
import threading

import pytest

import govcred
from conftest import NOW, VECTORS, error_code, load_verifiers, verifier_cases


@pytest.mark.parametrize("case", verifier_cases(), ids=lambda c: c["name"])
def test_case_gives_its_expected_code(case, verifiers):
    verifier = verifiers[case["bundle"]]
    if isinstance(verifier, Exception):
        code = verifier.code
    else:
        verdict = verifier.verify(case["qr"], case["now"])
        assert verdict.passed == (verdict.code == govcred.ErrorCode.OK)
        code = verdict.code
    assert code == error_code(case["expected"])
    # The enum carries the stable numbers of the one table.
    assert code.value == case["expected_code"]


def test_there_are_enough_cases():
    assert len(verifier_cases()) >= 20


def test_unloadable_bundles_raise_6005(verifiers):
    failed = {name: v for name, v in verifiers.items() if isinstance(v, Exception)}
    assert set(failed) == {"tampered", "unknown-root"}
    for e in failed.values():
        assert isinstance(e, govcred.GovcredError.Failed)
        assert e.code == govcred.ErrorCode.BUNDLE_SIGNATURE_INVALID


def test_verdict_carries_the_credential(verifiers, cases):
    verifier = verifiers["default"]
    lic = verifier.verify(cases["valid-license"]["qr"], NOW)
    assert lic.passed and lic.kind == govcred.CredentialKind.LICENSE
    assert lic.issuer
    assert json.loads(lic.credential_json)["type"] == "license"

    red = verifier.verify(cases["refused-health-code-red"]["qr"], NOW)
    assert red.code == govcred.ErrorCode.COLOR_NOT_ACCEPTED
    assert red.kind == govcred.CredentialKind.HEALTH_CODE
    assert json.loads(red.credential_json)["color"] == "red"
    assert red.display.startswith("红码")

    bad = verifier.verify(cases["truncated-base45"]["qr"], NOW)
    assert bad.code == govcred.ErrorCode.BAD_BASE45
    assert bad.kind is None and bad.credential_json is None and bad.issuer is None


def test_verdict_json_is_the_shared_schema(verifiers):
    verifier = verifiers["default"]
    for case in verifier_cases():
        if case["bundle"] != "default":
            continue
        v = verifier.verify(case["qr"], case["now"])
        j = json.loads(v.json)
        assert (j["passed"], j["code"], j["message"]) == (v.passed, v.code.value, v.message)
        assert error_code(j["code_name"]) == v.code


def test_the_shared_color_code_request_issues_its_case(cases):
    issuing = json.loads((VECTORS / "verifier" / "setup.json").read_text(encoding="utf-8"))["issuing"]
    request = (VECTORS / "verifier" / "color-code-request.json").read_text(encoding="utf-8")
    key = govcred.Sm2KeyPair.from_bytes(bytes.fromhex(issuing["color_code_issuer_key"]))
    issuer = govcred.ColorCodeIssuer(key, issuing["color_code_issuer_code"])
    qr = issuer.issue(request, issuing["color_code_issued_at"])
    assert qr == cases[issuing["color_code_case"]]["qr"]


def test_bad_policy_values_are_the_cores_refusal():
    v = load_verifiers(govcred.Policy(clock_skew_secs=-1))["default"]
    assert isinstance(v, govcred.GovcredError.Failed)
    assert v.code == govcred.ErrorCode.INVALID_ARGUMENT


def test_policy_changes_the_verdict(cases):
    yellow = cases["refused-health-code-yellow"]
    lenient = load_verifiers(govcred.Policy(accepted_colors=[govcred.Color.GREEN, govcred.Color.YELLOW]))
    assert lenient["default"].verify(yellow["qr"], yellow["now"]).code == govcred.ErrorCode.OK
    strict = load_verifiers(govcred.Policy(bundle_grace_secs=0))["default"]
    valid = cases["valid-license"]
    assert strict.verify(valid["qr"], valid["now"]).passed
    stale_now = cases["stale-bundle"]["now"] - 3 * 86_400
    assert strict.verify(valid["qr"], stale_now).code == govcred.ErrorCode.BUNDLE_STALE


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
                if got != error_code(case["expected"]):
                    failures.append((case["name"], got))
                counts[t] += 1

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert failures == []
    assert sum(counts) == 8 * 10 * len(cases)
