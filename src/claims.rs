//! CWT-numbered claims shared by every credential (RFC 8392 labels, private-use bodies).
//!
//! | label | claim | CBOR |
//! |---|---|---|
//! | 1 | iss: issuer 统一社会信用代码 | text |
//! | 6 | iat: issued at | int, Unix seconds |
//! | 5 | nbf: not before | int, optional |
//! | 4 | exp: expires | int, optional |
//! | 7 | cti: serial | bytes (UTF-8 of the serial) |
//! | −70001 | e-license body | map, see `license` |
//! | −70002 | color-code body | map, see `colorcode` |
//!
//! Decoding is strict: any other label, a missing required claim or a wrong type fails.

use crate::cbor::{self, Value};
use crate::error::{Error, ErrorCode};

/// Claim label: issuer.
pub(crate) const ISS: i64 = 1;
/// Claim label: expiry.
pub(crate) const EXP: i64 = 4;
/// Claim label: not before.
pub(crate) const NBF: i64 = 5;
/// Claim label: issued at.
pub(crate) const IAT: i64 = 6;
/// Claim label: serial.
pub(crate) const CTI: i64 = 7;
/// Claim label: e-license body.
pub(crate) const LICENSE_BODY: i64 = -70_001;
/// Claim label: color-code body.
pub(crate) const COLOR_CODE_BODY: i64 = -70_002;

/// Longest serial accepted, in bytes.
pub(crate) const MAX_SERIAL_LEN: usize = 64;

/// Malformed claims (code `BadClaims`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed claims: {0}")]
pub struct ClaimsError(pub &'static str);

impl ClaimsError {
    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        ErrorCode::BadClaims
    }
}

impl From<ClaimsError> for Error {
    fn from(e: ClaimsError) -> Self {
        Error::new(e.code(), e.to_string())
    }
}

/// The common claims of a credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Claims {
    /// Issuer 统一社会信用代码.
    pub iss: String,
    /// Issued at, Unix seconds.
    pub iat: i64,
    /// Not valid before, Unix seconds.
    pub nbf: Option<i64>,
    /// Not valid from this instant on, Unix seconds.
    pub exp: Option<i64>,
    /// Serial, unique per issuer; what revocation lists name.
    pub cti: String,
}

/// Encodes claims with the credential body under `body_label`.
pub(crate) fn encode(claims: &Claims, body_label: i64, body: Value) -> Vec<u8> {
    let mut map = vec![
        (int(ISS), Value::Text(claims.iss.clone())),
        (int(IAT), int(claims.iat)),
    ];
    if let Some(nbf) = claims.nbf {
        map.push((int(NBF), int(nbf)));
    }
    if let Some(exp) = claims.exp {
        map.push((int(EXP), int(exp)));
    }
    map.push((int(CTI), Value::Bytes(claims.cti.as_bytes().to_vec())));
    map.push((int(body_label), body));
    cbor::encode(&Value::Map(map))
}

/// Decodes claims whose body must be under `body_label`; returns the claims and the body.
pub(crate) fn decode(payload: &[u8], body_label: i64) -> Result<(Claims, Value), Error> {
    let value = cbor::decode(payload)?;
    let Value::Map(entries) = value else {
        return Err(ClaimsError("claims are not a map").into());
    };
    let mut iss = None;
    let mut iat = None;
    let mut nbf = None;
    let mut exp = None;
    let mut cti = None;
    let mut body = None;
    for (k, v) in entries {
        let label = match k {
            Value::Integer(n) => {
                i64::try_from(n).map_err(|_| ClaimsError("claim label out of range"))?
            }
            _ => return Err(ClaimsError("claim label is not an integer").into()),
        };
        match label {
            ISS => iss = Some(text(v, "iss must be text")?),
            IAT => iat = Some(time(&v, "iat must be an integer")?),
            NBF => nbf = Some(time(&v, "nbf must be an integer")?),
            EXP => exp = Some(time(&v, "exp must be an integer")?),
            CTI => {
                let Value::Bytes(b) = v else {
                    return Err(ClaimsError("cti must be bytes").into());
                };
                if b.is_empty() || b.len() > MAX_SERIAL_LEN {
                    return Err(ClaimsError("cti length out of range").into());
                }
                cti = Some(String::from_utf8(b).map_err(|_| ClaimsError("cti is not UTF-8"))?);
            }
            l if l == body_label => body = Some(v),
            _ => return Err(ClaimsError("unknown claim").into()),
        }
    }
    let claims = Claims {
        iss: iss.ok_or(ClaimsError("iss missing"))?,
        iat: iat.ok_or(ClaimsError("iat missing"))?,
        nbf,
        exp,
        cti: cti.ok_or(ClaimsError("cti missing"))?,
    };
    Ok((claims, body.ok_or(ClaimsError("credential body missing"))?))
}

/// An integer value.
pub(crate) fn int(n: impl Into<i128>) -> Value {
    Value::Integer(n.into())
}

fn text(v: Value, why: &'static str) -> Result<String, ClaimsError> {
    match v {
        Value::Text(t) => Ok(t),
        _ => Err(ClaimsError(why)),
    }
}

fn time(v: &Value, why: &'static str) -> Result<i64, ClaimsError> {
    match v {
        Value::Integer(n) => i64::try_from(*n).map_err(|_| ClaimsError(why)),
        _ => Err(ClaimsError(why)),
    }
}

/// Reads a body map with small non-negative integer labels into a slot per label; any label
/// outside `0..slots` or repeated fails.
pub(crate) fn body_fields<const N: usize>(
    body: Value,
    what: &'static str,
) -> Result<[Option<Value>; N], ClaimsError> {
    let Value::Map(entries) = body else {
        return Err(ClaimsError(what));
    };
    let mut slots: [Option<Value>; N] = std::array::from_fn(|_| None);
    for (k, v) in entries {
        let idx = match k {
            Value::Integer(n) => usize::try_from(n).ok().filter(|&i| i < N),
            _ => None,
        }
        .ok_or(ClaimsError("unknown field in credential body"))?;
        if slots[idx].replace(v).is_some() {
            return Err(ClaimsError("repeated field in credential body"));
        }
    }
    Ok(slots)
}
