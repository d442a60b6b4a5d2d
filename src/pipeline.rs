//! The one path every QR takes: text → frame (prefix, base45, bounded inflate) → COSE_Sign1 →
//! signer among the candidate keys → claims → typed [`Credential`], and the one set of time
//! rules. The [`crate::Verifier`], [`crate::decode`], [`crate::inspect`],
//! [`crate::license::verify`] and [`crate::TrustBundle::load`] are built from these steps and
//! repeat none of them.

use crate::claims::{self, Claims};
use crate::codec::{self, Prefix};
use crate::cose::CoseSign1;
use crate::credential::{Credential, body_label};
use crate::error::{Error, ErrorCode};

/// Frames and parses scanned text, checking every bound and structural rule but not the
/// signature.
pub(crate) fn scan(qr_text: &str) -> Result<(Prefix, CoseSign1), Error> {
    let (prefix, bytes) = codec::decode_qr(qr_text)?;
    Ok((prefix, CoseSign1::decode(&bytes)?))
}

/// The first candidate whose key verifies `cose`. Kids can collide, so every candidate with
/// the message's kid is tried. `UnknownIssuer` when no candidate has the kid,
/// `SignatureInvalid` when none of those verifies.
pub(crate) fn signer<'k, K>(
    cose: &CoseSign1,
    candidates: impl IntoIterator<Item = &'k K>,
    kid: impl Fn(&K) -> [u8; 8],
    verifies: impl Fn(&CoseSign1, &K) -> bool,
) -> Result<&'k K, ErrorCode>
where
    K: 'k,
{
    let mut seen = false;
    for candidate in candidates {
        if &kid(candidate) != cose.kid() {
            continue;
        }
        seen = true;
        if verifies(cose, candidate) {
            return Ok(candidate);
        }
    }
    Err(if seen {
        ErrorCode::SignatureInvalid
    } else {
        ErrorCode::UnknownIssuer
    })
}

/// The claims of a payload and, when its body is well-formed, the credential. The outer
/// error is for claims that cannot be read at all.
pub(crate) fn open(
    prefix: Prefix,
    payload: &[u8],
) -> Result<(Claims, Result<Credential, Error>), Error> {
    let (claims, body) = claims::decode(payload, body_label(prefix))?;
    let credential = Credential::from_claims(prefix, &claims, body);
    Ok((claims, credential))
}

/// [`open`] with the credential required.
pub(crate) fn credential_from_payload(
    prefix: Prefix,
    payload: &[u8],
) -> Result<(Claims, Credential), Error> {
    let (claims, credential) = open(prefix, payload)?;
    Ok((claims, credential?))
}

/// A credential issued more than `skew` seconds after `now` means one of the clocks is wrong.
pub(crate) fn check_issued_at(claims: &Claims, now: i64, skew: i64) -> Result<(), ErrorCode> {
    if claims.iat > now.saturating_add(skew) {
        return Err(ErrorCode::ClockSuspect);
    }
    Ok(())
}

/// The validity window `[nbf, exp)`, widened by `skew` seconds at both ends.
pub(crate) fn check_window(claims: &Claims, now: i64, skew: i64) -> Result<(), ErrorCode> {
    if claims.nbf.is_some_and(|nbf| nbf > now.saturating_add(skew)) {
        return Err(ErrorCode::NotYetValid);
    }
    if claims
        .exp
        .is_some_and(|exp| exp <= now.saturating_sub(skew))
    {
        return Err(ErrorCode::Expired);
    }
    Ok(())
}
