//! SM2 X.509 certificates (GM/T 0015 / GB/T 20518 on the RFC 5280 profile) and chain
//! verification against pinned roots.
//!
//! ```no_run
//! use govcred::x509::{CertVerifier, Certificate, KeyPurpose};
//! # fn main() -> govcred::Result<()> {
//! let root = Certificate::decode(&std::fs::read("root.pem").unwrap())?;
//! let leaf = Certificate::decode(&std::fs::read("signer.pem").unwrap())?;
//! let ca = Certificate::decode(&std::fs::read("ca.pem").unwrap())?;
//! let verifier = CertVerifier::new(vec![root])?;
//! let chain = verifier.verify(&leaf, &[ca], 1_767_225_600, KeyPurpose::Signing)?;
//! assert_eq!(chain.len(), 3); // leaf, CA, root
//! # Ok(()) }
//! ```
//!
//! Every signature is SM2-with-SM3 with the default distinguishing ID
//! `1234567812345678` (GM/T 0009 §10), checked over the TBSCertificate bytes as received.
//! What is accepted and refused is listed on [`Certificate`] and [`CertVerifier`].

mod certificate;
mod chain;
mod error;
mod extensions;
pub mod oid;
// The BER half of the walker serves the CMS decoder.
#[allow(dead_code)]
pub(crate) mod tlv;

#[cfg(test)]
pub(crate) mod testpki;

pub use certificate::{Certificate, MAX_CERT_LEN};
pub use chain::{CertVerifier, KeyPurpose, MAX_CHAIN_LEN};
pub use error::CertError;
pub use extensions::KeyUsage;

#[cfg(test)]
mod tests;
