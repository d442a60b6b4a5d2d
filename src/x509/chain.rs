//! Chain verification against pinned roots (RFC 5280 §6, the parts a closed SM2 PKI uses).

use super::certificate::Certificate;
use super::error::CertError;
use super::extensions::KeyUsage;
use crate::error::{Error, ErrorCode, Result};

/// Longest chain accepted, leaf and root included.
pub const MAX_CHAIN_LEN: usize = 8;

/// Most issuer signatures one `verify` call checks while searching for a path; bounds the
/// work an adversarial pile of look-alike intermediates can cause.
const SIGNATURE_BUDGET: usize = 64;

/// What the leaf certificate is used for; decides the keyUsage it needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyPurpose {
    /// The leaf signs data (CMS, seals, documents): its keyUsage, when present, must include
    /// digitalSignature or nonRepudiation.
    Signing,
    /// No requirement on the leaf's keyUsage (checking the chain of an encryption
    /// certificate, or of a CA certificate itself).
    Any,
}

/// Verifies certificate chains up to a fixed set of pinned root certificates.
///
/// [`verify`](CertVerifier::verify) builds a path from the leaf through the supplied
/// intermediates to a pinned root by issuer/subject names (compared as DER bytes) and, when
/// both are present, authorityKeyIdentifier/subjectKeyIdentifier, trying each candidate
/// until one path verifies. For every certificate of the path it checks:
///
/// - the issuer's SM2-with-SM3 signature (default ID) over the TBS bytes as received
///   (`SignatureInvalid`);
/// - validity at `now`, notBefore ≤ now ≤ notAfter, for the leaf, the intermediates and the
///   root (`CertificateExpired`);
/// - no critical extension other than those listed in the extensions module
///   (`UnknownCriticalExtension`);
/// - for every issuer, the pinned root included: basicConstraints cA TRUE
///   (`CertificateNotCa`), keyUsage keyCertSign when keyUsage is present
///   (`KeyUsageNotAllowed`), and pathLenConstraint against the number of non-self-issued
///   intermediates below it, counted as OpenSSL counts them (`PathTooLong`);
/// - for the leaf, the keyUsage [`KeyPurpose`] needs (`KeyUsageNotAllowed`);
/// - at most [`MAX_CHAIN_LEN`] certificates (`PathTooLong`).
///
/// No path at all is `UntrustedCertificate`. When several candidate paths fail, the error
/// of the first one tried is returned (pinned roots are tried before intermediates).
/// Revocation (CRL, OCSP) is not checked.
#[derive(Clone, Debug)]
pub struct CertVerifier {
    roots: Vec<Certificate>,
}

impl CertVerifier {
    /// A verifier trusting exactly `roots` (usually self-signed CA certificates; an
    /// intermediate may be pinned too, and then its own issuer is never consulted).
    /// At least one root is required.
    pub fn new(roots: Vec<Certificate>) -> Result<CertVerifier> {
        if roots.is_empty() {
            return Err(Error::new(
                ErrorCode::InvalidArgument,
                "a certificate verifier needs at least one root",
            ));
        }
        let mut unique: Vec<Certificate> = Vec::with_capacity(roots.len());
        for r in roots {
            if !unique.contains(&r) {
                unique.push(r);
            }
        }
        Ok(CertVerifier { roots: unique })
    }

    /// The pinned roots.
    pub fn roots(&self) -> &[Certificate] {
        &self.roots
    }

    /// Verifies `leaf` at `now` (Unix seconds) and returns the chain, leaf first, pinned
    /// root last. `intermediates` may be in any order and may hold unrelated certificates.
    pub fn verify(
        &self,
        leaf: &Certificate,
        intermediates: &[Certificate],
        now: i64,
        usage: KeyPurpose,
    ) -> Result<Vec<Certificate>> {
        Ok(self.verify_chain(leaf, intermediates, now, usage)?)
    }

    pub(crate) fn verify_chain(
        &self,
        leaf: &Certificate,
        intermediates: &[Certificate],
        now: i64,
        usage: KeyPurpose,
    ) -> Result<Vec<Certificate>, CertError> {
        check_common(leaf, 0, now)?;
        if usage == KeyPurpose::Signing {
            if let Some(ku) = leaf.key_usage() {
                if !ku.intersects(KeyUsage::DIGITAL_SIGNATURE | KeyUsage::NON_REPUDIATION) {
                    return Err(CertError::KeyUsage {
                        depth: 0,
                        usage: "signing (digitalSignature or nonRepudiation)",
                    });
                }
            }
        }
        let mut path = vec![leaf.clone()];
        let mut budget = SIGNATURE_BUDGET;
        self.extend(&mut path, intermediates, now, &mut budget)?;
        Ok(path)
    }

    // Extends `path` (leaf first) until it ends in a pinned root.
    fn extend(
        &self,
        path: &mut Vec<Certificate>,
        intermediates: &[Certificate],
        now: i64,
        budget: &mut usize,
    ) -> Result<(), CertError> {
        let Some(child) = path.last().cloned() else {
            return Err(CertError::Untrusted {
                depth: 0,
                reason: "empty path",
            });
        };
        let depth = path.len() - 1;
        if self.roots.contains(&child) {
            return Ok(());
        }
        if path.len() >= MAX_CHAIN_LEN {
            return Err(CertError::PathTooLong {
                depth,
                reason: "chain longer than the depth limit",
            });
        }
        let candidates = self
            .roots
            .iter()
            .map(|c| (c, true))
            .chain(
                intermediates
                    .iter()
                    .filter(|c| !self.roots.contains(c))
                    .map(|c| (c, false)),
            )
            .filter(|(c, _)| !path.contains(c) && may_issue(c, &child))
            .collect::<Vec<_>>();
        let mut first_error = None;
        for (candidate, is_root) in candidates {
            match self.try_issuer(path, candidate, is_root, intermediates, now, budget) {
                Ok(()) => return Ok(()),
                Err(e) => {
                    if first_error.is_none() {
                        first_error = Some(e);
                    }
                }
            }
            if *budget == 0 {
                break;
            }
        }
        Err(first_error.unwrap_or(CertError::Untrusted {
            depth,
            reason: "issuer is not a pinned root and no supplied certificate issued it",
        }))
    }

    fn try_issuer(
        &self,
        path: &mut Vec<Certificate>,
        issuer: &Certificate,
        is_root: bool,
        intermediates: &[Certificate],
        now: i64,
        budget: &mut usize,
    ) -> Result<(), CertError> {
        let depth = path.len();
        let Some(child) = path.last() else {
            return Err(CertError::Untrusted {
                depth: 0,
                reason: "empty path",
            });
        };
        if *budget == 0 {
            return Err(CertError::Untrusted {
                depth,
                reason: "path search gave up after too many candidate issuers",
            });
        }
        *budget -= 1;
        child.check_signed_by(issuer, depth - 1)?;
        check_common(issuer, depth, now)?;
        if !issuer.is_ca() {
            return Err(CertError::NotCa { depth });
        }
        if let Some(ku) = issuer.key_usage() {
            if !ku.contains(KeyUsage::KEY_CERT_SIGN) {
                return Err(CertError::KeyUsage {
                    depth,
                    usage: "certificate signing (keyCertSign)",
                });
            }
        }
        if let Some(limit) = issuer.path_len() {
            // Intermediates between this issuer and the leaf, self-issued ones not counted
            // (RFC 5280 §6.1.4 (l), OpenSSL's check_chain_extensions).
            let below = path[1..].iter().filter(|c| !c.is_self_issued()).count();
            if u32::try_from(below).map_or(true, |b| b > limit) {
                return Err(CertError::PathTooLong {
                    depth,
                    reason: "pathLenConstraint exceeded",
                });
            }
        }
        if is_root {
            path.push(issuer.clone());
            return Ok(());
        }
        path.push(issuer.clone());
        let result = self.extend(path, intermediates, now, budget);
        if result.is_err() {
            path.pop();
        }
        result
    }
}

// Validity and critical extensions, the checks every certificate of a path gets.
fn check_common(cert: &Certificate, depth: usize, now: i64) -> Result<(), CertError> {
    if now < cert.not_before() {
        return Err(CertError::Expired {
            depth,
            state: "not yet valid",
            at: now,
        });
    }
    if now > cert.not_after() {
        return Err(CertError::Expired {
            depth,
            state: "expired",
            at: now,
        });
    }
    if let Some(oid) = cert.unknown_critical_extension() {
        return Err(CertError::UnknownCriticalExtension {
            depth,
            oid: oid.to_owned(),
        });
    }
    Ok(())
}

// Whether `issuer` is a candidate issuer of `child`: names match, and key identifiers
// match when both are present.
fn may_issue(issuer: &Certificate, child: &Certificate) -> bool {
    if issuer.subject_der() != child.issuer_der() {
        return false;
    }
    match (child.authority_key_id(), issuer.subject_key_id()) {
        (Some(aki), Some(ski)) => aki == ski,
        _ => true,
    }
}
