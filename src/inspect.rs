//! Reading a QR without verifying it: for support staff and conformance checks. Nothing here
//! says a credential is genuine; use [`crate::Verifier`] for that.

use serde::Serialize;

use crate::credential::Credential;
use crate::error::Error;
use crate::pipeline;

/// The decoded content of a QR, not verified.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Inspection {
    /// Always false: the signature was not checked.
    pub verified: bool,
    /// `EL1:` or `CC1:`.
    pub format: &'static str,
    /// Key identifier, hex.
    pub kid: String,
    /// Issuer 统一社会信用代码 claim.
    pub iss: String,
    /// Issued at, Unix seconds.
    pub iat: i64,
    /// Not before, Unix seconds.
    pub nbf: Option<i64>,
    /// Expires, Unix seconds.
    pub exp: Option<i64>,
    /// Serial.
    pub serial: String,
    /// The credential, when its body is well-formed.
    pub credential: Option<Credential>,
    /// Why the body is not a valid credential, when it is not.
    pub credential_error: Option<String>,
}

/// Decodes `qr_text` down to its claims and credential without checking the signature.
pub fn inspect(qr_text: &str) -> Result<Inspection, Error> {
    let (prefix, cose) = pipeline::scan(qr_text)?;
    let (claims, credential) = pipeline::open(prefix, cose.payload())?;
    Ok(Inspection {
        verified: false,
        format: prefix.as_str(),
        kid: crate::hex::encode(cose.kid()),
        iss: claims.iss,
        iat: claims.iat,
        nbf: claims.nbf,
        exp: claims.exp,
        serial: claims.cti,
        credential_error: credential
            .as_ref()
            .err()
            .map(|e| format!("{} {}", e.code().as_u32(), e.message())),
        credential: credential.ok(),
    })
}
