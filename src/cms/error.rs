//! Errors of the CMS layer.

use crate::error::{Error, ErrorCode};
use crate::x509::CertError;

/// What went wrong with a CMS / PKCS#7 signature.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CmsError {
    /// The SignedData is malformed or uses a form this library refuses.
    #[error("malformed CMS: {0}")]
    Malformed(String),
    /// The input is larger than accepted.
    #[error("CMS signature larger than {max} bytes")]
    TooLarge {
        /// The limit.
        max: usize,
    },
    /// The PEM armour is malformed or holds no PKCS7/CMS block.
    #[error("malformed PEM: {0}")]
    BadPem(&'static str),
    /// A digest or signature algorithm other than SM3 / SM2.
    #[error("unsupported algorithm: {0}")]
    UnsupportedAlgorithm(String),
    /// No certificate (embedded or supplied) matches the signer identifier.
    #[error("no certificate matches the CMS signer identifier")]
    SignerNotFound,
    /// messageDigest ≠ SM3(content), or attached and supplied content differ.
    #[error("{0}")]
    DigestMismatch(&'static str),
    /// The signer's signature does not verify.
    #[error("CMS signature invalid")]
    SignatureInvalid,
    /// A detached signature was given without its content.
    #[error("detached signature: the signed content must be supplied")]
    MissingContent,
    /// The signer's certificate or its chain failed.
    #[error("signer certificate: {0}")]
    Certificate(#[from] CertError),
    /// Signing failed (key and certificate do not match, or the signer failed).
    #[error("signing: {0}")]
    Signing(Error),
}

impl CmsError {
    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        match self {
            CmsError::Malformed(_) => ErrorCode::BadCms,
            CmsError::TooLarge { .. } => ErrorCode::TooLarge,
            CmsError::BadPem(_) => ErrorCode::BadPem,
            CmsError::UnsupportedAlgorithm(_) => ErrorCode::UnsupportedAlgorithm,
            CmsError::SignerNotFound => ErrorCode::CmsSignerNotFound,
            CmsError::DigestMismatch(_) => ErrorCode::ContentDigestMismatch,
            CmsError::SignatureInvalid => ErrorCode::SignatureInvalid,
            CmsError::MissingContent => ErrorCode::InvalidArgument,
            CmsError::Certificate(e) => e.code(),
            CmsError::Signing(e) => e.code(),
        }
    }

    pub(crate) fn malformed(what: impl Into<String>) -> Self {
        CmsError::Malformed(what.into())
    }
}

impl From<CmsError> for Error {
    fn from(e: CmsError) -> Self {
        match e {
            CmsError::Signing(inner) => inner,
            other => Error::new(other.code(), other.to_string()),
        }
    }
}
