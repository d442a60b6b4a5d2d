"""The shared OFD corpus (tests/vectors/ofd/), run as tests/ofd_corpus.rs runs it: every
EXPECTED.tsv row verified under the corpus's trust (the peer/ root pinned for peer/ files,
no root for ofdrw/ files) at the same `now`, giving outcomes.tsv's codes for the document
and each signature, with a JSON view that says the same."""

import json

import pytest

import govcred
from conftest import VECTORS, error_code

OFD = VECTORS / "ofd"
# tests/ofd_corpus.rs's NOW.
NOW = 1_800_000_000
PEER_ROOT = "peer/certs/root.cert.pem"
SESV4_SIGN_DOC = "ofdrw/ofdrw-reader__SESV4SignDoc.ofd"
DIGITAL_SIGN = "ofdrw/ofdrw-sign__DigitalSign.ofd"


def rows(name: str) -> list[list[str]]:
    lines = (OFD / name).read_text(encoding="utf-8").splitlines()[1:]
    return [line.split("\t") for line in lines if line]


EXPECTED = rows("EXPECTED.tsv")
OUTCOMES = {r[0]: (r[1], [s for s in r[2].split(",") if s]) for r in rows("outcomes.tsv")}


def verifier(roots: list[str] = [], certs: list[str] = []) -> govcred.OfdVerifier:
    v = govcred.OfdVerifier()
    for r in roots:
        v.add_root((OFD / r).read_bytes())
    for c in certs:
        v.add_cert((OFD / c).read_bytes())
    return v


def verify(file: str, roots: list[str] = [], certs: list[str] = []) -> govcred.OfdVerdict:
    return verifier(roots, certs).verify((OFD / file).read_bytes(), NOW)


def test_the_tables_have_the_same_rows():
    assert len(EXPECTED) == 23
    assert [r[0] for r in EXPECTED] == list(OUTCOMES)


@pytest.mark.parametrize("row", EXPECTED, ids=lambda r: r[0])
def test_row_gives_its_outcome(row):
    file, want = row[0], row[1]
    code_name, sig_names = OUTCOMES[file]
    v = verify(file, [PEER_ROOT] if file.startswith("peer/") else [])
    assert (v.code, [s.code for s in v.signatures]) == (
        error_code(code_name),
        [error_code(n) for n in sig_names],
    ), v.message
    assert v.passed == (code_name == "Ok") == (v.code == govcred.ErrorCode.OK)
    # The corpus's own words, where they are checkable by outcome.
    if want == "VALID":
        assert v.code in (govcred.ErrorCode.OK, govcred.ErrorCode.UNTRUSTED_CERTIFICATE) or file == SESV4_SIGN_DOC
    elif want == "NOT SIGNED":
        assert v.code == govcred.ErrorCode.NOT_SIGNED
    elif want.startswith("INVALID"):
        assert not v.passed
    # The JSON view is the library's and says the same.
    j = json.loads(v.json)
    assert (j["passed"], j["code"], error_code(j["code_name"]), j["message"]) == (
        v.passed,
        v.code.value,
        v.code,
        v.message,
    )
    assert j["license"] is None
    assert len(j["signatures"]) == len(v.signatures)
    for js, s in zip(j["signatures"], v.signatures):
        assert (js["id"], js["type"], js["format"], js["code"], error_code(js["code_name"])) == (
            s.id,
            s.kind,
            s.format,
            s.code.value,
            s.code,
        )
        assert (js["signer"], js["seal_name"], js["time_source"], js["leniencies"]) == (
            s.signer,
            s.seal_name,
            s.time_source,
            s.leniencies,
        )
        assert (js["signed_at"] is None) == (s.signed_at is None)


def test_the_peer_seal_reports_its_parts():
    v = verify("peer/seal-v4.ofd", [PEER_ROOT])
    assert v.passed, v.message
    s = v.signatures[0]
    assert (s.id, s.kind, s.format, s.code, s.message) == ("s001", "seal", "ses-v4", govcred.ErrorCode.OK, "ok")
    assert s.seal_name == "govcred 测试专用章 v4"
    assert s.signer is not None and "govcred Test Signer" in s.signer
    assert s.signed_at is not None
    assert s.leniencies == []


def test_the_peer_signature_is_a_gbt35275_sign():
    s = verify("peer/sign-gbt35275.ofd", [PEER_ROOT]).signatures[0]
    assert (s.kind, s.format, s.code) == ("sign", "gbt35275", govcred.ErrorCode.OK)


def test_the_peer_files_are_untrusted_without_their_root():
    assert verify("peer/seal-v4.ofd").code == govcred.ErrorCode.UNTRUSTED_CERTIFICATE


def test_sesv4_sign_doc_postdates_its_seal():
    s = verify(SESV4_SIGN_DOC).signatures[0]
    assert (s.code, s.signed_at, s.time_source) == (govcred.ErrorCode.SEAL_NOT_VALID, 1_785_809_289, "asserted")
    assert json.loads(verify(SESV4_SIGN_DOC).json)["signatures"][0]["signed_at"].startswith("2026-08-04T10:08:09")


def test_digital_sign_is_valid_only_with_its_certificate():
    v = verify(DIGITAL_SIGN, certs=["ofdrw/keys/ofdrw-sign__USER.cert.pem"])
    assert v.passed, v.message
    assert v.signatures[0].format == "sm2"
    assert verify(DIGITAL_SIGN, certs=["peer/certs/signer.cert.pem"]).code == govcred.ErrorCode.SIGNATURE_INVALID


def test_a_refused_document_is_a_verdict():
    for data in (b"", b"PK"):
        v = govcred.OfdVerifier().verify(data, NOW)
        assert (v.passed, v.code, v.signatures) == (False, govcred.ErrorCode.BAD_OFD, [])


@pytest.mark.parametrize(
    "data,name", [(b"\x30\x02\x05\x00", "BadCertificate"), (b"not a cert", "BadPem")]
)
def test_unusable_certificates_raise(data, name):
    v = govcred.OfdVerifier()
    for add in (v.add_root, v.add_cert):
        with pytest.raises(govcred.GovcredError.Failed) as e:
            add(data)
        assert e.value.code == error_code(name)
    # The verifier is unchanged: still no root.
    assert v.verify((OFD / "peer/seal-v4.ofd").read_bytes(), NOW).code == govcred.ErrorCode.UNTRUSTED_CERTIFICATE
