"""Shared vectors and examples of the repository, read from their committed place."""

import json
import re
from pathlib import Path

import pytest

import govcred

REPO = Path(__file__).resolve().parents[3]
VECTORS = REPO / "tests" / "vectors"
EXAMPLES = REPO / "examples"
# 2026-11-22T00:00:00Z, the time the verifier vectors are verified at.
NOW = 1_795_305_600


def error_code(name):
    """The binding's code for a name as the vectors spell it (`SignatureInvalid` is
    `ErrorCode.SIGNATURE_INVALID`): the vectors are compared by name."""
    return govcred.ErrorCode[re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper()]


def verifier_cases():
    lines = (VECTORS / "verifier" / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def load_verifiers(policy=None):
    """Each named bundle of setup.json as a Verifier, or the error loading it raised."""
    setup = json.loads((VECTORS / "verifier" / "setup.json").read_text(encoding="utf-8"))
    roots = [govcred.Sm2PublicKey.from_bytes(bytes.fromhex(r)) for r in setup["roots"]]
    out = {}
    for name, bundle_hex in setup["bundles"].items():
        try:
            bundle = govcred.TrustBundle.load(bytes.fromhex(bundle_hex), roots)
            out[name] = govcred.Verifier(bundle, policy or govcred.Policy())
        except govcred.GovcredError as e:
            out[name] = e
    return out


@pytest.fixture(scope="session")
def verifiers():
    return load_verifiers()


@pytest.fixture(scope="session")
def cases():
    return {c["name"]: c for c in verifier_cases()}
