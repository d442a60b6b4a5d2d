//! Every kind of signed credential a QR can carry, and the one dispatch from a prefix and its
//! decoded claims to a typed credential.
//!
//! Adding a kind (the OFD work, later ones) means: a model module with a
//! `from_claims(&Claims, Value)` constructor, a [`Prefix`] variant, one arm in
//! [`body_label`] and one in [`Credential::from_claims`]; [`crate::pipeline`], the
//! [`crate::Verifier`], [`crate::inspect`] and every door then handle it.

use serde::Serialize;

use crate::cbor::Value;
use crate::claims::{COLOR_CODE_BODY, Claims, LICENSE_BODY};
use crate::codec::Prefix;
use crate::colorcode::{self, CodeKind, ColorCode};
use crate::error::Error;
use crate::license::{self, License};
use crate::trust::CredentialKind;

/// A credential decoded from its claims (verified, when it comes from a [`crate::Verdict`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Credential {
    /// An e-license.
    License(License),
    /// A health or safety code.
    ColorCode(ColorCode),
}

/// The claim label under which a format carries its body: the one place a prefix meets its
/// CBOR layout.
pub(crate) fn body_label(prefix: Prefix) -> i64 {
    match prefix {
        Prefix::License => LICENSE_BODY,
        Prefix::ColorCode => COLOR_CODE_BODY,
    }
}

impl Credential {
    /// Rebuilds the credential a `prefix` announces from its claims and body, checking every
    /// field through the model's own constructors.
    pub(crate) fn from_claims(
        prefix: Prefix,
        claims: &Claims,
        body: Value,
    ) -> Result<Credential, Error> {
        Ok(match prefix {
            Prefix::License => Credential::License(license::from_claims(claims, body)?),
            Prefix::ColorCode => Credential::ColorCode(colorcode::from_claims(claims, body)?),
        })
    }

    /// What it is, for issuer rights.
    pub fn kind(&self) -> CredentialKind {
        match self {
            Credential::License(_) => CredentialKind::License,
            Credential::ColorCode(c) => match c.kind() {
                CodeKind::Health => CredentialKind::HealthCode,
                CodeKind::Safety => CredentialKind::SafetyCode,
            },
        }
    }

    /// The license type code (证照类型代码), for issuers limited to some types.
    pub(crate) fn license_type(&self) -> Option<&str> {
        match self {
            Credential::License(l) => Some(l.type_code()),
            Credential::ColorCode(_) => None,
        }
    }
}
