use crate::claims::{self, LICENSE_BODY};
use crate::codec::{self, Prefix};
use crate::cose::CoseSign1;
use crate::error::{Error, ErrorCode};
use crate::sm2::{DEFAULT_ID, PublicKey, VerifyingKey};

use super::License;

/// Verifies license QR text against a set of trusted public keys at `now` (Unix seconds),
/// without a trust bundle. Distinct codes: `UnknownIssuer` (no key with the kid),
/// `SignatureInvalid` (tampered, or signed by another key with a colliding kid), `Expired`,
/// `NotYetValid`, and the codec, COSE and field codes for malformed input.
///
/// Terminals use [`crate::verify::Verifier`], which adds issuer rights, revocation and policy.
pub fn verify(qr_text: &str, trusted: &[PublicKey], now: i64) -> Result<License, Error> {
    let (prefix, bytes) = codec::decode_qr(qr_text)?;
    if prefix != Prefix::License {
        return Err(Error::new(ErrorCode::UnknownFormat, "not an e-license"));
    }
    let cose = CoseSign1::decode(&bytes)?;
    let mut candidates = trusted.iter().filter(|k| &k.kid() == cose.kid()).peekable();
    if candidates.peek().is_none() {
        return Err(ErrorCode::UnknownIssuer.into());
    }
    let verified = candidates
        .any(|key| VerifyingKey::new(*key, DEFAULT_ID).is_ok_and(|vk| cose.verify(&vk).is_ok()));
    if !verified {
        return Err(ErrorCode::SignatureInvalid.into());
    }
    let (claims, body) = claims::decode(cose.payload(), LICENSE_BODY)?;
    let license = super::from_claims(&claims, body)?;
    if claims.nbf.is_some_and(|nbf| now < nbf) {
        return Err(ErrorCode::NotYetValid.into());
    }
    if claims.exp.is_some_and(|exp| now >= exp) {
        return Err(ErrorCode::Expired.into());
    }
    Ok(license)
}
