//! SM2 digital signatures (GB/T 32918.2) with the distinguishing ID of GM/T 0009.
//!
//! Built on RustCrypto `sm2`. Its ID API accepts UTF-8 only, so this module computes
//! Z_A itself (any byte string up to 8191 bytes) and signs and verifies the prehash
//! e = SM3(Z_A ‖ M), which is what OpenSSL and GmSSL compute as well.
//!
//! For issuer keys that verify many signatures, [`VerifyingKey::prepare`] builds a
//! [`PreparedVerifyingKey`] (precomputed tables, an order of magnitude faster, same
//! verdicts). Signing computes k·G from a constant-time precomputed table.
//!
//! Signing many messages: [`SigningKey::sign_batch`] computes all the nonces' k·G together,
//! and a [`NoncePool`] holds such nonces ready for [`SigningKey::sign_with_pool`]. Both are
//! randomized (k from the operating system), constant time, and never use a k twice;
//! [`SigningKey::sign`] stays RFC 6979 deterministic.
//!
//! # Prepared verifying keys: memory
//!
//! A [`PreparedVerifyingKey`] holds its own table ([`PreparedVerifyingKey::memory_bytes`]);
//! the generator's verification table (256 KiB) and the signer's constant-time table
//! (86 KiB) exist once per process, built on first use.
//!
//! | issuers | `TableSize::Compact` | `TableSize::Fast` |
//! |---:|---:|---:|
//! | 1 | 51.3 KiB | 256.2 KiB |
//! | 32 | 1.60 MiB | 8.01 MiB |
//! | 1,000 | 50.1 MiB | 250.2 MiB |
//!
//! (From `memory_bytes()`: 52,520 and 262,376 bytes per key on 64-bit targets; a unit test
//! pins these figures. The shared tables are 262,208 and 88,064 bytes.)
//!
//! Many Fast keys exceed the CPU caches, so with dozens of keys in turn Fast loses much of
//! its lead over Compact while using five times the memory. Compact suits large trust
//! bundles; Fast a handful of high-volume issuers.

mod dsa;
mod fast;
mod keys;
mod nonce_pool;
mod rfc6979;
mod signature;
mod za;

pub use dsa::{SigningKey, VerifyingKey};
pub use fast::{PreparedVerifyingKey, TableSize};
pub use keys::{PrivateKey, PublicKey};
pub use nonce_pool::NoncePool;
pub use signature::{Signature, SignatureFormat};
pub use za::{MAX_ID_LEN, z_a};

/// The default distinguishing ID, "1234567812345678" (GM/T 0009 §10).
pub const DEFAULT_ID: &[u8] = b"1234567812345678";

#[cfg(test)]
pub(crate) use dsa::sign_prehash_with_k;

#[cfg(test)]
mod tests {
    use super::*;
    use sm2::elliptic_curve::ff::PrimeField;
    use std::collections::HashMap;

    fn vector(text: &str) -> HashMap<String, String> {
        text.lines()
            .filter(|l| !l.trim_start().starts_with('#') && l.contains('='))
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect()
    }

    fn h(v: &HashMap<String, String>, k: &str) -> Vec<u8> {
        crate::hex::decode(&v[k]).expect("hex in vector")
    }

    // The fixed-k path reproduces r and s exactly; the public API is then checked on the
    // same vector (Z_A, e, public key, verification).
    #[test]
    fn gbt32918_5_recommended_curve_vector() {
        let v = vector(include_str!(
            "../../tests/vectors/sm2/valid-gbt32918-5-recommended-curve.txt"
        ));
        let id = v["id_ascii"].as_bytes();
        let msg = v["msg_ascii"].as_bytes();
        let key = PrivateKey::from_bytes(&h(&v, "d")).expect("d");
        let pub_bytes = key.public_key().to_uncompressed();
        assert_eq!(&pub_bytes[1..33], h(&v, "px").as_slice());
        assert_eq!(&pub_bytes[33..], h(&v, "py").as_slice());
        let signer = SigningKey::new(key, id).expect("signer");
        assert_eq!(signer.z().as_slice(), h(&v, "za").as_slice());
        let verifier = signer.verifying_key();
        let e = verifier.digest(msg);
        assert_eq!(e.as_slice(), h(&v, "e").as_slice());

        let mut k = [0u8; 32];
        k.copy_from_slice(&h(&v, "k"));
        let k = Option::<sm2::Scalar>::from(sm2::Scalar::from_repr(k.into())).expect("k");
        let d = *signer.private_key().scalar();
        let sig = sign_prehash_with_k(&d, &e, &k).expect("signature");
        assert_eq!(sig.r().as_slice(), h(&v, "r").as_slice());
        assert_eq!(sig.s().as_slice(), h(&v, "s").as_slice());
        verifier.verify(msg, &sig).expect("vector verifies");
        assert_eq!(
            verifier.verify(b"message digesT", &sig),
            Err(crate::CryptoError::SignatureInvalid)
        );
        let der = sig.to_der();
        assert_eq!(&der[..4], &[0x30, 0x46, 0x02, 0x21]);
        verifier
            .verify_encoded(msg, &der, SignatureFormat::Der)
            .expect("DER verifies");

        // Deterministic signing through the public API verifies too.
        let sig2 = signer.sign(msg).expect("sign");
        verifier.verify(msg, &sig2).expect("own signature verifies");
        assert_eq!(
            signer.sign(msg).expect("sign"),
            sig2,
            "RFC 6979 is deterministic"
        );
        assert_ne!(signer.sign_randomized(msg).expect("sign"), sig2);
    }
}
