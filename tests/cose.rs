//! Runs every COSE_Sign1 vector in tests/vectors/cose/ and checks the profile's signer
//! against them.

use std::path::{Path, PathBuf};

use govcred::cose::{self, CoseSign1};
use govcred::sm2::{DEFAULT_ID, PrivateKey, PublicKey, SigningKey, VerifyingKey};
use govcred::{ErrorCode, codec};

const TEST_KEY: &str = "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8";

struct Vector {
    name: String,
    expected: String,
    bytes: Vec<u8>,
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/cose")
}

fn parse(name: &str, text: &str) -> Vector {
    let mut expected = None;
    let mut hex = String::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if let Some(rest) = line.strip_prefix("expected") {
            let value = rest.trim_start().strip_prefix('=').expect("expected = X");
            expected = Some(value.trim().to_owned());
        } else {
            hex.push_str(line);
        }
    }
    Vector {
        name: name.to_owned(),
        expected: expected.unwrap_or_else(|| panic!("{name}: no expected line")),
        bytes: govcred::internal::hex::decode(&hex).unwrap_or_else(|| panic!("{name}: bad hex")),
    }
}

fn vectors() -> Vec<Vector> {
    let mut out: Vec<Vector> = std::fs::read_dir(dir())
        .expect("vector dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            parse(&name, &std::fs::read_to_string(&p).expect("read"))
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn signing_key() -> SigningKey {
    SigningKey::new(PrivateKey::from_hex(TEST_KEY).unwrap(), DEFAULT_ID).unwrap()
}

fn verifying_key() -> VerifyingKey {
    signing_key().verifying_key()
}

fn outcome(bytes: &[u8], key: &VerifyingKey) -> ErrorCode {
    match CoseSign1::decode(bytes).and_then(|c| c.verify(key)) {
        Ok(()) => ErrorCode::Ok,
        Err(e) => e.code(),
    }
}

#[test]
fn every_vector_gives_its_expected_code() {
    let vectors = vectors();
    assert!(vectors.len() >= 23, "only {} vectors found", vectors.len());
    let key = verifying_key();
    let mut failures = Vec::new();
    for v in &vectors {
        let got = outcome(&v.bytes, &key);
        assert_eq!(
            v.name.starts_with("valid-"),
            v.expected == "Ok",
            "{}: file name and expected outcome disagree",
            v.name
        );
        if got.name() != v.expected {
            failures.push(format!(
                "{}: expected {}, got {}",
                v.name,
                v.expected,
                got.name()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// The same vectors through the QR door: framed, then decoded by the crate-level entry.
#[test]
fn vectors_through_the_qr_entry_point() {
    let key = verifying_key();
    for v in vectors() {
        let text = codec::encode_qr(codec::Prefix::License, &v.bytes);
        let got = match govcred::decode(&text) {
            Ok((prefix, c)) => {
                assert_eq!(prefix, codec::Prefix::License);
                match c.verify(&key) {
                    Ok(()) => ErrorCode::Ok,
                    Err(e) => e.code(),
                }
            }
            Err(e) => e.code(),
        };
        assert_eq!(got.name(), v.expected, "{}", v.name);
    }
}

fn vector(name: &str) -> Vector {
    let path = dir().join(format!("{name}.txt"));
    parse(name, &std::fs::read_to_string(path).expect("read"))
}

#[test]
fn valid_vector_is_reproducible() {
    let v = vector("valid-sm2-sm3");
    let decoded = CoseSign1::decode(&v.bytes).unwrap();
    let resigned = cose::sign(decoded.payload(), &signing_key()).unwrap();
    assert_eq!(resigned, v.bytes);
    let public = PublicKey::from_hex(
        "0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020\
         ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13",
    )
    .unwrap();
    assert_eq!(decoded.kid(), &public.kid());
    assert_eq!(
        govcred::internal::hex::encode(decoded.kid()),
        "e6a4f9765fca89e8"
    );
}

#[test]
fn kid_first_header_is_verified_as_received() {
    let v = vector("valid-protected-kid-first");
    let c = CoseSign1::decode(&v.bytes).unwrap();
    assert_eq!(
        govcred::internal::hex::encode(c.protected_bytes()),
        "a20448e6a4f9765fca89e8013a00010040"
    );
    assert_eq!(
        c.to_be_signed(),
        cose::sig_structure(c.protected_bytes(), c.payload())
    );
    // The canonical re-encoding differs, so a verifier that re-encoded would fail here.
    assert_ne!(c.protected_bytes(), cose::protected_header(c.kid()));
    c.verify(&verifying_key()).unwrap();
}

#[test]
fn another_key_does_not_verify() {
    let other = SigningKey::new(
        PrivateKey::from_hex("0000000000000000000000000000000000000000000000000000000000000001")
            .unwrap(),
        DEFAULT_ID,
    )
    .unwrap();
    let v = vector("valid-sm2-sm3");
    let c = CoseSign1::decode(&v.bytes).unwrap();
    assert_eq!(
        c.verify(&other.verifying_key()).unwrap_err().code(),
        ErrorCode::SignatureInvalid
    );
}

#[test]
fn closure_signer_produces_the_same_bytes() {
    let key = signing_key();
    let payload = b"\xa1\x07\x44\x01\x02\x03\x04";
    let direct = cose::sign(payload, &key).unwrap();
    let mut seen = Vec::new();
    let via_closure = cose::sign_with(payload, key.public_key().kid(), |tbs| {
        seen = tbs.to_vec();
        key.sign(tbs)
    })
    .unwrap();
    assert_eq!(direct, via_closure);
    let c = CoseSign1::decode(&direct).unwrap();
    assert_eq!(seen, c.to_be_signed());
    c.verify(&key.verifying_key()).unwrap();
}
