"""The API surface: hashing, keys, signatures, identifiers, issuers, errors and docs."""

import base64
import json

import pytest

import govcred
from conftest import EXAMPLES, NOW, VECTORS


def code_of(fn, *args, **kwargs):
    with pytest.raises(govcred.GovcredError) as info:
        fn(*args, **kwargs)
    return info.value.code


def test_sm3_standard_vectors():
    assert govcred.sm3(b"abc") == bytes.fromhex(
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )
    assert len(govcred.sm3(b"abc")) == 32
    assert govcred.sm3(b"abcd" * 16).hex() == (
        "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
    )


def sm2_vector():
    text = (VECTORS / "sm2" / "valid-gbt32918-5-recommended-curve.txt").read_text()
    pairs = (l.split("=", 1) for l in text.splitlines() if "=" in l and not l.startswith("#"))
    return {k.strip(): v.strip() for k, v in pairs}


def test_sm2_standard_vector():
    v = sm2_vector()
    msg, ident = v["msg_ascii"].encode(), v["id_ascii"].encode()
    pair = govcred.Sm2KeyPair.from_bytes(bytes.fromhex(v["d"]))
    key = pair.public_key()
    assert key.to_bytes() == bytes.fromhex("04" + v["px"] + v["py"])
    raw = bytes.fromhex(v["r"] + v["s"])
    assert key.verify(msg, raw, ident, govcred.SignatureFormat.RAW) is True
    assert key.verify(msg, raw, None, govcred.SignatureFormat.RAW) is True
    assert key.verify(b"message digesT", raw, ident, govcred.SignatureFormat.RAW) is False
    der = pair.sign(msg, ident, govcred.SignatureFormat.DER)
    assert der[0] == 0x30
    assert key.verify(msg, der, None, govcred.SignatureFormat.DER) is True
    assert key.verify(msg, pair.sign(msg)) is True
    assert pair.sign(msg) == der, "deterministic, default ID, DER"


def test_public_key_from_pem_and_wrong_signatures():
    pair = govcred.Sm2KeyPair.generate()
    pem = pair.public_key().to_pem()
    assert pem.startswith("-----BEGIN PUBLIC KEY-----")
    key = govcred.Sm2PublicKey.from_pem(pem)
    sig = pair.sign(b"hello", None, govcred.SignatureFormat.DER)
    assert key.verify(b"hello", sig, None, govcred.SignatureFormat.DER) is True
    assert key.verify(b"hellO", sig, None, govcred.SignatureFormat.DER) is False
    assert key.verify(b"hello", sig, b"another id", govcred.SignatureFormat.DER) is False
    other = govcred.Sm2KeyPair.generate().public_key()
    assert other.verify(b"hello", sig, None, govcred.SignatureFormat.DER) is False
    # Malformed input raises; a well-formed signature that does not verify does not.
    assert code_of(key.verify, b"hello", b"\x30\x00", None, govcred.SignatureFormat.DER) == govcred.ErrorCode.BAD_SIGNATURE_ENCODING
    assert code_of(key.verify, b"hello", sig, None, govcred.SignatureFormat.RAW) == govcred.ErrorCode.BAD_SIGNATURE_ENCODING
    assert code_of(key.verify, b"hello", sig, b"x" * 8192, govcred.SignatureFormat.DER) == govcred.ErrorCode.BAD_DIST_ID


def test_keys_round_trip():
    pair = govcred.Sm2KeyPair.generate()
    pem = pair.to_pem()
    assert pem.startswith("-----BEGIN PRIVATE KEY-----")
    assert govcred.Sm2KeyPair.from_pem(pem).public_key().to_bytes() == pair.public_key().to_bytes()
    der = base64.b64decode("".join(l for l in pem.splitlines() if not l.startswith("-----")))
    assert govcred.Sm2KeyPair.from_der(der).public_key().to_bytes() == pair.public_key().to_bytes()
    key = pair.public_key()
    spki = base64.b64decode("".join(l for l in key.to_pem().splitlines() if not l.startswith("-----")))
    assert govcred.Sm2PublicKey.from_der(spki).to_bytes() == key.to_bytes()
    assert key.kid() == govcred.sm3(key.to_bytes())[:8]
    assert code_of(govcred.Sm2PublicKey.from_bytes, bytes(65)) == govcred.ErrorCode.BAD_PUBLIC_KEY
    assert code_of(govcred.Sm2KeyPair.from_bytes, bytes(32)) == govcred.ErrorCode.BAD_PRIVATE_KEY
    assert code_of(govcred.Sm2PublicKey.from_pem, "not a key") == govcred.ErrorCode.BAD_PEM


def id_vectors():
    for name in ("valid.txt", "invalid.txt"):
        for line in (VECTORS / "ids" / name).read_text(encoding="utf-8").splitlines():
            parts = line.split(" ")
            if line.startswith("#") or len(parts) < 3:
                continue
            if parts[0] in ("uscc", "resident_id", "license_id"):
                yield parts


CHECKS = {
    "uscc": govcred.check_uscc,
    "resident_id": govcred.check_resident_id,
    "license_id": govcred.check_license_id,
}


@pytest.mark.parametrize("row", list(id_vectors()), ids=lambda r: f"{r[0]}-{r[1]}")
def test_identifier_vectors(row):
    kind, value, expected = row[0], row[1], int(row[2])
    if expected == 0:
        canonical = value if row[3] == "-" else row[3]
        assert CHECKS[kind](value) == canonical
    else:
        assert code_of(CHECKS[kind], value).value == expected


def test_errors_carry_code_and_detail():
    with pytest.raises(govcred.GovcredError.Failed) as info:
        govcred.check_uscc("91310115591693856B")
    e = info.value
    assert e.code == govcred.ErrorCode.BAD_USCC
    assert "check character" in e.detail
    assert "4001" in str(e)


def test_issue_build_and_verify_end_to_end():
    root = govcred.Sm2KeyPair.generate()
    license_key = govcred.Sm2KeyPair.generate()
    health_key = govcred.Sm2KeyPair.generate()
    window = {"valid_from": NOW - 86_400, "valid_until": NOW + 365 * 86_400}
    spec = {
        "version": 3,
        "issuers": [
            {"name": "杭州市市场监督管理局", "uscc": "1133010000250187XG", "region": "330100",
             "public_key": license_key.public_key().to_pem(), "kinds": ["license"],
             "license_types": ["11100000000013338W001"], **window},
            {"name": "国家卫生健康委员会", "uscc": "11100000000013338W", "region": "110000",
             "public_key": health_key.public_key().to_bytes().hex(), "kinds": ["health_code"],
             **window},
        ],
    }
    blob = govcred.build_trust_bundle(json.dumps(spec), root, NOW)
    bundle = govcred.TrustBundle.load(blob, [root.public_key()])
    assert (bundle.version(), bundle.issuer_count(), bundle.issued_at()) == (3, 2, NOW)
    assert code_of(govcred.TrustBundle.load, blob, [license_key.public_key()]) == govcred.ErrorCode.BUNDLE_SIGNATURE_INVALID
    assert code_of(govcred.build_trust_bundle, "{}", root, NOW) == govcred.ErrorCode.BAD_JSON

    verifier = govcred.Verifier(bundle, govcred.Policy())
    license_json = (EXAMPLES / "business_license.json").read_text(encoding="utf-8")
    qr = govcred.LicenseIssuer(license_key).issue(license_json, NOW)
    assert qr.startswith("EL1:")
    verdict = verifier.verify(qr, NOW)
    assert verdict.passed, verdict
    assert verdict.issuer == "杭州市市场监督管理局"
    assert json.loads(verdict.credential_json)["holder_name"] == "杭州云栖数据科技有限公司"
    assert verifier.verify(govcred.LicenseIssuer(health_key).issue(license_json, NOW), NOW).code == govcred.ErrorCode.ISSUER_NOT_ALLOWED

    issuer = govcred.ColorCodeIssuer(health_key, "11100000000013338W", bytes([7]) * 32)
    request = {
        "kind": "health", "color": "green", "serial": "HZ-0001",
        "holder": {"name": "张三丰", "sex": "male", "nationality": "CHN",
                   "id_type": "resident_id", "id_number": "11010519491231002X",
                   "region": "110105"},
    }
    green = verifier.verify(issuer.issue(json.dumps(request), NOW), NOW + 60)
    assert green.passed and green.kind == govcred.CredentialKind.HEALTH_CODE
    body = json.loads(green.credential_json)
    assert body["holder_name_masked"] == "张*丰"
    assert body["holder_id_digest"] == issuer.id_digest("11010519491231002X").hex()
    assert verifier.verify(issuer.issue(json.dumps(request), NOW), NOW + 3600).code == govcred.ErrorCode.EXPIRED
    red = dict(request, color="red")
    assert verifier.verify(issuer.issue(json.dumps(red), NOW), NOW).code == govcred.ErrorCode.COLOR_NOT_ACCEPTED
    assert code_of(issuer.issue, "{", NOW) == govcred.ErrorCode.BAD_JSON
    assert code_of(govcred.ColorCodeIssuer, health_key, "11100000000013338W", bytes(31)) == govcred.ErrorCode.INVALID_ARGUMENT


def test_docstrings_come_through():
    assert "SM3 digest" in govcred.sm3.__doc__
    assert "throws only for malformed input" in govcred.Sm2PublicKey.verify.__doc__
    assert "thread-safe" in govcred.Verifier.__doc__
    assert "stable code" in govcred.GovcredError.__doc__
