//! Errors of the certificate layer.
//!
//! Messages name the failing certificate by its position in the chain (0 = the leaf), never
//! by its subject: a signer's certificate names a person.

use crate::error::{Error, ErrorCode};

/// What went wrong with a certificate or a chain.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CertError {
    /// The certificate is not a well-formed X.509 v1/v3 certificate of this profile.
    #[error("malformed certificate: {0}")]
    Malformed(String),
    /// The input is larger than a certificate may be.
    #[error("certificate larger than {max} bytes")]
    TooLarge {
        /// The limit.
        max: usize,
    },
    /// The PEM armour is malformed or holds no certificate.
    #[error("malformed PEM: {0}")]
    BadPem(&'static str),
    /// The key or signature algorithm is not SM2 / SM2-with-SM3.
    #[error("unsupported algorithm: {0}")]
    UnsupportedAlgorithm(String),
    /// An issuer's signature over a certificate does not verify.
    #[error("certificate at depth {depth}: signature invalid")]
    SignatureInvalid {
        /// Position in the chain, 0 = leaf.
        depth: usize,
    },
    /// No path from the certificate to a pinned root.
    #[error("certificate at depth {depth}: {reason}")]
    Untrusted {
        /// Position in the chain, 0 = leaf.
        depth: usize,
        /// Why.
        reason: &'static str,
    },
    /// A certificate is outside its validity period at the time checked.
    #[error("certificate at depth {depth} is {state} at {at}")]
    Expired {
        /// Position in the chain, 0 = leaf.
        depth: usize,
        /// "expired" or "not yet valid".
        state: &'static str,
        /// The time checked (Unix seconds).
        at: i64,
    },
    /// A certificate that issues another is not a CA.
    #[error("certificate at depth {depth} is not a CA")]
    NotCa {
        /// Position in the chain, 0 = leaf.
        depth: usize,
    },
    /// A pathLenConstraint or the depth limit is exceeded.
    #[error("certificate at depth {depth}: {reason}")]
    PathTooLong {
        /// Position in the chain, 0 = leaf.
        depth: usize,
        /// Which limit.
        reason: &'static str,
    },
    /// A critical extension that is not understood.
    #[error("certificate at depth {depth}: unknown critical extension {oid}")]
    UnknownCriticalExtension {
        /// Position in the chain, 0 = leaf.
        depth: usize,
        /// The extension's OID.
        oid: String,
    },
    /// keyUsage forbids the use.
    #[error("certificate at depth {depth}: key usage does not allow {usage}")]
    KeyUsage {
        /// Position in the chain, 0 = leaf.
        depth: usize,
        /// The use refused.
        usage: &'static str,
    },
}

impl CertError {
    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        match self {
            CertError::Malformed(_) => ErrorCode::BadCertificate,
            CertError::TooLarge { .. } => ErrorCode::TooLarge,
            CertError::BadPem(_) => ErrorCode::BadPem,
            CertError::UnsupportedAlgorithm(_) => ErrorCode::UnsupportedAlgorithm,
            CertError::SignatureInvalid { .. } => ErrorCode::SignatureInvalid,
            CertError::Untrusted { .. } => ErrorCode::UntrustedCertificate,
            CertError::Expired { .. } => ErrorCode::CertificateExpired,
            CertError::NotCa { .. } => ErrorCode::CertificateNotCa,
            CertError::PathTooLong { .. } => ErrorCode::PathTooLong,
            CertError::UnknownCriticalExtension { .. } => ErrorCode::UnknownCriticalExtension,
            CertError::KeyUsage { .. } => ErrorCode::KeyUsageNotAllowed,
        }
    }

    pub(crate) fn malformed(what: impl Into<String>) -> Self {
        CertError::Malformed(what.into())
    }
}

impl From<CertError> for Error {
    fn from(e: CertError) -> Self {
        Error::new(e.code(), e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(CertError::malformed("x").code().as_u32(), 7001);
        assert_eq!(
            CertError::Untrusted {
                depth: 0,
                reason: "x"
            }
            .code()
            .as_u32(),
            7002
        );
        assert_eq!(
            CertError::SignatureInvalid { depth: 1 }.code().as_u32(),
            3004
        );
        assert_eq!(
            CertError::UnsupportedAlgorithm("rsa".into())
                .code()
                .as_u32(),
            2007
        );
        let e: Error = CertError::NotCa { depth: 1 }.into();
        assert_eq!(e.code(), ErrorCode::CertificateNotCa);
        assert_eq!(e.message(), "certificate at depth 1 is not a CA");
    }
}
