"""The shared certificate and CMS vectors (tests/vectors/x509/chains.jsonl and
tests/vectors/cms/cases.jsonl), run as tests/x509_vectors.rs and tests/cms_vectors.rs run
them: load the roots, the other certificates and the leaf or signature, then verify; the
first failure is the case's code."""

import json

import pytest

import govcred
from conftest import VECTORS, error_code

X509 = VECTORS / "x509"
CMS = VECTORS / "cms"


def jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def certs(names):
    return [govcred.Certificate.decode((X509 / n).read_bytes()) for n in names.split()]


PURPOSES = {"sign": govcred.KeyPurpose.SIGNING, "any": govcred.KeyPurpose.ANY}


def run_chain(case):
    verifier = govcred.CertVerifier(certs(case["roots"]))
    chain = certs(case["chain"])
    leaf = govcred.Certificate.decode((X509 / case["leaf"]).read_bytes())
    return leaf, verifier.verify(leaf, chain, case["now"], PURPOSES[case["usage"]])


def code_of(run):
    try:
        run()
    except govcred.GovcredError.Failed as e:
        return e.code
    return govcred.ErrorCode.OK


CHAIN_CASES = jsonl(X509 / "chains.jsonl")
CMS_CASES = jsonl(CMS / "cases.jsonl")


@pytest.mark.parametrize("case", CHAIN_CASES, ids=lambda c: c["name"])
def test_chain_case_gives_its_expected_code(case):
    code = code_of(lambda: run_chain(case))
    assert (code, code.value) == (error_code(case["expected"]), case["expected_code"])


def test_there_are_enough_cases():
    assert len(CHAIN_CASES) >= 30 and len(CMS_CASES) >= 30


@pytest.mark.parametrize(
    "name,length",
    [
        ("ok-signer", 3),
        ("ok-signer-under-root", 2),
        ("ok-signer-4-level", 4),
        ("ok-signer-4-level-chain-reversed-with-extras", 4),
        ("ok-signer-two-roots-pinned", 3),
    ],
)
def test_passing_chains_come_back_leaf_first_root_last(name, length):
    case = next(c for c in CHAIN_CASES if c["name"] == name)
    leaf, chain = run_chain(case)
    assert len(chain) == length
    assert chain[0].to_der() == leaf.to_der()
    root = govcred.Certificate.decode((X509 / "ok-root.pem").read_bytes())
    assert chain[-1].to_der() == root.to_der()
    for child, parent in zip(chain, chain[1:]):
        assert child.issuer() == parent.subject()


def test_signer_fields_are_the_ones_make_sh_wrote():
    der = (X509 / "ok-signer.der").read_bytes()
    c = govcred.Certificate.decode(der)
    assert c.to_der() == der
    assert govcred.Certificate.decode((X509 / "ok-signer.pem").read_bytes()).to_der() == der
    assert c.serial_hex() == "009a8b7c6d5e4f30211203"
    assert (c.not_before(), c.not_after()) == (1_577_836_800, 2_524_607_999)
    assert not c.is_ca()
    assert "Govcred Test Signer" in c.subject()
    assert "Govcred Test Intermediate CA" in c.issuer()
    inter = govcred.Certificate.decode((X509 / "ok-intermediate.pem").read_bytes())
    assert inter.is_ca()
    assert c.authority_key_id_hex() == inter.subject_key_id_hex() is not None
    assert c.public_key().to_bytes().hex() == c.public_key_hex()

    view = json.loads(c.to_json())
    assert view == {
        "subject": c.subject(),
        "issuer": c.issuer(),
        "serial": c.serial_hex(),
        "not_before": c.not_before(),
        "not_after": c.not_after(),
        "key_usage": c.key_usage(),
        "is_ca": c.is_ca(),
        "path_len": c.path_len(),
        "subject_key_id": c.subject_key_id_hex(),
        "authority_key_id": c.authority_key_id_hex(),
        "public_key": c.public_key_hex(),
    }
    names = ["digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment",
             "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"]
    bits = c.key_usage_bits()
    assert c.key_usage() == [n for i, n in enumerate(names) if bits & (1 << i)]


def test_pem_bundles_decode_in_order():
    pem = (X509 / "ok-intermediate.pem").read_bytes() + (X509 / "ok-root.pem").read_bytes()
    both = govcred.decode_certificates(pem)
    assert [c.subject() for c in both] == [
        govcred.Certificate.decode((X509 / n).read_bytes()).subject()
        for n in ("ok-intermediate.pem", "ok-root.pem")
    ]


def test_refused_certificates_have_their_codes():
    rsa = (X509 / "unsupported-rsa-2048-selfsigned.pem").read_bytes()
    assert code_of(lambda: govcred.Certificate.decode(rsa)) == govcred.ErrorCode.UNSUPPORTED_ALGORITHM
    assert code_of(lambda: govcred.Certificate.decode(b"\x30\x03\x02\x01")) == govcred.ErrorCode.BAD_CERTIFICATE
    assert code_of(lambda: govcred.CertVerifier([])) == govcred.ErrorCode.INVALID_ARGUMENT


def run_cms(case):
    verifier = govcred.CertVerifier(certs(case["roots"]))
    content = (CMS / case["content"]).read_bytes() if case["content"] else None
    sig = (CMS / case["sig"]).read_bytes()
    return govcred.cms_verify(sig, verifier, case["now"], content=content, extra_certs=certs(case["certs"]))


def cms_case(name):
    return run_cms(next(c for c in CMS_CASES if c["name"] == name))


@pytest.mark.parametrize("case", CMS_CASES, ids=lambda c: c["name"])
def test_cms_case_gives_its_expected_code(case):
    v = run_cms(case)
    assert (v.code, v.code.value) == (error_code(case["expected"]), case["expected_code"]), v.message
    assert v.passed == (v.code == govcred.ErrorCode.OK)
    view = json.loads(v.json)
    assert (view["passed"], view["code"]) == (v.passed, v.code.value)
    assert ("signer" in view) == v.passed
    assert (v.signer is not None) == v.passed


def test_the_chain_is_checked_at_the_signing_time_when_there_is_one():
    v = cms_case("ok-expired-signer-signing-time-in-validity")
    assert v.time_source == govcred.TimeSource.SIGNING_TIME
    assert v.signing_time == v.time_used == 1_590_969_600
    v = cms_case("ok-detached-gbt-attrs-isn")
    assert (v.time_source, v.time_used) == (govcred.TimeSource.SIGNING_TIME, 1_748_736_000)
    v = cms_case("ok-attached-pkcs7-noattrs-isn")
    assert (v.time_source, v.signing_time, v.time_used) == (govcred.TimeSource.NOW, None, 1_767_225_600)


def test_verdicts_name_the_signer_chain_and_attached_content():
    content = (CMS / "content.txt").read_bytes()
    signer = govcred.Certificate.decode((X509 / "ok-signer.pem").read_bytes())
    root = govcred.Certificate.decode((X509 / "ok-root.pem").read_bytes())
    for name in ["ok-attached-gbt-attrs-isn", "ok-attached-gbt-attrs-isn-gbt-outer",
                 "ok-attached-pkcs7-attrs-ski", "ok-attached-gbt-noattrs-isn"]:
        v = cms_case(name)
        assert v.content == content, name
        assert v.signer.to_der() == signer.to_der()
        assert [c.to_der() for c in v.chain][::2] == [signer.to_der(), root.to_der()]
        assert len(v.chain) == 3
    v = cms_case("ok-detached-gbt-attrs-unsorted")
    assert v.content is None
    assert v.leniencies == ["unsorted_signed_attributes"]
    view = json.loads(v.json)
    assert view["leniencies"] == v.leniencies
    assert view["signer"] == json.loads(v.signer.to_json())
    assert (view["attached"], view["time_source"]) == (False, "signing_time")
    assert (view["content_type"], view["outer_type"]) == (v.content_type, v.outer_type)


def test_detached_signatures_need_their_content():
    verifier = govcred.CertVerifier(certs("ok-root.pem"))
    v = govcred.cms_verify((CMS / "ok-detached-gbt-attrs-isn.p7s").read_bytes(), verifier, 1_767_225_600)
    assert (v.passed, v.code) == (False, govcred.ErrorCode.INVALID_ARGUMENT)
    assert v.signer is None and v.chain == [] and v.time_used is None


def test_sign_then_verify_round_trips():
    key = govcred.Sm2KeyPair.from_pem((X509 / "keys" / "signer.key.pem").read_text())
    other = govcred.Sm2KeyPair.from_pem((X509 / "keys" / "signer2.key.pem").read_text())
    signer, inter = certs("ok-signer.pem ok-intermediate.pem")
    verifier = govcred.CertVerifier(certs("ok-root.pem"))
    content = "电子证照 content".encode()
    signing_time = 1_767_225_600
    for oids, outer in [(None, "1.2.156.10197.6.1.4.2.2"),
                        (govcred.CmsOids.GBT35275, "1.2.156.10197.6.1.4.2.2"),
                        (govcred.CmsOids.PKCS7, "1.2.840.113549.1.7.2")]:
        p7 = govcred.cms_sign(content, key, signer, signing_time, chain=[inter], oids=oids)
        assert p7 == govcred.cms_sign(content, key, signer, signing_time, chain=[inter], oids=oids)
        v = govcred.cms_verify(p7, verifier, 1_900_000_000, content=content)
        assert v.passed, v.message
        assert (v.time_source, v.time_used) == (govcred.TimeSource.SIGNING_TIME, signing_time)
        assert v.content is None and v.outer_type == outer and len(v.chain) == 3
        changed = govcred.cms_verify(p7, verifier, 1_900_000_000, content=content + b"!")
        assert changed.code == govcred.ErrorCode.CONTENT_DIGEST_MISMATCH
    # Without the intermediate embedded, it is an extra certificate or the chain is untrusted.
    p7 = govcred.cms_sign(content, key, signer, signing_time)
    assert govcred.cms_verify(p7, verifier, 0, content=content).code == govcred.ErrorCode.UNTRUSTED_CERTIFICATE
    assert govcred.cms_verify(p7, verifier, 0, content=content, extra_certs=[inter]).passed
    assert code_of(lambda: govcred.cms_sign(content, other, signer, signing_time)) == govcred.ErrorCode.BAD_PRIVATE_KEY
