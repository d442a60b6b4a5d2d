//! Entry points for fuzz targets and benchmarks. Not part of the API: nothing here is stable,
//! and every function only exercises one decoding layer on attacker-controlled bytes.
//!
//! Each function is total: any input gives `Ok` or an [`Error`] with a stable code, never a
//! panic, and memory stays proportional to the input.

use crate::error::Error;

/// Strict CBOR: one item, no trailing bytes, bounded depth (see `cbor`).
pub fn cbor_decode(bytes: &[u8]) -> Result<(), Error> {
    crate::cbor::decode(bytes).map(drop).map_err(Error::from)
}

/// COSE_Sign1 of the SM2-SM3 profile, structure only (no signature check); returns its kid.
pub fn cose_decode(bytes: &[u8]) -> Result<[u8; 8], Error> {
    crate::cose::CoseSign1::decode(bytes)
        .map(|c| *c.kid())
        .map_err(Error::from)
}

/// Credential claims with either body label, then the credential rebuilt from them.
pub fn claims_decode(payload: &[u8]) -> Result<(), Error> {
    for prefix in crate::codec::Prefix::ALL {
        crate::pipeline::credential_from_payload(prefix, payload)?;
    }
    Ok(())
}

/// QR text framing: prefix, whitespace rules, base45 and bounded inflate; returns the
/// inflated COSE bytes.
pub fn qr_frame_decode(text: &str) -> Result<Vec<u8>, Error> {
    crate::codec::decode_qr(text)
        .map(|(_, cose)| cose)
        .map_err(Error::from)
}

/// Bounded zlib inflate with the QR cap ([`crate::codec::MAX_INFLATED`]).
pub fn inflate(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    crate::codec::zlib::decompress(bytes, crate::codec::MAX_INFLATED).map_err(Error::from)
}

/// Strict CBOR decoder and deterministic encoder, for property tests.
pub mod cbor {
    pub use crate::cbor::{CborError, MAX_DEPTH, Value, decode, encode};
}

/// Lowercase hex, for tests, benches and tools.
pub mod hex {
    pub use crate::hex::{decode, encode};
}

/// Base45 (RFC 9285).
pub mod base45 {
    pub use crate::codec::base45::{decode, encode};
}

/// zlib with a bounded inflate.
pub mod zlib {
    pub use crate::codec::zlib::{compress, decompress};
}
