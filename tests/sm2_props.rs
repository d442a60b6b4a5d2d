//! Property tests: sign/verify round trips for random keys, messages and IDs (binary IDs up to
//! the 8191-byte limit), and rejection of every single-bit change.

use govcred::ErrorCode;
use govcred::sm2::{
    MAX_ID_LEN, PrivateKey, PublicKey, Signature, SignatureFormat, SigningKey, VerifyingKey, z_a,
};
use proptest::prelude::*;

fn private_key() -> impl Strategy<Value = PrivateKey> {
    // Almost every 32-byte string is in [1, n-2]; the filter drops the rest.
    any::<[u8; 32]>().prop_filter_map("not in [1, n-2]", |d| PrivateKey::from_bytes(&d).ok())
}

fn dist_id() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => proptest::collection::vec(any::<u8>(), 0..40),
        1 => proptest::collection::vec(any::<u8>(), 0..=MAX_ID_LEN),
        1 => proptest::collection::vec(any::<u8>(), MAX_ID_LEN - 2..=MAX_ID_LEN),
    ]
}

fn format() -> impl Strategy<Value = SignatureFormat> {
    prop_oneof![Just(SignatureFormat::Der), Just(SignatureFormat::Raw)]
}

fn flip(bytes: &[u8], bit: prop::sample::Index) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let i = bit.index(out.len() * 8);
    out[i / 8] ^= 1 << (i % 8);
    out
}

proptest! {
    #[test]
    fn round_trip(
        key in private_key(),
        msg in proptest::collection::vec(any::<u8>(), 0..600),
        id in dist_id(),
        form in format(),
    ) {
        let signer = SigningKey::new(key.clone(), &id).unwrap();
        let sig = signer.sign_encoded(&msg, form).unwrap();
        // The verifier is built from the public key alone, as a relying party would.
        let public = PublicKey::decode(&key.public_key().to_spki_der()).unwrap();
        let verifier = VerifyingKey::new(public, &id).unwrap();
        prop_assert_eq!(verifier.z(), signer.z());
        verifier.verify_encoded(&msg, &sig, form).unwrap();
        let randomized = signer.sign_randomized(&msg).unwrap();
        verifier.verify(&msg, &randomized).unwrap();
        // Both encodings carry the same (r, s).
        let parsed = Signature::decode(&sig, form).unwrap();
        prop_assert_eq!(Signature::from_der(&parsed.to_der()).unwrap(), parsed);
        prop_assert_eq!(Signature::from_raw(&parsed.to_raw()).unwrap(), parsed);
        prop_assert!(parsed.to_der().len() <= 72);
    }

    #[test]
    fn any_message_bit_flip_fails(
        key in private_key(),
        msg in proptest::collection::vec(any::<u8>(), 1..300),
        id in proptest::collection::vec(any::<u8>(), 0..40),
        bit in any::<prop::sample::Index>(),
    ) {
        let signer = SigningKey::new(key, &id).unwrap();
        let sig = signer.sign(&msg).unwrap();
        let tampered = flip(&msg, bit);
        prop_assert_eq!(
            signer.verifying_key().verify(&tampered, &sig).unwrap_err().code(),
            ErrorCode::SignatureInvalid
        );
    }

    #[test]
    fn any_signature_bit_flip_fails(
        key in private_key(),
        msg in proptest::collection::vec(any::<u8>(), 0..300),
        form in format(),
        bit in any::<prop::sample::Index>(),
    ) {
        let signer = SigningKey::new(key, govcred::sm2::DEFAULT_ID).unwrap();
        let sig = signer.sign_encoded(&msg, form).unwrap();
        let tampered = flip(&sig, bit);
        let err = signer.verifying_key().verify_encoded(&msg, &tampered, form).unwrap_err();
        match form {
            // Any 64 bytes parse as raw; the change must be caught by verification.
            SignatureFormat::Raw => prop_assert_eq!(err.code(), ErrorCode::SignatureInvalid),
            // Strict DER has one encoding per (r, s): a flip breaks the encoding or the value.
            SignatureFormat::Der => prop_assert!(matches!(
                err.code(),
                ErrorCode::SignatureInvalid | ErrorCode::BadSignatureEncoding
            )),
        }
    }

    #[test]
    fn another_id_fails(
        key in private_key(),
        msg in proptest::collection::vec(any::<u8>(), 0..100),
        id in proptest::collection::vec(any::<u8>(), 0..40),
        other in proptest::collection::vec(any::<u8>(), 0..40),
    ) {
        prop_assume!(id != other);
        let signer = SigningKey::new(key.clone(), &id).unwrap();
        let sig = signer.sign(&msg).unwrap();
        let verifier = VerifyingKey::new(*key.public_key(), &other).unwrap();
        prop_assert_eq!(verifier.verify(&msg, &sig).unwrap_err().code(), ErrorCode::SignatureInvalid);
    }

    #[test]
    fn decoders_never_panic(input in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = PrivateKey::decode(&input);
        let _ = PublicKey::decode(&input);
        let _ = Signature::from_der(&input);
        let _ = Signature::from_raw(&input);
    }

    // Near misses of real encodings reach deeper into the PEM, DER and hex parsers than
    // random bytes do.
    #[test]
    fn mutated_encodings_never_panic(
        key in private_key(),
        which in 0usize..7,
        cut in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let public = key.public_key();
        let mut input = match which {
            0 => key.to_pkcs8_der().unwrap().to_vec(),
            1 => key.to_pkcs8_pem().unwrap().as_bytes().to_vec(),
            2 => govcred::internal::hex::encode(key.to_bytes().as_slice()).into_bytes(),
            3 => public.to_spki_der(),
            4 => public.to_spki_pem().into_bytes(),
            5 => govcred::internal::hex::encode(&public.to_compressed()).into_bytes(),
            _ => public.to_uncompressed().to_vec(),
        };
        let i = at.index(input.len());
        input[i] = byte;
        input.truncate(cut.index(input.len() + 1).max(i));
        let _ = PrivateKey::decode(&input);
        let _ = PublicKey::decode(&input);
    }
}

#[test]
fn id_length_limit_is_8191_bytes() {
    let key = PrivateKey::generate().unwrap();
    let longest = vec![0xA5u8; MAX_ID_LEN];
    let too_long = vec![0xA5u8; MAX_ID_LEN + 1];
    assert_eq!(MAX_ID_LEN, 8191);

    let signer = SigningKey::new(key.clone(), &longest).unwrap();
    let sig = signer.sign(b"m").unwrap();
    VerifyingKey::new(*key.public_key(), &longest)
        .unwrap()
        .verify(b"m", &sig)
        .unwrap();

    for result in [
        SigningKey::new(key.clone(), &too_long).map(drop),
        VerifyingKey::new(*key.public_key(), &too_long).map(drop),
        z_a(key.public_key(), &too_long).map(drop),
    ] {
        assert_eq!(result.unwrap_err().code(), ErrorCode::BadDistId);
    }
}

#[test]
fn generated_keys_differ_and_work() {
    let a = PrivateKey::generate().unwrap();
    let b = PrivateKey::generate().unwrap();
    assert_ne!(a.public_key(), b.public_key());
    let signer = SigningKey::new(a, b"").unwrap();
    let sig = signer.sign(b"").unwrap();
    signer.verifying_key().verify(b"", &sig).unwrap();
}
