//! Type=Sign signatures (签名): GB/T 35275 SignedData in both forms real signers write, and
//! bare SM2 signatures, each tampered part caught with its own code.
//!
//! The documents are `peer/sign-gbt35275.ofd` (ofdrw 2.3.6, the attached-digest form) and
//! that document re-signed here under the test PKI of tests/vectors/x509 (signer
//! `ok-signer.pem`, key `keys/signer.key.pem`, chain `ok-intermediate.pem` → `ok-root.pem`):
//! a detached SignedData made by `govcred::cms::sign_detached` over the Signature.xml
//! bytes, an attached one holding SM3(Signature.xml) raw or as base64 text (built below, as
//! ofdrw and tongz write it), and a bare SM2 signature.

mod ofd_common;

use govcred::ErrorCode;
use govcred::ofd::{OfdVerdict, OfdVerifier, TimeSource};
use govcred::seal::Leniency;
use govcred::sm2::{DEFAULT_ID, PrivateKey, SigningKey};
use govcred::sm3::sm3;
use govcred::x509::Certificate;
use ofd_common::{rezip, unzip, vector};

const PEER: &str = "peer/sign-gbt35275.ofd";
const SIG_XML: &str = "Doc_0/Signs/Sign_0/Signature.xml";
const SIGNED_VALUE: &str = "Doc_0/Signs/Sign_0/SignedValue.dat";
const CONTENT: &str = "Doc_0/Pages/Page_0/Content.xml";
/// 2026-01-01T00:00:00Z.
const NOW: i64 = 1_767_225_600;
/// 2025-06-01T00:00:00Z, the signingTime of the re-signed documents.
const SIGNED: i64 = 1_748_736_000;

fn x509(name: &str) -> Certificate {
    let path = format!("{}/tests/vectors/x509/{name}", env!("CARGO_MANIFEST_DIR"));
    Certificate::decode(&std::fs::read(&path).unwrap()).unwrap()
}

fn signer_key() -> PrivateKey {
    let path = format!(
        "{}/tests/vectors/x509/keys/signer.key.pem",
        env!("CARGO_MANIFEST_DIR")
    );
    PrivateKey::from_pem(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn verifier(roots: &[&str], certs: &[&str]) -> OfdVerifier {
    let mut v = OfdVerifier::new();
    for r in roots {
        v.add_root(x509(r)).unwrap();
    }
    for c in certs {
        v.add_signer_certificate(x509(c));
    }
    v
}

fn verify(ofd: &[u8], roots: &[&str], certs: &[&str]) -> OfdVerdict {
    let v = verifier(roots, certs).verify(ofd, NOW);
    assert_eq!(v.signatures.len(), 1, "{v:#?}");
    v
}

fn code(ofd: &[u8], roots: &[&str]) -> ErrorCode {
    verify(ofd, roots, &[]).signatures[0].code
}

fn signature_xml() -> Vec<u8> {
    unzip(&vector(PEER))[SIG_XML].clone()
}

/// The peer document with `xml` as its Signature.xml and `value` as its SignedValue.dat.
fn document(xml: &[u8], value: Vec<u8>) -> Vec<u8> {
    rezip(
        &vector(PEER),
        &[(SIG_XML, xml.to_vec()), (SIGNED_VALUE, value)],
    )
}

/// The peer document re-signed by govcred's CMS signer (detached, signed attributes).
fn detached_at(signing_time: i64) -> Vec<u8> {
    let xml = signature_xml();
    let p7 = govcred::cms::sign_detached(
        &xml,
        &signer_key(),
        &x509("ok-signer.pem"),
        &[x509("ok-intermediate.pem")],
        signing_time,
    )
    .unwrap();
    document(&xml, p7)
}

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else if n < 0x100 {
        out.extend_from_slice(&[0x81, n as u8]);
    } else {
        out.extend_from_slice(&[0x82, (n >> 8) as u8, n as u8]);
    }
    out.extend_from_slice(content);
    out
}

fn oid(dotted: &str) -> Vec<u8> {
    let arcs: Vec<u64> = dotted.split('.').map(|a| a.parse().unwrap()).collect();
    let mut body = vec![(arcs[0] * 40 + arcs[1]) as u8];
    for &a in &arcs[2..] {
        let mut bytes = vec![(a & 0x7f) as u8];
        let mut rest = a >> 7;
        while rest > 0 {
            bytes.push((rest & 0x7f) as u8 | 0x80);
            rest >>= 7;
        }
        bytes.reverse();
        body.extend_from_slice(&bytes);
    }
    tlv(0x06, &body)
}

/// A GB/T 35275 SignedData without signed attributes whose attached content is `content`,
/// signed by the test signer over `content` itself: the form ofdrw writes with the SM3 of
/// Signature.xml as the content.
fn attached(content: &[u8]) -> Vec<u8> {
    let cert = x509("ok-signer.pem");
    let key = SigningKey::new(signer_key(), DEFAULT_ID).unwrap();
    let sig = key.sign(content).unwrap().to_der();
    let alg = |o: &str| tlv(0x30, &oid(o));
    let sm3_alg = alg("1.2.156.10197.1.401");
    let signer_info = tlv(
        0x30,
        &[
            tlv(0x02, &[1]),
            tlv(
                0x30,
                &[cert.issuer_der().to_vec(), tlv(0x02, cert.serial())].concat(),
            ),
            sm3_alg.clone(),
            alg("1.2.156.10197.1.501"),
            tlv(0x04, &sig),
        ]
        .concat(),
    );
    let encap = tlv(
        0x30,
        &[
            oid("1.2.156.10197.6.1.4.2.1"),
            tlv(0xa0, &tlv(0x04, content)),
        ]
        .concat(),
    );
    let certs = [cert.to_der(), x509("ok-intermediate.pem").to_der()].concat();
    let signed_data = tlv(
        0x30,
        &[
            tlv(0x02, &[1]),
            tlv(0x31, &sm3_alg),
            encap,
            tlv(0xa0, &certs),
            tlv(0x31, &signer_info),
        ]
        .concat(),
    );
    tlv(
        0x30,
        &[oid("1.2.156.10197.6.1.4.2.2"), tlv(0xa0, &signed_data)].concat(),
    )
}

fn base64(bytes: &[u8]) -> String {
    use base64ct::{Base64, Encoding};
    Base64::encode_string(bytes)
}

/// Signature.xml with one more space after the XML declaration: a change nobody could sign.
fn edited(xml: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(xml.to_vec()).unwrap();
    text.replacen("?>", "?> ", 1).into_bytes()
}

const ROOT: &[&str] = &["ok-root.pem"];

#[test]
fn detached_signed_attributes_verify_at_the_signing_time() {
    let v = verify(&detached_at(SIGNED), ROOT, &[]);
    assert!(v.passed(), "{v:#?}");
    let s = &v.signatures[0];
    assert_eq!(s.format.unwrap().as_str(), "gbt35275");
    assert_eq!(s.kind.as_str(), "sign");
    assert!(s.signer.as_deref().unwrap().contains("Govcred Test Signer"));
    assert_eq!(s.signed_at, Some(SIGNED));
    assert_eq!(s.time_source, TimeSource::Asserted);
    assert!(s.leniencies.is_empty(), "{:?}", s.leniencies);
    // The chain is checked at the signingTime, not at `now`: long after the signer's
    // certificate expired, the signature still holds.
    let late = verifier(ROOT, &[]).verify(&detached_at(SIGNED), 2_600_000_000);
    assert!(late.passed(), "{late:#?}");
}

#[test]
fn detached_tampering() {
    let ofd = detached_at(SIGNED);
    let files = unzip(&ofd);
    // Signature.xml changed after signing: its messageDigest no longer matches.
    let t = rezip(&ofd, &[(SIG_XML, edited(&files[SIG_XML]))]);
    assert_eq!(code(&t, ROOT), ErrorCode::DigestMismatch);
    // A protected file changed.
    let mut content = files[CONTENT].clone();
    content.extend_from_slice(b" ");
    let t = rezip(&ofd, &[(CONTENT, content)]);
    assert_eq!(code(&t, ROOT), ErrorCode::DigestMismatch);
    // A bit of the signature value.
    let mut sv = files[SIGNED_VALUE].clone();
    let n = sv.len();
    sv[n - 5] ^= 0x01;
    let t = rezip(&ofd, &[(SIGNED_VALUE, sv)]);
    assert_eq!(code(&t, ROOT), ErrorCode::SignatureInvalid);
    // Truncated.
    let mut sv = files[SIGNED_VALUE].clone();
    sv.truncate(sv.len() - 10);
    let t = rezip(&ofd, &[(SIGNED_VALUE, sv)]);
    assert_eq!(code(&t, ROOT), ErrorCode::BadCms);
}

#[test]
fn detached_trust() {
    let ofd = detached_at(SIGNED);
    assert_eq!(code(&ofd, &[]), ErrorCode::UntrustedCertificate);
    assert_eq!(
        code(&ofd, &["untrusted-other-root.pem"]),
        ErrorCode::UntrustedCertificate
    );
    // Signed before the signer's certificate was valid (2020-01-01).
    assert_eq!(
        code(&detached_at(1_559_347_200), ROOT),
        ErrorCode::CertificateExpired
    );
}

#[test]
fn attached_digest_raw_and_base64() {
    let xml = signature_xml();
    let digest = sm3(&xml);
    for content in [digest.to_vec(), base64(&digest).into_bytes()] {
        let ofd = document(&xml, attached(&content));
        let v = verify(&ofd, ROOT, &[]);
        assert!(v.passed(), "{v:#?}");
        let s = &v.signatures[0];
        assert_eq!(s.format.unwrap().as_str(), "gbt35275");
        // No signingTime: the SignatureDateTime of Signature.xml (2026-12-02 01:16:33,
        // China Standard Time), which the signature covers.
        assert_eq!(s.time_source, TimeSource::SignatureDateTime);
        assert_eq!(s.signed_at, Some(1_796_145_393));
        // Signature.xml changed after signing.
        let t = document(&edited(&xml), attached(&content));
        assert_eq!(code(&t, ROOT), ErrorCode::DigestMismatch);
    }
    // The content is some other digest.
    let t = document(&xml, attached(&sm3(b"another document")));
    assert_eq!(code(&t, ROOT), ErrorCode::DigestMismatch);
    // Without a readable SignatureDateTime the chain is checked at `now`.
    let text = String::from_utf8(xml.clone()).unwrap();
    let undated = text
        .replace("2026-12-02 01:16:33", "yesterday")
        .into_bytes();
    let t = document(&undated, attached(&sm3(&undated)));
    let v = verify(&t, ROOT, &[]);
    assert!(v.passed(), "{v:#?}");
    assert_eq!(v.signatures[0].time_source, TimeSource::Now);
    assert_eq!(v.signatures[0].signed_at, Some(NOW));
}

#[test]
fn the_peer_signature_and_its_tampering() {
    let root = "peer/certs/root.cert.pem";
    let verify_peer = |ofd: &[u8]| {
        let mut v = OfdVerifier::new();
        v.add_root(Certificate::decode(&vector(root)).unwrap())
            .unwrap();
        v.verify(ofd, 1_800_000_000)
    };
    let ofd = vector(PEER);
    let v = verify_peer(&ofd);
    assert!(v.passed(), "{v:#?}");
    let s = &v.signatures[0];
    assert!(s.signer.as_deref().unwrap().contains("govcred Test Signer"));
    assert_eq!(s.time_source, TimeSource::SignatureDateTime);

    let files = unzip(&ofd);
    let t = rezip(&ofd, &[(SIG_XML, edited(&files[SIG_XML]))]);
    assert_eq!(verify_peer(&t).code, ErrorCode::DigestMismatch);
    let mut sv = files[SIGNED_VALUE].clone();
    let n = sv.len();
    sv[n - 5] ^= 0x01;
    let t = rezip(&ofd, &[(SIGNED_VALUE, sv)]);
    assert_eq!(verify_peer(&t).code, ErrorCode::SignatureInvalid);
    // The attached digest itself: the signature no longer covers it.
    let mut sv = files[SIGNED_VALUE].clone();
    let at = sv
        .windows(2)
        .position(|w| w == [0x04, 0x20])
        .expect("the attached digest");
    sv[at + 2] ^= 0x01;
    let t = rezip(&ofd, &[(SIGNED_VALUE, sv)]);
    assert_eq!(verify_peer(&t).code, ErrorCode::SignatureInvalid);
}

#[test]
fn gomain_signatures_record_their_leniencies() {
    // gomain: detached, signed attributes not in DER order, the sm2-1 signature OID, and
    // eContentType PKCS#7 data beside a GB/T 35275 data contentType attribute.
    let ofd = vector("ofdrw/ofdrw-converter__testImageNotFound.ofd");
    let v = OfdVerifier::new().verify(&ofd, NOW);
    assert_eq!(v.signatures.len(), 2);
    for s in &v.signatures {
        assert_eq!(s.code, ErrorCode::UntrustedCertificate, "{s:#?}");
        assert_eq!(s.format.unwrap().as_str(), "gbt35275");
        assert_eq!(
            s.leniencies,
            [
                Leniency::UnsortedSignedAttributes,
                Leniency::Sm2SignatureOid,
                Leniency::DataOidFlavourMismatch
            ]
        );
        // signingTime 221101092233Z.
        assert_eq!(s.signed_at, Some(1_667_294_553));
        assert_eq!(s.time_source, TimeSource::Asserted);
    }
}

#[test]
fn bare_sm2_needs_the_callers_certificate() {
    let xml = signature_xml();
    let key = SigningKey::new(signer_key(), DEFAULT_ID).unwrap();
    let sig = key.sign(&xml).unwrap();
    for (value, lenient) in [(sig.to_der(), false), (sig.to_raw().to_vec(), true)] {
        let ofd = document(&xml, value.clone());
        let v = verify(&ofd, &[], &[]);
        assert_eq!(v.code, ErrorCode::SignerCertificateMissing, "{v:#?}");
        assert_eq!(v.signatures[0].format.unwrap().as_str(), "sm2");

        let v = verify(&ofd, &[], &["ok-signer.pem"]);
        assert!(v.passed(), "{v:#?}");
        let s = &v.signatures[0];
        assert!(s.signer.as_deref().unwrap().contains("Govcred Test Signer"));
        assert_eq!(s.leniencies.contains(&Leniency::RawSignature), lenient);
        assert_eq!(s.time_source, TimeSource::SignatureDateTime);

        // Another certificate, or a changed Signature.xml, does not verify.
        let v = verify(&ofd, &[], &["ok-signer2.pem"]);
        assert_eq!(v.code, ErrorCode::SignatureInvalid);
        let t = document(&edited(&xml), value);
        let v = verify(&t, &[], &["ok-signer.pem"]);
        assert_eq!(v.code, ErrorCode::SignatureInvalid);
    }
    // Neither a SignedData nor an SM2 signature.
    let t = document(&xml, b"not a signature".to_vec());
    assert_eq!(code(&t, &[]), ErrorCode::UnsupportedSignature);
}

#[test]
fn the_json_view() {
    let v = verify(&detached_at(SIGNED), ROOT, &[]);
    let json: serde_json::Value = serde_json::from_str(&v.to_json()).unwrap();
    assert_eq!(json["passed"], true);
    assert_eq!(json["code"], 0);
    assert_eq!(json["code_name"], "Ok");
    assert_eq!(json["license"], serde_json::Value::Null);
    let s = &json["signatures"][0];
    assert_eq!(s["type"], "sign");
    assert_eq!(s["format"], "gbt35275");
    assert_eq!(s["signed_at"], "2025-06-01T08:00:00+08:00");
    assert_eq!(s["time_source"], "asserted");
    let gomain =
        OfdVerifier::new().verify(&vector("ofdrw/ofdrw-converter__testImageNotFound.ofd"), NOW);
    let json: serde_json::Value = serde_json::from_str(&gomain.to_json()).unwrap();
    assert_eq!(json["code_name"], "UntrustedCertificate");
    assert_eq!(
        json["signatures"][1]["leniencies"],
        serde_json::json!([
            "unsorted-signed-attributes",
            "sm2-signature-oid",
            "data-oid-flavour-mismatch"
        ])
    );
}
