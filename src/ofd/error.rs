//! Errors of the OFD layer: the package (zip, paths, XML) and the signature checks.

use crate::error::{Error, ErrorCode};

/// An OFD failure with its stable code and a detail that is safe to show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OfdError {
    /// The package is not a readable OFD (zip, path or XML problem).
    #[error("malformed OFD: {0}")]
    Bad(String),
    /// The package is over one of the reader's limits.
    #[error("OFD over a limit: {0}")]
    TooLarge(String),
    /// A protected file or a dataHash does not match its digest.
    #[error("digest mismatch: {0}")]
    DigestMismatch(String),
    /// The protection uses a weak digest.
    #[error("weak digest: {0}")]
    WeakDigest(String),
    /// The seal structure is malformed.
    #[error("malformed seal: {0}")]
    BadSeal(String),
    /// Any other failure, carried with its own code.
    #[error("{1}")]
    Coded(ErrorCode, String),
}

impl OfdError {
    /// A malformed-package error.
    pub(crate) fn bad(detail: impl Into<String>) -> Self {
        OfdError::Bad(detail.into())
    }

    /// A malformed-seal error.
    pub(crate) fn seal(detail: impl Into<String>) -> Self {
        OfdError::BadSeal(detail.into())
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        match self {
            OfdError::Bad(_) | OfdError::TooLarge(_) => ErrorCode::BadOfd,
            OfdError::DigestMismatch(_) => ErrorCode::DigestMismatch,
            OfdError::WeakDigest(_) => ErrorCode::WeakDigest,
            OfdError::BadSeal(_) => ErrorCode::BadSeal,
            OfdError::Coded(code, _) => *code,
        }
    }
}

impl From<OfdError> for Error {
    fn from(e: OfdError) -> Self {
        Error::new(e.code(), e.to_string())
    }
}

impl From<Error> for OfdError {
    fn from(e: Error) -> Self {
        OfdError::Coded(e.code(), e.message().to_owned())
    }
}

impl From<crate::CryptoError> for OfdError {
    fn from(e: crate::CryptoError) -> Self {
        OfdError::Coded(e.code(), e.to_string())
    }
}
