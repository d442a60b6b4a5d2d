use crate::codec::Prefix;
use crate::credential::Credential;
use crate::error::{Error, ErrorCode};
use crate::pipeline;
use crate::sm2::{DEFAULT_ID, PublicKey, VerifyingKey};
use crate::verify::Policy;

use super::License;

/// Verifies license QR text against a set of trusted public keys at `now` (Unix seconds),
/// without a trust bundle: the [`crate::Verifier`]'s pipeline and time rules (the default
/// policy's clock skew), without issuer rights, revocation or bundle freshness. Distinct
/// codes: `UnknownIssuer` (no key with the kid), `SignatureInvalid` (tampered, or signed by
/// another key with a colliding kid), `ClockSuspect`, `Expired`, `NotYetValid`, and the
/// codec, COSE and field codes for malformed input.
///
/// Terminals use [`crate::Verifier`], which adds issuer rights, revocation and policy.
pub fn verify(qr_text: &str, trusted: &[PublicKey], now: i64) -> Result<License, Error> {
    let (prefix, cose) = pipeline::scan(qr_text)?;
    if prefix != Prefix::License {
        return Err(Error::new(ErrorCode::UnknownFormat, "not an e-license"));
    }
    pipeline::signer(&cose, trusted, PublicKey::kid, |cose, key| {
        VerifyingKey::new(*key, DEFAULT_ID).is_ok_and(|vk| cose.verify(&vk).is_ok())
    })?;
    let (claims, credential) = pipeline::credential_from_payload(prefix, cose.payload())?;
    let skew = Policy::default().clock_skew_secs;
    pipeline::check_issued_at(&claims, now, skew)?;
    pipeline::check_window(&claims, now, skew)?;
    match credential {
        Credential::License(license) => Ok(license),
        Credential::ColorCode(_) => Err(ErrorCode::Internal.into()),
    }
}
