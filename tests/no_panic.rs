//! Property tests: every decoder is total on arbitrary input, the encoders round-trip,
//! and no edit of a signed COSE_Sign1 is accepted.

use std::collections::HashSet;

use govcred::codec::{self, Prefix};
use govcred::cose::{self, CoseSign1};
use govcred::internal::cbor::{self, Value};
use govcred::internal::{base45, zlib};
use govcred::sm2::{DEFAULT_ID, PrivateKey, SigningKey};
use proptest::prelude::*;

const TEST_KEY: &str = "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8";

fn signing_key() -> SigningKey {
    SigningKey::new(PrivateKey::from_hex(TEST_KEY).unwrap(), DEFAULT_ID).unwrap()
}

fn valid_cose() -> Vec<u8> {
    let payload = govcred::internal::hex::decode(
        "a30173676f7663726564207465737420697373756572061a67748580041a6955b900",
    )
    .unwrap();
    cose::sign(&payload, &signing_key()).unwrap()
}

// Bytes biased towards CBOR heads that open containers, tags and long lengths, so random
// input reaches past the first byte more often.
fn cbor_ish() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![
        4 => any::<u8>(),
        1 => Just(0x81u8),
        1 => Just(0x84u8),
        1 => Just(0xa1u8),
        1 => Just(0xa2u8),
        1 => Just(0xd2u8),
        1 => Just(0x9fu8),
        1 => Just(0xffu8),
        1 => Just(0x58u8),
        1 => Just(0x48u8),
        1 => Just(0x01u8),
        1 => Just(0x04u8),
        1 => Just(0x3au8),
        1 => Just(0x1bu8),
        1 => Just(0xf9u8),
        1 => Just(0xfau8),
        1 => Just(0xfbu8),
    ];
    prop::collection::vec(byte, 0..96)
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        any::<i64>().prop_map(|n| Value::Integer(n.into())),
        any::<u64>().prop_map(|n| Value::Integer(n.into())),
        any::<u64>().prop_map(|n| Value::Integer(-1 - i128::from(n))),
        prop::collection::vec(any::<u8>(), 0..40).prop_map(Value::Bytes),
        ".{0,20}".prop_map(Value::Text),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Null),
        any::<f64>()
            .prop_filter("NaN is never equal to itself", |f| !f.is_nan())
            .prop_map(Value::Float),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((inner.clone(), inner.clone()), 0..6).prop_map(|entries| {
                let mut seen = HashSet::new();
                Value::Map(
                    entries
                        .into_iter()
                        .filter(|(k, _)| seen.insert(cbor::encode(k)))
                        .collect(),
                )
            }),
            (any::<u64>(), inner).prop_map(|(t, v)| Value::Tag(t, Box::new(v))),
        ]
    })
}

proptest! {
    #[test]
    fn byte_decoders_are_total(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = cbor::decode(&bytes);
        let _ = CoseSign1::decode(&bytes);
        let _ = zlib::decompress(&bytes, 4096);
    }

    #[test]
    fn cbor_shaped_input_is_total(bytes in cbor_ish()) {
        let _ = cbor::decode(&bytes);
        let _ = CoseSign1::decode(&bytes);
        if let Ok(v) = cbor::decode(&bytes) {
            // Whatever the strict decoder accepts is already in deterministic form.
            prop_assert_eq!(cbor::encode(&v), bytes);
        }
    }

    #[test]
    fn text_decoders_are_total(text in any::<String>()) {
        let _ = codec::decode_qr(&text);
        let _ = codec::detect(&text);
        let _ = base45::decode(&text);
        let _ = govcred::decode(&text);
    }

    #[test]
    fn base45_shaped_qr_text_is_total(
        text in "(EL1:|CC1:|el1:)?[0-9A-Z $%*+./:\\-\r\n\t]{0,400}"
    ) {
        let _ = codec::decode_qr(&text);
        if let Err(e) = govcred::decode(&text) {
            prop_assert!(!e.message().is_empty());
        }
    }

    #[test]
    fn cbor_round_trips(v in value()) {
        let bytes = cbor::encode(&v);
        prop_assert_eq!(cbor::decode(&bytes), Ok(v));
    }

    #[test]
    fn base45_and_zlib_round_trip(data in prop::collection::vec(any::<u8>(), 0..2048)) {
        prop_assert_eq!(base45::decode(&base45::encode(&data)), Ok(data.clone()));
        prop_assert_eq!(zlib::decompress(&zlib::compress(&data), data.len()), Ok(data.clone()));
        let text = codec::encode_qr(Prefix::ColorCode, &data);
        prop_assert_eq!(codec::decode_qr(&text), Ok((Prefix::ColorCode, data)));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    // Any change to a signed COSE_Sign1 either fails to decode or fails to verify.
    #[test]
    fn no_edit_of_a_signed_message_verifies(
        index in any::<prop::sample::Index>(),
        edit in 0u8..4,
        byte in any::<u8>(),
    ) {
        let original = valid_cose();
        let mut bytes = original.clone();
        let i = index.index(bytes.len());
        match edit {
            0 => bytes[i] = byte,
            1 => bytes[i] ^= 1 << (byte % 8),
            2 => bytes.truncate(i),
            _ => bytes.insert(i, byte),
        }
        prop_assume!(bytes != original);
        let key = signing_key().verifying_key();
        let accepted = CoseSign1::decode(&bytes).and_then(|c| c.verify(&key)).is_ok();
        prop_assert!(!accepted, "edited message verified: {}", govcred::internal::hex::encode(&bytes));
    }
}
