use super::*;
use crate::error::ErrorCode;
use crate::sm2::{DEFAULT_ID, SigningKey};
use crate::x509::testpki::*;
use crate::x509::{CertVerifier, Certificate};

const NOW: i64 = 1_800_000_000;
const SIGNED_AT: i64 = 1_750_000_000;
const CONTENT: &[u8] =
    b"<ofd:Signature>\xe7\x94\xb5\xe5\xad\x90\xe8\xaf\x81\xe7\x85\xa7</ofd:Signature>";

struct Fixture {
    pki: Pki,
    root: Certificate,
    ca: Certificate,
    leaf: Certificate,
    verifier: CertVerifier,
}

fn fixture() -> Fixture {
    let pki = Pki::new();
    let root = Certificate::from_der(&pki.root_der()).expect("root");
    let ca = Certificate::from_der(&pki.ca_der()).expect("ca");
    let leaf = Certificate::from_der(&pki.leaf_der()).expect("leaf");
    let verifier = CertVerifier::new(vec![root.clone()]).expect("verifier");
    Fixture {
        pki,
        root,
        ca,
        leaf,
        verifier,
    }
}

fn code<T: std::fmt::Debug>(r: crate::Result<T>) -> ErrorCode {
    r.expect_err("must fail").code()
}

// --- a hand-made SignedData, to reach every form real signers write ---

#[derive(Clone)]
struct P7 {
    outer: &'static str,
    data: &'static str,
    attached: bool,
    attrs: Option<Vec<Vec<u8>>>,
    ski_sid: bool,
    sig_alg: &'static str,
    raw_sig: bool,
    embed: Vec<Vec<u8>>,
    ber: bool,
    content: Vec<u8>,
    signing_time: Option<i64>,
    ber_attrs: bool,
}

impl P7 {
    fn new(f: &Fixture) -> P7 {
        P7 {
            outer: "1.2.840.113549.1.7.2",
            data: "1.2.156.10197.6.1.4.2.1",
            attached: false,
            attrs: None,
            ski_sid: false,
            sig_alg: "1.2.156.10197.1.501",
            raw_sig: false,
            embed: vec![f.leaf.to_der().to_vec(), f.ca.to_der().to_vec()],
            ber: false,
            content: CONTENT.to_vec(),
            signing_time: Some(SIGNED_AT),
            ber_attrs: false,
        }
    }

    fn default_attrs(&self) -> Vec<Vec<u8>> {
        let attr = |o: &str, v: Vec<u8>| seq(&[&oid(o), &tlv(0x31, &v)]);
        let mut a = vec![attr("1.2.840.113549.1.9.3", oid(self.data))];
        if let Some(t) = self.signing_time {
            a.push(attr("1.2.840.113549.1.9.5", utc_time(t)));
        }
        a.push(attr(
            "1.2.840.113549.1.9.4",
            octets(&crate::sm3::sm3(&self.content)),
        ));
        a
    }

    fn build(&self, f: &Fixture) -> Vec<u8> {
        let signer = SigningKey::new(f.pki.leaf_key.clone(), DEFAULT_ID).expect("signer");
        let attrs = self.attrs.clone().unwrap_or_else(|| self.default_attrs());
        let no_attrs = attrs.is_empty();
        let attrs_content = attrs.concat();
        let to_sign = if no_attrs {
            self.content.clone()
        } else {
            tlv(0x31, &attrs_content)
        };
        let sig = signer.sign(&to_sign).expect("sign");
        let sig = if self.raw_sig {
            sig.to_raw().to_vec()
        } else {
            sig.to_der()
        };
        let sid = if self.ski_sid {
            tlv(0x80, f.leaf.subject_key_id().expect("ski"))
        } else {
            seq(&[f.leaf.issuer_der(), &int(f.leaf.serial())])
        };
        let mut si: Vec<Vec<u8>> = vec![
            int(&[if self.ski_sid { 3 } else { 1 }]),
            sid,
            seq(&[&oid("1.2.156.10197.1.401")]),
        ];
        if self.ber_attrs {
            si.push(indefinite(0xa0, &attrs_content));
        } else if !no_attrs {
            si.push(tlv(0xa0, &attrs_content));
        }
        si.push(seq(&[&oid(self.sig_alg)]));
        si.push(octets(&sig));
        let si = if self.ber_attrs {
            indefinite(0x30, &si.concat())
        } else {
            seq(&si.iter().map(|p| p.as_slice()).collect::<Vec<_>>())
        };

        let open: fn(u8, &[u8]) -> Vec<u8> = if self.ber { indefinite } else { tlv };
        let econtent = if self.attached {
            if self.ber {
                // Chunked, as BouncyCastle's BEROctetString writes it.
                let (a, b) = self.content.split_at(self.content.len() / 2);
                let chunks = [octets(a), octets(b)].concat();
                open(0xa0, &open(0x24, &chunks))
            } else {
                tlv(0xa0, &octets(&self.content))
            }
        } else {
            Vec::new()
        };
        let eci = open(0x30, &[oid(self.data), econtent].concat());
        let mut sd = vec![
            int(&[1]),
            tlv(0x31, &seq(&[&oid("1.2.156.10197.1.401")])),
            eci,
        ];
        if !self.embed.is_empty() {
            sd.push(open(0xa0, &self.embed.concat()));
        }
        sd.push(open(0x31, &si));
        let sd = open(0x30, &sd.concat());
        open(0x30, &[oid(self.outer), open(0xa0, &sd)].concat())
    }
}

fn indefinite(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag, 0x80];
    out.extend_from_slice(content);
    out.extend_from_slice(&[0, 0]);
    out
}

fn check(f: &Fixture, p7: &[u8], detached: Option<&[u8]>) -> crate::Result<CmsVerdict> {
    verify(p7, detached, &[], &f.verifier, NOW)
}

// --- sign ---

#[test]
fn sign_then_verify_detached() {
    let f = fixture();
    let p7 = sign_detached(
        CONTENT,
        &f.pki.leaf_key,
        &f.leaf,
        std::slice::from_ref(&f.ca),
        SIGNED_AT,
    )
    .expect("sign");
    assert_eq!(&p7[..2], &[0x30, 0x82]);
    let v = check(&f, &p7, Some(CONTENT)).expect("own signature verifies");
    assert_eq!(v.signer, f.leaf);
    assert_eq!(v.chain, vec![f.leaf.clone(), f.ca.clone(), f.root.clone()]);
    assert_eq!(v.signing_time, Some(SIGNED_AT));
    assert_eq!(v.time_used, SIGNED_AT);
    assert_eq!(v.time_source, TimeSource::SigningTime);
    assert_eq!(v.content, None);
    assert_eq!(v.outer_type, "1.2.156.10197.6.1.4.2.2");
    assert_eq!(v.content_type, "1.2.156.10197.6.1.4.2.1");
    assert!(v.leniencies.is_empty(), "{:?}", v.leniencies);
    // Deterministic.
    assert_eq!(
        sign_detached(
            CONTENT,
            &f.pki.leaf_key,
            &f.leaf,
            std::slice::from_ref(&f.ca),
            SIGNED_AT
        )
        .expect("sign"),
        p7
    );
    // Strict DER all the way down: the DER walker reads it, and so does der's own
    // decoder for the signed attributes' SET ordering (checked by the verdict above).
    let mut r = crate::x509::tlv::Reader::der(&p7);
    r.read().expect("DER");
    r.finish().expect("nothing after");
    // PKCS#7 OIDs.
    let p7 = sign_detached_with(
        CONTENT,
        &f.pki.leaf_key,
        &f.leaf,
        std::slice::from_ref(&f.ca),
        SIGNED_AT,
        CmsOids::Pkcs7,
    )
    .expect("sign");
    let v = check(&f, &p7, Some(CONTENT)).expect("verifies");
    assert_eq!(v.outer_type, "1.2.840.113549.1.7.2");
    assert_eq!(v.content_type, "1.2.840.113549.1.7.1");
}

#[test]
fn sign_refuses_a_key_that_is_not_the_certificates() {
    let f = fixture();
    assert_eq!(
        code(sign_detached(
            CONTENT,
            &f.pki.ca_key,
            &f.leaf,
            &[],
            SIGNED_AT
        )),
        ErrorCode::BadPrivateKey
    );
    assert_eq!(
        code(sign_detached(CONTENT, &f.pki.leaf_key, &f.leaf, &[], -1)),
        ErrorCode::InvalidArgument
    );
    // 2050 and later: GeneralizedTime.
    let p7 = sign_detached(CONTENT, &f.pki.leaf_key, &f.leaf, &[], 2_600_000_000).expect("sign");
    let e = verify(
        &p7,
        Some(CONTENT),
        std::slice::from_ref(&f.ca),
        &f.verifier,
        NOW,
    )
    .expect_err("expired");
    assert_eq!(e.code(), ErrorCode::CertificateExpired);
}

#[test]
fn changed_content_attribute_or_signer() {
    let f = fixture();
    let p7 = sign_detached(
        CONTENT,
        &f.pki.leaf_key,
        &f.leaf,
        std::slice::from_ref(&f.ca),
        SIGNED_AT,
    )
    .expect("sign");
    assert_eq!(
        code(check(&f, &p7, Some(b"other content"))),
        ErrorCode::ContentDigestMismatch
    );
    assert_eq!(code(check(&f, &p7, None)), ErrorCode::InvalidArgument);
    // Change one byte of the signing time inside the signed attributes.
    let time = utc_time(SIGNED_AT);
    let pos = p7
        .windows(time.len())
        .position(|w| w == time.as_slice())
        .expect("signingTime in the signature");
    let mut bad = p7.clone();
    bad[pos + 3] ^= 0x01;
    assert_eq!(
        code(check(&f, &bad, Some(CONTENT))),
        ErrorCode::SignatureInvalid
    );
    // Swap the signer certificate for another one with the same issuer and serial.
    let mut other = f.pki.leaf.clone();
    other.key = *key(7).public_key();
    let other = other.sign(&f.pki.ca_key);
    let mut p = P7::new(&f);
    p.embed = vec![other, f.ca.to_der().to_vec()];
    assert_eq!(
        code(check(&f, &p.build(&f), Some(CONTENT))),
        ErrorCode::SignatureInvalid
    );
    // No certificate for the signer at all.
    p.embed = vec![f.ca.to_der().to_vec()];
    assert_eq!(
        code(check(&f, &p.build(&f), Some(CONTENT))),
        ErrorCode::CmsSignerNotFound
    );
    // ... unless the caller supplies it.
    verify(
        &p.build(&f),
        Some(CONTENT),
        std::slice::from_ref(&f.leaf),
        &f.verifier,
        NOW,
    )
    .expect("caller-supplied signer");
}

#[test]
fn attached_and_detached_forms() {
    let f = fixture();
    let mut p = P7::new(&f);
    p.attached = true;
    let v = check(&f, &p.build(&f), None).expect("attached");
    assert_eq!(v.content.as_deref(), Some(CONTENT));
    check(&f, &p.build(&f), Some(CONTENT)).expect("attached and the same content");
    assert_eq!(
        code(check(&f, &p.build(&f), Some(b"x"))),
        ErrorCode::ContentDigestMismatch
    );
    // GB/T 35275 outer OID, PKCS#7 data OID.
    let mut p = P7::new(&f);
    p.outer = "1.2.156.10197.6.1.4.2.2";
    p.data = "1.2.840.113549.1.7.1";
    check(&f, &p.build(&f), Some(CONTENT)).expect("GB/T outer, PKCS#7 data");
    // Other content types and outer types.
    p.data = "1.2.840.113549.1.9.16.1.4";
    assert_eq!(
        code(check(&f, &p.build(&f), Some(CONTENT))),
        ErrorCode::UnsupportedAlgorithm
    );
    p.data = "1.2.840.113549.1.7.1";
    p.outer = "1.2.840.113549.1.7.3";
    assert_eq!(
        code(check(&f, &p.build(&f), Some(CONTENT))),
        ErrorCode::BadCms
    );
}

#[test]
fn java_style_ber_is_accepted_and_reported() {
    let f = fixture();
    let mut p = P7::new(&f);
    p.ber = true;
    p.attached = true;
    let v = check(&f, &p.build(&f), None).expect("BER");
    assert_eq!(v.content.as_deref(), Some(CONTENT));
    assert_eq!(v.leniencies, vec![Leniency::BerIndefiniteLength]);
    p.attached = false;
    check(&f, &p.build(&f), Some(CONTENT)).expect("BER detached");
    // Signed attributes with an indefinite length are refused: what was signed is their
    // DER, which the input then does not hold.
    let mut p = P7::new(&f);
    p.ber = true;
    p.ber_attrs = true;
    let e = check(&f, &p.build(&f), Some(CONTENT)).expect_err("BER attributes");
    assert_eq!(e.code(), ErrorCode::BadCms);
    assert!(e.message().contains("indefinite"), "{}", e.message());
}

#[test]
fn unsorted_attributes_are_verified_as_stored() {
    let f = fixture();
    let mut p = P7::new(&f);
    let mut attrs = p.default_attrs();
    attrs.sort_by(|a, b| crate::x509::tlv::der_set_order(a, b));
    attrs.reverse();
    p.attrs = Some(attrs);
    let v = check(&f, &p.build(&f), Some(CONTENT)).expect("unsorted");
    assert_eq!(v.leniencies, vec![Leniency::UnsortedSignedAttributes]);
}

#[test]
fn signature_oids_and_forms() {
    let f = fixture();
    let mut p = P7::new(&f);
    p.sig_alg = "1.2.156.10197.1.301.1";
    p.raw_sig = true;
    let v = check(&f, &p.build(&f), Some(CONTENT)).expect("ofdrw style");
    assert_eq!(
        v.leniencies,
        vec![Leniency::Sm2SignatureOid, Leniency::RawSignatureValue]
    );
    p.sig_alg = "1.2.840.10045.4.3.2";
    assert_eq!(
        code(check(&f, &p.build(&f), Some(CONTENT))),
        ErrorCode::UnsupportedAlgorithm
    );
}

#[test]
fn signer_by_subject_key_identifier() {
    let f = fixture();
    let mut p = P7::new(&f);
    p.ski_sid = true;
    let v = check(&f, &p.build(&f), Some(CONTENT)).expect("SKI sid");
    assert_eq!(v.signer, f.leaf);
}

#[test]
fn without_signed_attributes_the_content_is_signed_and_now_is_used() {
    let f = fixture();
    let mut p = P7::new(&f);
    p.attrs = Some(Vec::new());
    let v = check(&f, &p.build(&f), Some(CONTENT)).expect("no attributes");
    assert_eq!(v.signing_time, None);
    assert_eq!(v.time_source, TimeSource::Now);
    assert_eq!(v.time_used, NOW);
    assert_eq!(
        code(check(&f, &p.build(&f), Some(b"changed"))),
        ErrorCode::SignatureInvalid
    );
    // Without signingTime the chain is checked at now.
    let mut p = P7::new(&f);
    p.signing_time = None;
    let v = check(&f, &p.build(&f), Some(CONTENT)).expect("no signingTime");
    assert_eq!(v.time_source, TimeSource::Now);
    assert_eq!(
        code(verify(
            &p.build(&f),
            Some(CONTENT),
            &[],
            &f.verifier,
            2_100_000_000
        )),
        ErrorCode::CertificateExpired
    );
}

#[test]
fn chain_is_checked_at_the_signing_time() {
    let f = fixture();
    // Signed while the certificates were valid, verified after they expired.
    let p7 = sign_detached(
        CONTENT,
        &f.pki.leaf_key,
        &f.leaf,
        std::slice::from_ref(&f.ca),
        SIGNED_AT,
    )
    .expect("sign");
    let v = verify(&p7, Some(CONTENT), &[], &f.verifier, 2_100_000_000).expect("past");
    assert_eq!(v.time_used, SIGNED_AT);
    // Signed before the certificate existed.
    let p7 = sign_detached(
        CONTENT,
        &f.pki.leaf_key,
        &f.leaf,
        std::slice::from_ref(&f.ca),
        1_600_000_000,
    )
    .expect("sign");
    assert_eq!(
        code(check(&f, &p7, Some(CONTENT))),
        ErrorCode::CertificateExpired
    );
    // Untrusted root.
    let other =
        Certificate::from_der(&Spec::new("Other", "Other", *key(9).public_key()).sign(&key(9)))
            .expect("other");
    let v2 = CertVerifier::new(vec![other]).expect("v");
    let p7 = sign_detached(
        CONTENT,
        &f.pki.leaf_key,
        &f.leaf,
        std::slice::from_ref(&f.ca),
        SIGNED_AT,
    )
    .expect("sign");
    assert_eq!(
        code(verify(&p7, Some(CONTENT), &[], &v2, NOW)),
        ErrorCode::UntrustedCertificate
    );
}

#[test]
fn attribute_rules() {
    let f = fixture();
    let attr = |o: &str, v: Vec<u8>| seq(&[&oid(o), &tlv(0x31, &v)]);
    let base = P7::new(&f);
    let digest = octets(&crate::sm3::sm3(CONTENT));
    let cases: Vec<(Vec<Vec<u8>>, ErrorCode)> = vec![
        // No messageDigest.
        (
            vec![attr("1.2.840.113549.1.9.3", oid(base.data))],
            ErrorCode::BadCms,
        ),
        // No contentType.
        (
            vec![attr("1.2.840.113549.1.9.4", digest.clone())],
            ErrorCode::BadCms,
        ),
        // contentType not data.
        (
            vec![
                attr("1.2.840.113549.1.9.3", oid("1.2.3")),
                attr("1.2.840.113549.1.9.4", digest.clone()),
            ],
            ErrorCode::BadCms,
        ),
        // Duplicate messageDigest.
        (
            vec![
                attr("1.2.840.113549.1.9.3", oid(base.data)),
                attr("1.2.840.113549.1.9.4", digest.clone()),
                attr("1.2.840.113549.1.9.4", digest.clone()),
            ],
            ErrorCode::BadCms,
        ),
        // Two values.
        (
            vec![
                attr("1.2.840.113549.1.9.3", oid(base.data)),
                attr(
                    "1.2.840.113549.1.9.4",
                    [digest.clone(), digest.clone()].concat(),
                ),
            ],
            ErrorCode::BadCms,
        ),
        // cmsAlgorithmProtection naming SHA-256.
        (
            vec![
                attr("1.2.840.113549.1.9.3", oid(base.data)),
                attr("1.2.840.113549.1.9.4", digest.clone()),
                attr(
                    "1.2.840.113549.1.9.52",
                    seq(&[&seq(&[&oid("2.16.840.1.101.3.4.2.1")])]),
                ),
            ],
            ErrorCode::BadCms,
        ),
    ];
    for (i, (attrs, expected)) in cases.into_iter().enumerate() {
        let mut p = base.clone();
        p.attrs = Some(attrs);
        assert_eq!(
            code(check(&f, &p.build(&f), Some(CONTENT))),
            expected,
            "case {i}"
        );
    }
    // cmsAlgorithmProtection that matches, and the other data-OID flavour in the attribute.
    let mut p = base.clone();
    let mut attrs = vec![
        attr("1.2.840.113549.1.9.3", oid("1.2.840.113549.1.7.1")),
        attr("1.2.840.113549.1.9.4", digest.clone()),
        attr(
            "1.2.840.113549.1.9.52",
            seq(&[
                &seq(&[&oid("1.2.156.10197.1.401")]),
                &tlv(0xa1, &oid("1.2.156.10197.1.501")),
            ]),
        ),
    ];
    attrs.sort_by(|a, b| crate::x509::tlv::der_set_order(a, b));
    p.attrs = Some(attrs);
    let v = check(&f, &p.build(&f), Some(CONTENT)).expect("protection matches");
    assert_eq!(v.leniencies, vec![Leniency::DataOidFlavourMismatch]);
}

#[test]
fn pem_and_garbage() {
    let f = fixture();
    let p7 = sign_detached(
        CONTENT,
        &f.pki.leaf_key,
        &f.leaf,
        std::slice::from_ref(&f.ca),
        SIGNED_AT,
    )
    .expect("sign");
    let pem = der::pem::encode_string("PKCS7", der::pem::LineEnding::LF, &p7).expect("pem");
    check(&f, pem.as_bytes(), Some(CONTENT)).expect("PEM");
    let pem = der::pem::encode_string("CERTIFICATE", der::pem::LineEnding::LF, &p7).expect("pem");
    assert_eq!(
        code(check(&f, pem.as_bytes(), Some(CONTENT))),
        ErrorCode::BadPem
    );
    assert_eq!(code(check(&f, b"", Some(CONTENT))), ErrorCode::BadCms);
    assert_eq!(code(check(&f, b"hello", Some(CONTENT))), ErrorCode::BadCms);
    let mut trailing = p7.clone();
    trailing.push(0);
    assert_eq!(code(check(&f, &trailing, Some(CONTENT))), ErrorCode::BadCms);
    for cut in [1, 2, 10, p7.len() / 2, p7.len() - 1] {
        assert_eq!(
            code(check(&f, &p7[..cut], Some(CONTENT))),
            ErrorCode::BadCms,
            "cut {cut}"
        );
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        // Mutated, truncated or extended signatures (DER and BER) give a verdict or an
        // error code, never a panic.
        #[test]
        fn mutated_signatures_never_panic(
            ber in any::<bool>(),
            attached in any::<bool>(),
            flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..5),
            cut in any::<usize>(),
            tail in proptest::collection::vec(any::<u8>(), 0..3),
        ) {
            let f = fixture();
            let mut p = P7::new(&f);
            p.ber = ber;
            p.attached = attached;
            let mut bytes = p.build(&f);
            for (pos, x) in &flips {
                let i = pos % bytes.len();
                bytes[i] ^= x | 1;
            }
            bytes.truncate(1 + cut % bytes.len());
            bytes.extend_from_slice(&tail);
            match verify(&bytes, Some(CONTENT), &[], &f.verifier, NOW) {
                Ok(v) => prop_assert_eq!(v.signer, f.leaf),
                Err(e) => prop_assert!(e.code().as_u32() > 0),
            }
        }

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let f = fixture();
            let mut b = bytes.clone();
            if !b.is_empty() { b[0] = 0x30; }
            prop_assert!(verify(&b, None, &[], &f.verifier, NOW).is_err());
            prop_assert!(verify(&bytes, Some(b"x"), &[], &f.verifier, NOW).is_err());
        }
    }
}
