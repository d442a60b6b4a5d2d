//! COSE_Sign1 (RFC 9052) in the one profile govcred signs and accepts: SM2 with SM3 and the
//! default distinguishing ID.
//!
//! ```text
//! 18([                                   ; tag 18, array of 4
//!   << { 1: -65601, 4: h'<kid, 8 bytes>' } >>,   ; protected: alg, kid; nothing else
//!   {},                                  ; unprotected: empty
//!   h'<payload>',                        ; CBOR claims, never nil (no detached payloads)
//!   h'<r ‖ s, 64 bytes>'                 ; SM2 over Sig_structure, ID "1234567812345678"
//! ])
//! Sig_structure = ["Signature1", protected bstr, h'', payload bstr]
//! ```
//!
//! The algorithm comes from this profile, never from the message: any other `alg` is
//! [`CoseError::UnsupportedAlgorithm`], a `crit` header is
//! [`CoseError::UnknownCriticalHeader`], and any other header is malformed. Signatures are
//! checked over the protected bytes as received, never a re-encoding. The CBOR rules
//! (one item, no trailing bytes, no duplicate keys, definite lengths, depth ≤ 16) come
//! from [`crate::cbor`] and apply to the outer structure and to the protected header.
//!
//! Choosing the key is the caller's job: the kid is a hint, and kids can collide, so a
//! verifier tries every trusted key with that kid.

use crate::cbor::{self, CborError, Value};
use crate::error::CryptoError;
use crate::sm2::{PreparedVerifyingKey, Signature, SigningKey, VerifyingKey};

/// The private-use COSE algorithm value for "SM2 with SM3, default ID, raw r‖s".
pub const ALG_SM2_SM3: i64 = -65_601;

/// Length of a key identifier: the first 8 bytes of SM3(04‖X‖Y).
pub const KID_LEN: usize = 8;

/// CBOR tag of COSE_Sign1.
pub const TAG_COSE_SIGN1: u64 = 18;

const HEADER_ALG: i64 = 1;
const HEADER_CRIT: i64 = 2;
const HEADER_KID: i64 = 4;
const SIGNATURE_LEN: usize = 64;

/// Errors of the COSE layer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CoseError {
    /// The structure does not follow the profile.
    #[error("malformed COSE_Sign1: {0}")]
    BadCose(&'static str),
    /// The `alg` header is not [`ALG_SM2_SM3`].
    #[error("unsupported COSE algorithm {0}")]
    UnsupportedAlgorithm(String),
    /// A `crit` header is present; this profile defines no critical headers.
    #[error("unknown critical COSE header")]
    UnknownCriticalHeader,
    /// The signing or verifying key is bound to an ID other than [`DEFAULT_ID`](crate::sm2::DEFAULT_ID).
    #[error("the COSE profile requires the default distinguishing ID")]
    NotDefaultId,
    /// The CBOR underneath is malformed.
    #[error(transparent)]
    Cbor(#[from] CborError),
    /// Signing or verification failed.
    #[error(transparent)]
    Crypto(#[from] CryptoError),
}

impl CoseError {
    /// The stable code.
    pub fn code(&self) -> crate::ErrorCode {
        use crate::ErrorCode;
        match self {
            CoseError::BadCose(_) => ErrorCode::BadCose,
            CoseError::UnsupportedAlgorithm(_) => ErrorCode::UnsupportedAlgorithm,
            CoseError::UnknownCriticalHeader => ErrorCode::UnknownCriticalHeader,
            CoseError::NotDefaultId => ErrorCode::BadDistId,
            CoseError::Cbor(e) => e.code(),
            CoseError::Crypto(e) => e.code(),
        }
    }
}

impl From<CoseError> for crate::Error {
    fn from(e: CoseError) -> Self {
        crate::Error::new(e.code(), e.to_string())
    }
}

/// A decoded COSE_Sign1 that follows the profile. Decoding checks the form only;
/// [`CoseSign1::verify`] checks the signature.
#[derive(Clone, PartialEq, Eq)]
pub struct CoseSign1 {
    protected: Vec<u8>,
    kid: [u8; KID_LEN],
    payload: Vec<u8>,
    signature: Signature,
}

// The payload carries personal data, so Debug shows only its size.
impl std::fmt::Debug for CoseSign1 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CoseSign1")
            .field("kid", &crate::hex::encode(&self.kid))
            .field("payload_len", &self.payload.len())
            .finish_non_exhaustive()
    }
}

impl CoseSign1 {
    /// Decodes and checks the structure strictly (see the module docs).
    pub fn decode(bytes: &[u8]) -> Result<CoseSign1, CoseError> {
        let value = cbor::decode(bytes)?;
        let Value::Tag(tag, inner) = value else {
            return Err(CoseError::BadCose("missing COSE_Sign1 tag 18"));
        };
        if tag != TAG_COSE_SIGN1 {
            return Err(CoseError::BadCose("tag is not 18 (COSE_Sign1)"));
        }
        let Value::Array(items) = *inner else {
            return Err(CoseError::BadCose("COSE_Sign1 is not an array"));
        };
        let [protected, unprotected, payload, signature] = <[Value; 4]>::try_from(items)
            .map_err(|_| CoseError::BadCose("COSE_Sign1 must have 4 elements"))?;

        let Value::Bytes(protected) = protected else {
            return Err(CoseError::BadCose("protected header is not a byte string"));
        };
        let kid = parse_protected(&protected)?;

        match unprotected {
            Value::Map(m) if m.is_empty() => {}
            Value::Map(_) => return Err(CoseError::BadCose("unprotected header is not empty")),
            _ => return Err(CoseError::BadCose("unprotected header is not a map")),
        }

        let payload = match payload {
            Value::Bytes(p) => p,
            Value::Null => return Err(CoseError::BadCose("detached payload is not supported")),
            _ => return Err(CoseError::BadCose("payload is not a byte string")),
        };

        let Value::Bytes(signature) = signature else {
            return Err(CoseError::BadCose("signature is not a byte string"));
        };
        if signature.len() != SIGNATURE_LEN {
            return Err(CoseError::BadCose("signature must be 64 bytes (r || s)"));
        }
        let signature = Signature::from_raw(&signature)?;

        Ok(CoseSign1 {
            protected,
            kid,
            payload,
            signature,
        })
    }

    /// The key identifier from the protected header.
    pub fn kid(&self) -> &[u8; KID_LEN] {
        &self.kid
    }

    /// The payload bytes (CBOR claims, not yet decoded).
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// The protected header exactly as received.
    pub fn protected_bytes(&self) -> &[u8] {
        &self.protected
    }

    /// The signature.
    pub fn signature(&self) -> &Signature {
        &self.signature
    }

    /// The Sig_structure bytes the signature covers.
    pub fn to_be_signed(&self) -> Vec<u8> {
        sig_structure(&self.protected, &self.payload)
    }

    /// Verifies the signature with `key`, which must be bound to [`DEFAULT_ID`](crate::sm2::DEFAULT_ID).
    pub fn verify(&self, key: &VerifyingKey) -> Result<(), CoseError> {
        if !key.uses_default_id() {
            return Err(CoseError::NotDefaultId);
        }
        key.verify_prehash(&self.digest(key.z()), &self.signature)?;
        Ok(())
    }

    /// Verifies the signature with a prepared key (the terminal's fast path).
    pub fn verify_prepared(&self, key: &PreparedVerifyingKey) -> Result<(), CoseError> {
        let vk = key.verifying_key();
        if !vk.uses_default_id() {
            return Err(CoseError::NotDefaultId);
        }
        key.verify_prehash(&self.digest(vk.z()), &self.signature)?;
        Ok(())
    }

    // e = SM3(Z_A ‖ Sig_structure), hashed as it is framed: the structure is never built.
    fn digest(&self, z: &[u8; 32]) -> [u8; 32] {
        let mut h = crate::sm3::Sm3::new();
        h.update(z);
        h.update(&[0x84, 0x60 | 10]);
        h.update(b"Signature1");
        for part in [self.protected.as_slice(), &[], self.payload.as_slice()] {
            let (head, len) = bstr_head(part.len());
            h.update(&head[..len]);
            h.update(part);
        }
        h.finalize()
    }
}

// Checks the protected header map and returns the kid. Precedence, whatever the key
// order: crit, then alg, then everything else.
fn parse_protected(bytes: &[u8]) -> Result<[u8; KID_LEN], CoseError> {
    let header = cbor::decode(bytes)?;
    let entries =
        cbor::as_map(&header).ok_or(CoseError::BadCose("protected header is not a map"))?;
    if cbor::map_get(entries, HEADER_CRIT).is_some() {
        return Err(CoseError::UnknownCriticalHeader);
    }
    match cbor::map_get(entries, HEADER_ALG) {
        None => return Err(CoseError::BadCose("protected header lacks alg")),
        Some(alg) if cbor::as_int(alg) == Some(ALG_SM2_SM3) => {}
        Some(alg) => return Err(CoseError::UnsupportedAlgorithm(describe(alg))),
    }
    let kid = cbor::map_get(entries, HEADER_KID)
        .ok_or(CoseError::BadCose("protected header lacks kid"))?;
    let kid = cbor::as_bytes(kid).ok_or(CoseError::BadCose("kid is not a byte string"))?;
    let kid =
        <[u8; KID_LEN]>::try_from(kid).map_err(|_| CoseError::BadCose("kid must be 8 bytes"))?;
    if entries.len() != 2 {
        return Err(CoseError::BadCose(
            "protected header has labels other than alg and kid",
        ));
    }
    Ok(kid)
}

// A short, safe rendering of a foreign alg value for the error message.
fn describe(alg: &Value) -> String {
    match alg {
        Value::Integer(n) => n.to_string(),
        Value::Text(t) => format!("{:?}", t.chars().take(32).collect::<String>()),
        _ => "of a non-integer type".to_owned(),
    }
}

// The CBOR head of a byte string of `len` bytes (major type 2), without allocating.
fn bstr_head(len: usize) -> ([u8; 9], usize) {
    let len = u64::try_from(len).unwrap_or(u64::MAX);
    let mut head = [0u8; 9];
    let n = match len {
        0..=23 => {
            head[0] = 0x40 | len.to_be_bytes()[7];
            1
        }
        24..=0xff => {
            head[0] = 0x58;
            head[1] = len.to_be_bytes()[7];
            2
        }
        0x100..=0xffff => {
            head[0] = 0x59;
            head[1..3].copy_from_slice(&len.to_be_bytes()[6..]);
            3
        }
        0x1_0000..=0xffff_ffff => {
            head[0] = 0x5a;
            head[1..5].copy_from_slice(&len.to_be_bytes()[4..]);
            5
        }
        _ => {
            head[0] = 0x5b;
            head[1..].copy_from_slice(&len.to_be_bytes());
            9
        }
    };
    (head, n)
}

/// Sig_structure for COSE_Sign1 without external AAD:
/// `["Signature1", protected, h'', payload]`.
pub fn sig_structure(protected: &[u8], payload: &[u8]) -> Vec<u8> {
    const CONTEXT: &[u8] = b"Signature1";
    let mut out = Vec::with_capacity(protected.len() + payload.len() + 32);
    out.push(0x84);
    out.push(0x60 | 10);
    out.extend_from_slice(CONTEXT);
    cbor::write_bytes(&mut out, protected);
    cbor::write_bytes(&mut out, &[]);
    cbor::write_bytes(&mut out, payload);
    out
}

/// The protected header this profile writes: `{1: -65601, 4: kid}`.
pub fn protected_header(kid: &[u8; KID_LEN]) -> Vec<u8> {
    cbor::encode(&Value::Map(vec![
        (
            Value::Integer(HEADER_ALG.into()),
            Value::Integer(ALG_SM2_SM3.into()),
        ),
        (
            Value::Integer(HEADER_KID.into()),
            Value::Bytes(kid.to_vec()),
        ),
    ]))
}

/// Signs `payload` with `key` (bound to [`DEFAULT_ID`](crate::sm2::DEFAULT_ID)); kid = `key.public_key().kid()`.
/// Returns the tagged COSE_Sign1 bytes.
pub fn sign(payload: &[u8], key: &SigningKey) -> Result<Vec<u8>, CoseError> {
    if !key.uses_default_id() {
        return Err(CoseError::NotDefaultId);
    }
    sign_with(payload, key.public_key().kid(), |tbs| key.sign(tbs))
}

/// Builds a COSE_Sign1 whose signature comes from `sign`, which receives the
/// Sig_structure bytes and must sign them with SM2, SM3 and [`DEFAULT_ID`](crate::sm2::DEFAULT_ID) (an HSM or a
/// faster signer can plug in here).
pub fn sign_with<F>(payload: &[u8], kid: [u8; KID_LEN], sign: F) -> Result<Vec<u8>, CoseError>
where
    F: FnOnce(&[u8]) -> Result<Signature, CryptoError>,
{
    let protected = protected_header(&kid);
    let signature = sign(&sig_structure(&protected, payload))?.to_raw();
    let mut out = Vec::with_capacity(protected.len() + payload.len() + 96);
    cbor::write_head(&mut out, 6, TAG_COSE_SIGN1);
    out.push(0x84);
    cbor::write_bytes(&mut out, &protected);
    out.push(0xa0);
    cbor::write_bytes(&mut out, payload);
    cbor::write_bytes(&mut out, &signature);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sm2::{DEFAULT_ID, PrivateKey};

    const D: &str = "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8";

    fn key() -> SigningKey {
        SigningKey::new(PrivateKey::from_hex(D).unwrap(), DEFAULT_ID).unwrap()
    }

    #[test]
    fn sign_decode_verify() {
        let key = key();
        let bytes = sign(b"\xa1\x01\x02", &key).unwrap();
        let cose = CoseSign1::decode(&bytes).unwrap();
        assert_eq!(cose.kid(), &key.public_key().kid());
        assert_eq!(cose.payload(), b"\xa1\x01\x02");
        assert_eq!(
            cose.protected_bytes(),
            protected_header(&key.public_key().kid())
        );
        cose.verify(&key.verifying_key()).unwrap();
        // Deterministic signing gives the same bytes twice.
        assert_eq!(sign(b"\xa1\x01\x02", &key).unwrap(), bytes);
    }

    #[test]
    fn protected_header_layout() {
        let p = protected_header(&[1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(
            crate::hex::encode(&p),
            "a2013a00010040044801020304050607 08".replace(' ', "")
        );
    }

    #[test]
    fn sig_structure_matches_generic_encoding() {
        let protected = protected_header(&[9; 8]);
        let payload = vec![0x55u8; 300];
        let generic = cbor::encode(&Value::Array(vec![
            Value::Text("Signature1".into()),
            Value::Bytes(protected.clone()),
            Value::Bytes(vec![]),
            Value::Bytes(payload.clone()),
        ]));
        assert_eq!(sig_structure(&protected, &payload), generic);
    }

    #[test]
    fn keys_with_another_id_are_refused() {
        let other =
            SigningKey::new(PrivateKey::from_hex(D).unwrap(), b"ALICE123@YAHOO.COM").unwrap();
        assert_eq!(sign(b"x", &other), Err(CoseError::NotDefaultId));
        let bytes = sign(b"x", &key()).unwrap();
        let cose = CoseSign1::decode(&bytes).unwrap();
        assert_eq!(
            cose.verify(&other.verifying_key()),
            Err(CoseError::NotDefaultId)
        );
        assert_eq!(CoseError::NotDefaultId.code(), crate::ErrorCode::BadDistId);
    }

    #[test]
    fn debug_hides_the_payload() {
        let bytes = sign(b"\x63abc", &key()).unwrap();
        let shown = format!("{:?}", CoseSign1::decode(&bytes).unwrap());
        assert!(shown.contains("payload_len: 4"), "{shown}");
        assert!(!shown.contains("636162"), "{shown}");
        assert!(!shown.contains("abc"), "{shown}");
    }

    #[test]
    fn closure_signer_errors_pass_through() {
        let r = sign_with(b"x", [0; 8], |_| Err(CryptoError::RandomFailure));
        assert_eq!(r, Err(CoseError::Crypto(CryptoError::RandomFailure)));
        assert_eq!(r.unwrap_err().code(), crate::ErrorCode::RandomFailure);
    }
}
