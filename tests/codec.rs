//! Runs the base45 and QR framing vectors in tests/vectors/codec/ and the bound checks.

use std::path::Path;

use govcred::ErrorCode;
use govcred::codec::{self, CodecError, MAX_INFLATED, MAX_QR_TEXT, Prefix};
use govcred::internal::{base45, zlib};
use serde_json::Value;

fn rows(file: &str) -> Vec<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors/codec")
        .join(file);
    std::fs::read_to_string(path)
        .expect("read")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect()
}

fn field<'a>(row: &'a Value, key: &str) -> &'a str {
    row[key]
        .as_str()
        .unwrap_or_else(|| panic!("{row}: missing {key}"))
}

fn check_bytes(row: &Value, got: &[u8]) {
    let name = field(row, "name");
    if let Some(hex) = row["hex"].as_str() {
        assert_eq!(govcred::internal::hex::encode(got), hex, "{name}");
    } else {
        let len = row["len"]
            .as_u64()
            .unwrap_or_else(|| panic!("{name}: no hex or len"));
        assert_eq!(got.len() as u64, len, "{name}");
    }
}

fn check_name(row: &Value) {
    let name = field(row, "name");
    assert_eq!(
        name.starts_with("valid-"),
        field(row, "expected") == "Ok",
        "{name}: name and outcome disagree"
    );
}

#[test]
fn base45_vectors() {
    let rows = rows("base45.jsonl");
    assert!(rows.len() >= 18);
    for row in &rows {
        check_name(row);
        let (name, text, expected) = (
            field(row, "name"),
            field(row, "text"),
            field(row, "expected"),
        );
        match base45::decode(text) {
            Ok(bytes) => {
                assert_eq!(expected, "Ok", "{name}: decoded but expected {expected}");
                check_bytes(row, &bytes);
                assert_eq!(base45::encode(&bytes), text, "{name}: encode");
            }
            Err(e) => assert_eq!(e.code().name(), expected, "{name}: {e}"),
        }
    }
}

#[test]
fn qr_vectors() {
    let rows = rows("qr.jsonl");
    assert!(rows.len() >= 21);
    for row in &rows {
        check_name(row);
        let (name, text, expected) = (
            field(row, "name"),
            field(row, "text"),
            field(row, "expected"),
        );
        match codec::decode_qr(text) {
            Ok((prefix, bytes)) => {
                assert_eq!(expected, "Ok", "{name}: decoded but expected {expected}");
                assert_eq!(prefix.as_str(), field(row, "prefix"), "{name}");
                assert_eq!(codec::detect(text), Ok(prefix), "{name}");
                check_bytes(row, &bytes);
            }
            Err(e) => assert_eq!(e.code().name(), expected, "{name}: {e}"),
        }
    }
}

#[test]
fn valid_qr_vector_decodes_and_verifies_end_to_end() {
    let rows = rows("qr.jsonl");
    let row = rows
        .iter()
        .find(|r| r["name"] == "valid-wrapped-by-scanner")
        .unwrap();
    let (prefix, cose) = govcred::decode(field(row, "text")).unwrap();
    assert_eq!(prefix, Prefix::License);
    let key = govcred::sm2::SigningKey::new(
        govcred::sm2::PrivateKey::from_hex(
            "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8",
        )
        .unwrap(),
        govcred::sm2::DEFAULT_ID,
    )
    .unwrap();
    cose.verify(&key.verifying_key()).unwrap();
}

#[test]
fn ten_megabyte_zlib_bomb_stops_at_the_cap() {
    let bomb = zlib::compress(&vec![0u8; 10 * 1024 * 1024]);
    assert_eq!(
        zlib::decompress(&bomb, MAX_INFLATED),
        Err(CodecError::InflateTooLarge { max: MAX_INFLATED })
    );
    // Small enough to fit in a QR text, so the whole door must refuse it too.
    let text = format!("CC1:{}", base45::encode(&bomb));
    assert!(
        text.len() <= MAX_QR_TEXT,
        "bomb text is {} bytes",
        text.len()
    );
    assert_eq!(
        codec::decode_qr(&text).unwrap_err().code(),
        ErrorCode::InflateTooLarge
    );
    assert_eq!(
        govcred::decode(&text).unwrap_err().code(),
        ErrorCode::InflateTooLarge
    );
}

#[test]
fn oversized_text_is_refused_before_decoding() {
    // Valid prefix and alphabet: only the size can reject it.
    let at_limit = format!("EL1:{}", "0".repeat(MAX_QR_TEXT - 4));
    assert_eq!(at_limit.len(), MAX_QR_TEXT);
    assert_ne!(
        codec::decode_qr(&at_limit).unwrap_err().code(),
        ErrorCode::TooLarge
    );
    let over = format!("{at_limit}0");
    assert_eq!(
        codec::decode_qr(&over),
        Err(CodecError::TooLarge {
            len: MAX_QR_TEXT + 1,
            max: MAX_QR_TEXT
        })
    );
    assert_eq!(
        codec::detect(&over).unwrap_err().code(),
        ErrorCode::TooLarge
    );
    // Even garbage with no prefix is reported as too large first.
    let garbage = "\u{0}".repeat(MAX_QR_TEXT + 1);
    assert_eq!(
        govcred::decode(&garbage).unwrap_err().code(),
        ErrorCode::TooLarge
    );
    // Whitespace counts: the limit is on the text as given.
    let padded = format!("{}{at_limit}", " ".repeat(10));
    assert_eq!(
        codec::detect(&padded).unwrap_err().code(),
        ErrorCode::TooLarge
    );
}

/// One limit for a credential's COSE_Sign1 (16 KiB, [`codec::MAX_INFLATED`]): exactly the cap
/// inflates, one byte more is `InflateTooLarge`, and issuers refuse to frame more.
#[test]
fn inflated_cose_limit_is_sixteen_kib() {
    assert_eq!(codec::MAX_INFLATED, 16 * 1024);
    let at_cap = vec![0x5a; codec::MAX_INFLATED];
    let qr = codec::encode_qr(Prefix::ColorCode, &at_cap);
    assert_eq!(
        codec::decode_qr(&qr).expect("at the cap"),
        (Prefix::ColorCode, at_cap.clone())
    );
    let over = vec![0x5a; codec::MAX_INFLATED + 1];
    let qr = codec::encode_qr(Prefix::ColorCode, &over);
    let err = govcred::Error::from(codec::decode_qr(&qr).unwrap_err());
    assert_eq!(err.code(), ErrorCode::InflateTooLarge);
    assert_eq!(
        govcred::decode(&qr).unwrap_err().code(),
        ErrorCode::InflateTooLarge
    );
    assert!(codec::encode_credential(Prefix::ColorCode, &at_cap).is_ok());
    assert_eq!(
        govcred::Error::from(codec::encode_credential(Prefix::ColorCode, &over).unwrap_err())
            .code(),
        ErrorCode::TooLarge
    );
}
