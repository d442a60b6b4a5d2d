use super::testpki::*;
use super::*;
use crate::error::ErrorCode;

const NOW: i64 = 1_800_000_000;

fn cert(der: &[u8]) -> Certificate {
    Certificate::from_der(der).expect("certificate parses")
}

fn code(r: crate::Result<impl std::fmt::Debug>) -> ErrorCode {
    r.expect_err("must fail").code()
}

fn verify(pki: &Pki) -> crate::Result<Vec<Certificate>> {
    let v = CertVerifier::new(vec![cert(&pki.root_der())])?;
    v.verify(
        &cert(&pki.leaf_der()),
        &[cert(&pki.ca_der())],
        NOW,
        KeyPurpose::Signing,
    )
}

#[test]
fn parses_the_fields() {
    let pki = Pki::new();
    let leaf = cert(&pki.leaf_der());
    assert_eq!(leaf.subject(), "CN=Signer,O=govcred test");
    assert_eq!(leaf.issuer(), "CN=CA,O=govcred test");
    assert_eq!(leaf.serial(), &[0x00, 0x93]);
    assert_eq!(leaf.not_before(), 1_700_000_000);
    assert_eq!(leaf.not_after(), 2_000_000_000);
    assert_eq!(leaf.subject_key_id(), Some(&b"leaf-key-id"[..]));
    assert_eq!(leaf.authority_key_id(), Some(&b"ca-key-id"[..]));
    assert_eq!(
        leaf.key_usage(),
        Some(KeyUsage::DIGITAL_SIGNATURE | KeyUsage::NON_REPUDIATION)
    );
    assert!(!leaf.is_ca());
    assert_eq!(leaf.path_len(), None);
    assert_eq!(leaf.public_key(), *pki.leaf_key.public_key());
    assert_eq!(leaf.to_der(), pki.leaf_der().as_slice());
    assert_eq!(leaf.tbs_der(), pki.leaf.tbs().as_slice());
    assert_eq!(leaf.version(), 3);
    let root = cert(&pki.root_der());
    assert!(root.is_ca());
    assert_eq!(root.path_len(), Some(1));
    assert!(root.is_self_issued());
    // Debug shows no name.
    assert!(!format!("{leaf:?}").contains("Signer"));
}

#[test]
fn pem_and_decode() {
    let pki = Pki::new();
    let leaf = cert(&pki.leaf_der());
    let pem = leaf.to_pem();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----\n"));
    assert_eq!(Certificate::from_pem(&pem).expect("pem"), leaf);
    assert_eq!(Certificate::decode(pem.as_bytes()).expect("decode"), leaf);
    assert_eq!(Certificate::decode(leaf.to_der()).expect("decode"), leaf);
    let both = format!("{}junk between\n{}", cert(&pki.ca_der()).to_pem(), pem);
    let all = Certificate::decode_all(both.as_bytes()).expect("all");
    assert_eq!(all.len(), 2);
    assert_eq!(all[1], leaf);
    assert_eq!(
        code(Certificate::from_pem("no pem here")),
        ErrorCode::BadPem
    );
    assert_eq!(
        code(Certificate::from_pem(
            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"
        )),
        ErrorCode::BadPem
    );
    assert_eq!(code(Certificate::decode(b"")), ErrorCode::BadCertificate);
    assert_eq!(
        code(Certificate::decode(&[0xff, 0xfe])),
        ErrorCode::BadCertificate
    );
}

#[test]
fn signature_over_tbs_as_received() {
    let pki = Pki::new();
    let leaf = cert(&pki.leaf_der());
    let ca = cert(&pki.ca_der());
    leaf.verify_signed_by(&ca).expect("CA signed the leaf");
    assert_eq!(
        code(leaf.verify_signed_by(&leaf)),
        ErrorCode::SignatureInvalid
    );
    // Signed with the empty ID (OpenSSL without -sigopt distid:) does not verify.
    let mut empty_id = pki.leaf.clone();
    empty_id.id = Vec::new();
    let bad = cert(&empty_id.sign(&pki.ca_key));
    assert_eq!(code(bad.verify_signed_by(&ca)), ErrorCode::SignatureInvalid);
}

#[test]
fn signature_algorithm_parameters_absent_or_null() {
    let pki = Pki::new();
    let ca = cert(&pki.ca_der());
    let mut with_null = pki.leaf.clone();
    with_null.alg = seq(&[&oid("1.2.156.10197.1.501"), &[0x05, 0x00]]);
    cert(&with_null.sign(&pki.ca_key))
        .verify_signed_by(&ca)
        .expect("NULL parameters accepted");
    let mut with_other = pki.leaf.clone();
    with_other.alg = seq(&[&oid("1.2.156.10197.1.501"), &int(&[1])]);
    assert_eq!(
        code(Certificate::from_der(&with_other.sign(&pki.ca_key))),
        ErrorCode::BadCertificate
    );
    for other in [
        "1.2.840.10045.4.3.2",
        "1.2.840.113549.1.1.11",
        "1.2.156.10197.1.504",
    ] {
        let mut s = pki.leaf.clone();
        s.alg = seq(&[&oid(other)]);
        assert_eq!(
            code(Certificate::from_der(&s.sign(&pki.ca_key))),
            ErrorCode::UnsupportedAlgorithm,
            "{other}"
        );
    }
}

#[test]
fn outer_and_inner_algorithms_must_agree() {
    let pki = Pki::new();
    let tbs = pki.leaf.tbs();
    let null_alg = seq(&[&oid("1.2.156.10197.1.501"), &[0x05, 0x00]]);
    let der = seq(&[&tbs, &null_alg, &bits(&[0x30, 0x00])]);
    assert_eq!(code(Certificate::from_der(&der)), ErrorCode::BadCertificate);
}

fn spki_cert(pki: &Pki, spki: &[u8]) -> Vec<u8> {
    // Replace the SPKI in the leaf's TBS with `spki`.
    let tbs = pki.leaf.tbs();
    let mut r = tlv::Reader::der(&tbs);
    let t = r.read().expect("tbs");
    let mut c = t.children(false, 0).expect("children");
    let mut parts: Vec<Vec<u8>> = Vec::new();
    while !c.is_empty() {
        let item = c.read().expect("item");
        parts.push(item.raw.to_vec());
    }
    parts[6] = spki.to_vec();
    let tbs = seq(&parts.iter().map(|p| p.as_slice()).collect::<Vec<_>>());
    seq(&[&tbs, SM2_SM3_ALG, &bits(&[0x30, 0x00])])
}

#[test]
fn non_sm2_keys_are_unsupported() {
    let pki = Pki::new();
    let p256 = seq(&[
        &seq(&[&oid("1.2.840.10045.2.1"), &oid("1.2.840.10045.3.1.7")]),
        &bits(&pki.leaf_key.public_key().to_uncompressed()),
    ]);
    assert_eq!(
        code(Certificate::from_der(&spki_cert(&pki, &p256))),
        ErrorCode::UnsupportedAlgorithm
    );
    let rsa = seq(&[
        &seq(&[&oid("1.2.840.113549.1.1.1"), &[0x05, 0x00]]),
        &bits(&[0x30, 0x00]),
    ]);
    assert_eq!(
        code(Certificate::from_der(&spki_cert(&pki, &rsa))),
        ErrorCode::UnsupportedAlgorithm
    );
    let off_curve = seq(&[
        &seq(&[&oid("1.2.840.10045.2.1"), &oid("1.2.156.10197.1.301")]),
        &bits(&[4u8; 65]),
    ]);
    assert_eq!(
        code(Certificate::from_der(&spki_cert(&pki, &off_curve))),
        ErrorCode::BadCertificate
    );
}

#[test]
fn structure_errors() {
    let pki = Pki::new();
    let mut der = pki.leaf_der();
    der.push(0);
    assert_eq!(code(Certificate::from_der(&der)), ErrorCode::BadCertificate);
    let der = pki.leaf_der();
    for cut in [0, 1, 2, 10, der.len() / 2, der.len() - 1] {
        assert_eq!(
            code(Certificate::from_der(&der[..cut])),
            ErrorCode::BadCertificate,
            "cut at {cut}"
        );
    }
    let big = vec![0x30; MAX_CERT_LEN + 1];
    assert_eq!(code(Certificate::from_der(&big)), ErrorCode::TooLarge);
    // Duplicate extensions.
    let mut dup = pki.leaf.clone();
    dup.extensions.push(ski(b"again"));
    assert_eq!(
        code(Certificate::from_der(&dup.sign(&pki.ca_key))),
        ErrorCode::BadCertificate
    );
}

#[test]
fn openssl_made_chain() {
    // `openssl req -x509 -sm3 -sigopt distid:1234567812345678` root and an
    // `openssl x509 -req` leaf (commands in tests/vectors/x509/govcred/README.md).
    let root = Certificate::from_pem(include_str!(
        "../../tests/vectors/x509/govcred/openssl-root.pem"
    ))
    .expect("root");
    let leaf = Certificate::from_pem(include_str!(
        "../../tests/vectors/x509/govcred/openssl-leaf.pem"
    ))
    .expect("leaf");
    assert_eq!(root.subject(), "CN=Root CA,O=测试,C=CN");
    assert_eq!(leaf.issuer(), root.subject());
    assert_eq!(
        leaf.key_usage(),
        Some(KeyUsage::DIGITAL_SIGNATURE | KeyUsage::NON_REPUDIATION)
    );
    assert_eq!(leaf.authority_key_id(), root.subject_key_id());
    let v = CertVerifier::new(vec![root.clone()]).expect("verifier");
    let chain = v
        .verify(&leaf, &[], leaf.not_before() + 10, KeyPurpose::Signing)
        .expect("openssl chain verifies");
    assert_eq!(chain, vec![leaf.clone(), root]);
}

// --- chains ---

#[test]
fn three_level_chain() {
    let pki = Pki::new();
    let chain = verify(&pki).expect("chain verifies");
    assert_eq!(chain.len(), 3);
    assert_eq!(chain[0].subject(), "CN=Signer,O=govcred test");
    assert_eq!(chain[2].subject(), "CN=Root,O=govcred test");
    // Intermediates in any order, with unrelated certificates among them.
    let v = CertVerifier::new(vec![cert(&pki.root_der())]).expect("v");
    let unrelated = cert(&Spec::new("Other", "Other", *key(9).public_key()).sign(&key(9)));
    let chain = v
        .verify(
            &cert(&pki.leaf_der()),
            &[unrelated, cert(&pki.root_der()), cert(&pki.ca_der())],
            NOW,
            KeyPurpose::Any,
        )
        .expect("chain verifies");
    assert_eq!(chain.len(), 3);
    // A pinned leaf is its own chain.
    let v = CertVerifier::new(vec![cert(&pki.ca_der())]).expect("v");
    let chain = v
        .verify(&cert(&pki.ca_der()), &[], NOW, KeyPurpose::Any)
        .expect("pinned");
    assert_eq!(chain.len(), 1);
    assert_eq!(code(CertVerifier::new(vec![])), ErrorCode::InvalidArgument);
}

#[test]
fn missing_intermediate_or_wrong_root_is_untrusted() {
    let pki = Pki::new();
    let v = CertVerifier::new(vec![cert(&pki.root_der())]).expect("v");
    assert_eq!(
        code(v.verify(&cert(&pki.leaf_der()), &[], NOW, KeyPurpose::Signing)),
        ErrorCode::UntrustedCertificate
    );
    let other = cert(&Spec::new("Other", "Other", *key(9).public_key()).sign(&key(9)));
    let v = CertVerifier::new(vec![other]).expect("v");
    assert_eq!(
        code(v.verify(
            &cert(&pki.leaf_der()),
            &[cert(&pki.ca_der())],
            NOW,
            KeyPurpose::Signing
        )),
        ErrorCode::UntrustedCertificate
    );
    // A root with the pinned root's name but another key: AKI/SKI differ, so no candidate.
    let mut impostor = pki.root.clone();
    impostor.key = *key(9).public_key();
    impostor.extensions[2] = ski(b"impostor");
    let v = CertVerifier::new(vec![cert(&impostor.sign(&key(9)))]).expect("v");
    assert_eq!(
        code(v.verify(
            &cert(&pki.leaf_der()),
            &[cert(&pki.ca_der())],
            NOW,
            KeyPurpose::Signing
        )),
        ErrorCode::UntrustedCertificate
    );
    // Same name, no key identifiers: a candidate whose signature fails.
    let mut impostor = pki.root.clone();
    impostor.key = *key(9).public_key();
    impostor.extensions.truncate(2);
    let mut ca = pki.ca.clone();
    ca.extensions.truncate(2);
    let v = CertVerifier::new(vec![cert(&impostor.sign(&key(9)))]).expect("v");
    assert_eq!(
        code(v.verify(
            &cert(&pki.leaf_der()),
            &[cert(&ca.sign(&pki.root_key))],
            NOW,
            KeyPurpose::Signing
        )),
        ErrorCode::SignatureInvalid
    );
}

#[test]
fn validity_of_every_certificate() {
    let pki = Pki::new();
    let v = CertVerifier::new(vec![cert(&pki.root_der())]).expect("v");
    let leaf = cert(&pki.leaf_der());
    let ca = cert(&pki.ca_der());
    for (now, ok) in [
        (1_699_999_999, false),
        (1_700_000_000, true),
        (2_000_000_000, true),
        (2_000_000_001, false),
    ] {
        let r = v.verify(&leaf, std::slice::from_ref(&ca), now, KeyPurpose::Signing);
        if ok {
            r.expect("inside validity");
        } else {
            assert_eq!(code(r), ErrorCode::CertificateExpired, "{now}");
        }
    }
    // An expired intermediate, an expired root.
    let mut old_ca = pki.ca.clone();
    old_ca.not_after = NOW - 1;
    assert_eq!(
        code(v.verify(
            &leaf,
            &[cert(&old_ca.sign(&pki.root_key))],
            NOW,
            KeyPurpose::Signing
        )),
        ErrorCode::CertificateExpired
    );
    let mut young_root = pki.root.clone();
    young_root.not_before = NOW + 1;
    let v2 = CertVerifier::new(vec![cert(&young_root.sign(&pki.root_key))]).expect("v");
    let e = v2
        .verify(&leaf, std::slice::from_ref(&ca), NOW, KeyPurpose::Signing)
        .expect_err("root not yet valid");
    assert_eq!(e.code(), ErrorCode::CertificateExpired);
    assert!(e.message().contains("depth 2"), "{}", e.message());
    assert!(e.message().contains("not yet valid"), "{}", e.message());
}

#[test]
fn issuers_must_be_cas_with_cert_sign() {
    let pki = Pki::new();
    let leaf = cert(&pki.leaf_der());
    let v = CertVerifier::new(vec![cert(&pki.root_der())]).expect("v");
    let mut not_ca = pki.ca.clone();
    not_ca.extensions[0] = basic_constraints(false, None);
    assert_eq!(
        code(v.verify(
            &leaf,
            &[cert(&not_ca.sign(&pki.root_key))],
            NOW,
            KeyPurpose::Signing
        )),
        ErrorCode::CertificateNotCa
    );
    let mut no_bc = pki.ca.clone();
    no_bc.extensions.remove(0);
    assert_eq!(
        code(v.verify(
            &leaf,
            &[cert(&no_bc.sign(&pki.root_key))],
            NOW,
            KeyPurpose::Signing
        )),
        ErrorCode::CertificateNotCa
    );
    let mut no_cert_sign = pki.ca.clone();
    no_cert_sign.extensions[1] = key_usage(0x80);
    assert_eq!(
        code(v.verify(
            &leaf,
            &[cert(&no_cert_sign.sign(&pki.root_key))],
            NOW,
            KeyPurpose::Signing
        )),
        ErrorCode::KeyUsageNotAllowed
    );
    // No keyUsage at all on a CA: allowed.
    let mut no_ku = pki.ca.clone();
    no_ku.extensions.remove(1);
    v.verify(
        &leaf,
        &[cert(&no_ku.sign(&pki.root_key))],
        NOW,
        KeyPurpose::Signing,
    )
    .expect("CA without keyUsage");
}

#[test]
fn leaf_key_usage_for_signing() {
    let pki = Pki::new();
    let v = CertVerifier::new(vec![cert(&pki.root_der())]).expect("v");
    let ca = cert(&pki.ca_der());
    let mut enc = pki.leaf.clone();
    enc.extensions[0] = key_usage(0x20); // keyEncipherment
    let enc = cert(&enc.sign(&pki.ca_key));
    assert_eq!(
        code(v.verify(&enc, std::slice::from_ref(&ca), NOW, KeyPurpose::Signing)),
        ErrorCode::KeyUsageNotAllowed
    );
    v.verify(&enc, std::slice::from_ref(&ca), NOW, KeyPurpose::Any)
        .expect("any purpose");
    let mut nr = pki.leaf.clone();
    nr.extensions[0] = key_usage(0x40); // nonRepudiation only
    v.verify(
        &cert(&nr.sign(&pki.ca_key)),
        std::slice::from_ref(&ca),
        NOW,
        KeyPurpose::Signing,
    )
    .expect("nonRepudiation signs");
}

#[test]
fn path_length_constraints() {
    let pki = Pki::new();
    // CA pathLen 0 with one more CA below it.
    let sub_key = key(4);
    let mut sub = Spec::new("Sub CA", "CA", *sub_key.public_key());
    sub.extensions = vec![
        basic_constraints(true, None),
        aki(b"ca-key-id"),
        ski(b"sub-key-id"),
    ];
    let mut leaf = Spec::new("Signer", "Sub CA", *pki.leaf_key.public_key());
    leaf.extensions = vec![aki(b"sub-key-id")];
    let leaf = cert(&leaf.sign(&sub_key));
    let sub = cert(&sub.sign(&pki.ca_key));
    let v = CertVerifier::new(vec![cert(&pki.root_der())]).expect("v");
    assert_eq!(
        code(v.verify(
            &leaf,
            &[sub.clone(), cert(&pki.ca_der())],
            NOW,
            KeyPurpose::Signing
        )),
        ErrorCode::PathTooLong
    );
    // Lift the CA's limit: now the root's own pathLen 1 is exceeded (two CAs below it).
    let mut ca = pki.ca.clone();
    ca.extensions[0] = basic_constraints(true, None);
    let ca = cert(&ca.sign(&pki.root_key));
    let e = v
        .verify(&leaf, &[sub.clone(), ca.clone()], NOW, KeyPurpose::Signing)
        .expect_err("root pathLen");
    assert_eq!(e.code(), ErrorCode::PathTooLong);
    assert!(e.message().contains("depth 3"), "{}", e.message());
    // A root without a limit accepts the four-level chain.
    let mut root = pki.root.clone();
    root.extensions[0] = basic_constraints(true, None);
    let v = CertVerifier::new(vec![cert(&root.sign(&pki.root_key))]).expect("v");
    assert_eq!(
        v.verify(&leaf, &[sub, ca], NOW, KeyPurpose::Signing)
            .expect("no limit")
            .len(),
        4
    );
}

#[test]
fn depth_limit() {
    // A chain of 9 certificates (7 intermediates) under an unconstrained root.
    let keys: Vec<_> = (10..20).map(key).collect();
    let names: Vec<String> = (0..10).map(|i| format!("L{i}")).collect();
    let mut certs = Vec::new();
    let mut root = Spec::new(&names[0], &names[0], *keys[0].public_key());
    root.extensions = vec![basic_constraints(true, None)];
    certs.push(cert(&root.sign(&keys[0])));
    for i in 1..9 {
        let mut s = Spec::new(&names[i], &names[i - 1], *keys[i].public_key());
        s.extensions = vec![basic_constraints(true, None)];
        certs.push(cert(&s.sign(&keys[i - 1])));
    }
    let v = CertVerifier::new(vec![certs[0].clone()]).expect("v");
    let leaf = certs[8].clone();
    assert_eq!(
        code(v.verify(&leaf, &certs[1..8], NOW, KeyPurpose::Any)),
        ErrorCode::PathTooLong
    );
    // One level less (8 certificates) is within the limit.
    let leaf = certs[7].clone();
    assert_eq!(
        v.verify(&leaf, &certs[1..7], NOW, KeyPurpose::Any)
            .expect("8 deep")
            .len(),
        MAX_CHAIN_LEN
    );
}

#[test]
fn unknown_critical_extensions() {
    let pki = Pki::new();
    let v = CertVerifier::new(vec![cert(&pki.root_der())]).expect("v");
    let ca = cert(&pki.ca_der());
    let mut leaf = pki.leaf.clone();
    leaf.extensions.push(ext("1.2.3.4.5", true, &[0x05, 0x00]));
    let leaf_cert = cert(&leaf.sign(&pki.ca_key));
    assert_eq!(leaf_cert.unknown_critical_extension(), Some("1.2.3.4.5"));
    assert_eq!(
        code(v.verify(
            &leaf_cert,
            std::slice::from_ref(&ca),
            NOW,
            KeyPurpose::Signing
        )),
        ErrorCode::UnknownCriticalExtension
    );
    // Non-critical unknown: fine. Critical nameConstraints: refused (not enforced here).
    let mut leaf = pki.leaf.clone();
    leaf.extensions
        .push(ext("1.2.156.10260.4.1.1", false, &[0x05, 0x00]));
    v.verify(
        &cert(&leaf.sign(&pki.ca_key)),
        std::slice::from_ref(&ca),
        NOW,
        KeyPurpose::Signing,
    )
    .expect("non-critical private extension");
    let mut ca2 = pki.ca.clone();
    ca2.extensions.push(ext("2.5.29.30", true, &seq(&[])));
    assert_eq!(
        code(v.verify(
            &cert(&pki.leaf_der()),
            &[cert(&ca2.sign(&pki.root_key))],
            NOW,
            KeyPurpose::Signing
        )),
        ErrorCode::UnknownCriticalExtension
    );
}

#[test]
fn flipped_tbs_byte_fails_the_signature() {
    let pki = Pki::new();
    let v = CertVerifier::new(vec![cert(&pki.root_der())]).expect("v");
    let ca = cert(&pki.ca_der());
    let good = pki.leaf_der();
    let leaf = cert(&good);
    // Flip a byte inside the subject CN's value ("Signer" → "Rigner").
    let pos = good
        .windows(6)
        .position(|w| w == b"Signer")
        .expect("subject in DER");
    let mut bad = good.clone();
    bad[pos] ^= 0x01;
    let bad = cert(&bad);
    assert_eq!(
        code(v.verify(&bad, std::slice::from_ref(&ca), NOW, KeyPurpose::Signing)),
        ErrorCode::SignatureInvalid
    );
    // Flip the last byte of s.
    let mut bad = good.clone();
    let last = bad.len() - 1;
    bad[last] ^= 0x01;
    assert_eq!(
        code(v.verify(
            &cert(&bad),
            std::slice::from_ref(&ca),
            NOW,
            KeyPurpose::Signing
        )),
        ErrorCode::SignatureInvalid
    );
    v.verify(&leaf, &[ca], NOW, KeyPurpose::Signing)
        .expect("original still verifies");
}

#[test]
fn look_alike_issuers_are_searched_within_a_budget() {
    let pki = Pki::new();
    let v = CertVerifier::new(vec![cert(&pki.root_der())]).expect("v");
    // 100 certificates named "CA" with no key identifiers, none of which signed the leaf.
    let mut pile = Vec::new();
    for i in 0..100u8 {
        let mut s = Spec::new("CA", "Root", *key(30).public_key());
        s.serial = vec![1, i];
        s.extensions = vec![basic_constraints(true, None)];
        pile.push(cert(&s.sign(&pki.root_key)));
    }
    let mut leaf = pki.leaf.clone();
    leaf.extensions.truncate(1);
    let leaf = cert(&leaf.sign(&pki.ca_key));
    let e = v
        .verify(&leaf, &pile, NOW, KeyPurpose::Signing)
        .expect_err("no path");
    assert_eq!(e.code(), ErrorCode::SignatureInvalid);
    // The real CA after the pile is beyond the budget only if the pile used it up.
    pile.push(cert(&pki.ca_der()));
    let r = v.verify(&leaf, &pile, NOW, KeyPurpose::Signing);
    assert!(r.is_err());
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn corpus() -> Vec<Vec<u8>> {
        let pki = Pki::new();
        vec![
            pki.root_der(),
            pki.ca_der(),
            pki.leaf_der(),
            include_bytes!("../../tests/vectors/x509/govcred/openssl-leaf.der").to_vec(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        // Any mutation, truncation or extension parses to a certificate or an error code,
        // never a panic; a mutated certificate never verifies under the original root
        // unless the mutation left the signed parts intact.
        #[test]
        fn mutated_certificates_never_panic(
            which in 0usize..4,
            flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..6),
            cut in any::<usize>(),
            tail in proptest::collection::vec(any::<u8>(), 0..4),
        ) {
            let mut der = corpus()[which].clone();
            for (pos, x) in &flips {
                let i = pos % der.len();
                der[i] ^= x | 1;
            }
            let keep = 1 + cut % der.len();
            der.truncate(keep);
            der.extend_from_slice(&tail);
            match Certificate::from_der(&der) {
                Ok(c) => {
                    let pki = Pki::new();
                    let v = CertVerifier::new(vec![cert(&pki.root_der())]).expect("v");
                    let _ = v.verify(&c, &[cert(&pki.ca_der())], NOW, KeyPurpose::Any);
                    let _ = c.subject();
                }
                Err(e) => prop_assert!(e.code().as_u32() > 0),
            }
            let pem = format!("-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
                String::from_utf8_lossy(&der));
            let _ = Certificate::decode(pem.as_bytes());
        }

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = Certificate::decode(&bytes);
            let _ = Certificate::decode_all(&bytes);
        }
    }
}
