//! Making GB/T 38540 v4 seals: the bytes parse with the seal reader and the maker's
//! signature verifies.

use govcred::seal::ses::{CertList, SesVersion, parse_seal};
use govcred::seal::{Leniencies, SealSpec, make_seal, read_sm2_signature};
use govcred::sm2::{DEFAULT_ID, PrivateKey, VerifyingKey};
use govcred::x509::Certificate;

fn vector(name: &str) -> String {
    format!("{}/tests/vectors/x509/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn cert(name: &str) -> Certificate {
    Certificate::decode(&std::fs::read(vector(name)).unwrap()).unwrap()
}

fn key(name: &str) -> PrivateKey {
    PrivateKey::from_pem(&std::fs::read_to_string(vector(&format!("keys/{name}"))).unwrap())
        .unwrap()
}

fn spec<'a>(signers: &'a [Certificate]) -> SealSpec<'a> {
    SealSpec {
        vid: "govcred",
        es_id: "GOVCRED-TEST-0001",
        seal_type: 1,
        name: "测试电子印章",
        signers,
        created: 1_767_225_600,
        valid_start: 1_767_225_600,
        valid_end: 1_830_297_600,
        picture_type: "png",
        picture: b"\x89PNG\r\n\x1a\n",
        width_mm: 40,
        height_mm: 40,
    }
}

#[test]
fn made_seal_parses_and_maker_signature_verifies() {
    let signers = [cert("ok-signer.pem")];
    let maker = cert("ok-seal-maker.pem");
    let bytes = make_seal(&spec(&signers), &key("seal-maker.key.pem"), &maker).unwrap();
    let mut notes = Leniencies::default();
    let seal = parse_seal(&bytes, &mut notes).unwrap();
    assert!(notes.as_slice().is_empty(), "{notes:?}");
    assert_eq!(seal.version, SesVersion::V4);
    assert_eq!(seal.name, "测试电子印章");
    assert_eq!(seal.es_id, "GOVCRED-TEST-0001");
    assert_eq!(
        seal.cert_list,
        CertList::Certificates(vec![signers[0].to_der()])
    );
    assert_eq!(seal.valid_end.unix, 1_830_297_600);
    assert_eq!(seal.maker_cert, maker.to_der());
    assert_eq!(seal.maker_alg, "1.2.156.10197.1.501");
    let sig = read_sm2_signature(seal.maker_signature, &mut notes).unwrap();
    VerifyingKey::new(maker.public_key(), DEFAULT_ID)
        .unwrap()
        .verify(&seal.maker_signed, &sig)
        .unwrap();
    // Deterministic.
    let again = make_seal(&spec(&signers), &key("seal-maker.key.pem"), &maker).unwrap();
    assert_eq!(bytes, again);
}

#[test]
fn wrong_key_and_bad_inputs_are_errors() {
    let signers = [cert("ok-signer.pem")];
    let maker = cert("ok-seal-maker.pem");
    let e = make_seal(&spec(&signers), &key("signer.key.pem"), &maker).unwrap_err();
    assert_eq!(e.code(), govcred::ErrorCode::BadPrivateKey);
    let mut s = spec(&[]);
    assert!(make_seal(&s, &key("seal-maker.key.pem"), &maker).is_err());
    s = spec(&signers);
    s.es_id = "非ASCII";
    assert!(make_seal(&s, &key("seal-maker.key.pem"), &maker).is_err());
    s = spec(&signers);
    s.valid_end = s.valid_start - 1;
    assert!(make_seal(&s, &key("seal-maker.key.pem"), &maker).is_err());
    s = spec(&signers);
    s.created = -1;
    assert!(make_seal(&s, &key("seal-maker.key.pem"), &maker).is_err());
}

#[test]
fn made_ses_signature_parses_and_verifies() {
    use govcred::seal::make_ses_signature;
    use govcred::seal::ses::parse_signature;
    let signers = [cert("ok-signer.pem")];
    let maker = cert("ok-seal-maker.pem");
    let seal = make_seal(&spec(&signers), &key("seal-maker.key.pem"), &maker).unwrap();
    let xml = b"<ofd:Signature/>";
    let path = "Doc_0/Signs/Sign_0/Signature.xml";
    let sv = make_ses_signature(
        &seal,
        xml,
        path,
        1_780_000_000,
        &key("signer.key.pem"),
        &signers[0],
    )
    .unwrap();
    let mut notes = Leniencies::default();
    let s = parse_signature(&sv, &mut notes).unwrap();
    assert!(notes.as_slice().is_empty(), "{notes:?}");
    assert_eq!(s.version, SesVersion::V4);
    assert_eq!(s.seal.raw, seal.as_slice());
    assert_eq!(s.property_info, path);
    assert_eq!(s.time.unix, 1_780_000_000);
    assert_eq!(s.data_hash, govcred::sm3::sm3(xml).as_slice());
    assert_eq!(s.signer_cert, signers[0].to_der());
    let sig = read_sm2_signature(s.signature, &mut notes).unwrap();
    VerifyingKey::new(signers[0].public_key(), DEFAULT_ID)
        .unwrap()
        .verify(s.tbs_raw, &sig)
        .unwrap();
    // Wrong key, and a seal that is not one.
    assert!(
        make_ses_signature(&seal, xml, path, 0, &key("seal-maker.key.pem"), &signers[0]).is_err()
    );
    assert!(
        make_ses_signature(
            b"\x30\x00",
            xml,
            path,
            0,
            &key("signer.key.pem"),
            &signers[0]
        )
        .is_err()
    );
}
