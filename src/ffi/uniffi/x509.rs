//! SM2 X.509 certificates and chain verification for the UniFFI door: wrappers over
//! [`crate::x509`], the same calls the C ABI's `govcred_cert_*` make.

use std::sync::Arc;

use crate::x509;
use crate::x509::KeyPurpose;

use super::{Result, Sm2PublicKey};

/// A parsed SM2 X.509 certificate (nothing verified yet). Immutable; share it freely.
#[derive(uniffi::Object)]
pub struct Certificate {
    pub(super) inner: x509::Certificate,
}

impl Certificate {
    pub(super) fn wrap(inner: x509::Certificate) -> Arc<Self> {
        Arc::new(Certificate { inner })
    }
}

pub(super) fn unwrap_all(certs: &[Arc<Certificate>]) -> Vec<x509::Certificate> {
    certs.iter().map(|c| c.inner.clone()).collect()
}

/// Every certificate in `input`: one DER certificate, or each `CERTIFICATE` block of a PEM
/// bundle in order. Throws as [`Certificate::decode`] for the first one that fails.
#[uniffi::export]
pub fn decode_certificates(input: Vec<u8>) -> Result<Vec<Arc<Certificate>>> {
    Ok(x509::Certificate::decode_all(&input)?
        .into_iter()
        .map(Certificate::wrap)
        .collect())
}

#[uniffi::export]
impl Certificate {
    /// From DER or PEM (the first `CERTIFICATE` block). RSA and ECDSA certificates throw
    /// 2007 (`UnsupportedAlgorithm`), malformed ones 7001 (`BadCertificate`).
    #[uniffi::constructor]
    pub fn decode(input: Vec<u8>) -> Result<Arc<Self>> {
        Ok(Certificate::wrap(x509::Certificate::decode(&input)?))
    }

    /// The DER, exactly as parsed.
    pub fn to_der(&self) -> Vec<u8> {
        self.inner.to_der().to_vec()
    }

    /// PEM `CERTIFICATE`.
    pub fn to_pem(&self) -> String {
        self.inner.to_pem()
    }

    /// The subject, RFC 4514 string form (`CN=…,O=…,C=CN`).
    pub fn subject(&self) -> String {
        self.inner.subject()
    }

    /// The issuer, RFC 4514 string form.
    pub fn issuer(&self) -> String {
        self.inner.issuer()
    }

    /// The serial number's INTEGER content bytes as encoded, lowercase hex.
    pub fn serial_hex(&self) -> String {
        crate::hex::encode(self.inner.serial())
    }

    /// notBefore, Unix seconds.
    pub fn not_before(&self) -> i64 {
        self.inner.not_before()
    }

    /// notAfter, Unix seconds.
    pub fn not_after(&self) -> i64 {
        self.inner.not_after()
    }

    /// keyUsage as its bit mask, bit n of the extension as `1 << n` (digitalSignature 1,
    /// nonRepudiation 2, keyEncipherment 4, dataEncipherment 8, keyAgreement 16,
    /// keyCertSign 32, cRLSign 64, encipherOnly 128, decipherOnly 256); `None` when absent.
    pub fn key_usage_bits(&self) -> Option<u32> {
        self.inner.key_usage().map(|k| u32::from(k.bits()))
    }

    /// keyUsage as RFC 5280 names (`digitalSignature`, …) in bit order; `None` when absent.
    pub fn key_usage(&self) -> Option<Vec<String>> {
        self.inner
            .key_usage()
            .map(|k| k.names().into_iter().map(str::to_owned).collect())
    }

    /// Whether basicConstraints says cA TRUE.
    pub fn is_ca(&self) -> bool {
        self.inner.is_ca()
    }

    /// basicConstraints pathLenConstraint, when present.
    pub fn path_len(&self) -> Option<u32> {
        self.inner.path_len()
    }

    /// subjectKeyIdentifier, lowercase hex, when present.
    pub fn subject_key_id_hex(&self) -> Option<String> {
        self.inner.subject_key_id().map(crate::hex::encode)
    }

    /// authorityKeyIdentifier's keyIdentifier, lowercase hex, when present.
    pub fn authority_key_id_hex(&self) -> Option<String> {
        self.inner.authority_key_id().map(crate::hex::encode)
    }

    /// The subject's SM2 public key.
    pub fn public_key(&self) -> Arc<Sm2PublicKey> {
        Arc::new(Sm2PublicKey {
            key: self.inner.public_key(),
        })
    }

    /// The subject's SM2 public key `04‖X‖Y`, lowercase hex.
    pub fn public_key_hex(&self) -> String {
        crate::hex::encode(&self.inner.public_key().to_uncompressed())
    }

    /// Every field as one JSON object, as `govcred cert inspect` prints it: subject, issuer,
    /// serial, not_before, not_after, key_usage, is_ca, path_len, subject_key_id,
    /// authority_key_id, public_key.
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }
}

/// What the leaf certificate is used for.
#[uniffi::remote(Enum)]
pub enum KeyPurpose {
    /// Signing: keyUsage, when present, allows digitalSignature or nonRepudiation.
    Signing,
    /// No keyUsage requirement on the leaf.
    Any,
}

/// Verifies chains up to pinned root certificates. Immutable; share one between threads.
#[derive(uniffi::Object)]
pub struct CertVerifier {
    pub(super) inner: x509::CertVerifier,
}

#[uniffi::export]
impl CertVerifier {
    /// A verifier trusting `roots` (at least one; 1006 `InvalidArgument` otherwise).
    #[uniffi::constructor]
    pub fn new(roots: Vec<Arc<Certificate>>) -> Result<Arc<Self>> {
        Ok(Arc::new(CertVerifier {
            inner: x509::CertVerifier::new(unwrap_all(&roots))?,
        }))
    }

    /// Verifies `leaf` at `now` (Unix seconds) through any of `intermediates` (any order,
    /// unrelated ones allowed) to a pinned root, for `purpose`. Returns the chain, leaf
    /// first, pinned root last. Throws 7002 `UntrustedCertificate`, 7003
    /// `CertificateExpired`, 7004 `CertificateNotCa`, 7005 `PathTooLong`, 7006
    /// `UnknownCriticalExtension`, 7007 `KeyUsageNotAllowed` or 3004 `SignatureInvalid`.
    pub fn verify(
        &self,
        leaf: Arc<Certificate>,
        intermediates: Vec<Arc<Certificate>>,
        now: i64,
        purpose: KeyPurpose,
    ) -> Result<Vec<Arc<Certificate>>> {
        Ok(self
            .inner
            .verify(&leaf.inner, &unwrap_all(&intermediates), now, purpose)?
            .into_iter()
            .map(Certificate::wrap)
            .collect())
    }
}
