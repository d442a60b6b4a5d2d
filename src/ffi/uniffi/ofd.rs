//! OFD documents with seals and signatures for the UniFFI door: wrappers over
//! [`crate::ofd`], the same calls the C ABI's `govcred_ofd_*` make.

use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::error::ErrorCode;
use crate::ofd;
use crate::x509;

use super::Result;

/// Verifies OFD documents against pinned root certificates.
///
/// Configured with [`OfdVerifier::add_root`] and [`OfdVerifier::add_cert`]; the Rust
/// verifier takes those by `&mut`, so it sits behind a read-write lock: configuring waits
/// for running verifications, and any number of verifications run at once. Share one
/// between threads.
#[derive(uniffi::Object)]
pub struct OfdVerifier {
    inner: RwLock<ofd::OfdVerifier>,
}

impl OfdVerifier {
    // A panic while holding the lock cannot leave the verifier half-changed (each change is
    // one push), so a poisoned lock is still usable.
    fn read(&self) -> RwLockReadGuard<'_, ofd::OfdVerifier> {
        self.inner.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, ofd::OfdVerifier> {
        self.inner.write().unwrap_or_else(|e| e.into_inner())
    }
}

#[uniffi::export]
impl OfdVerifier {
    /// A verifier with no trusted root and no signer certificate: intact signatures report
    /// 7002 `UntrustedCertificate` until roots are added.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(OfdVerifier {
            inner: RwLock::new(ofd::OfdVerifier::new()),
        })
    }

    /// Pins a trusted root certificate, DER or PEM (the first `CERTIFICATE` block). Every
    /// seal's maker and signer certificates, and the signer of every GB/T 35275 signature,
    /// must chain to a pinned root at the signing time. Throws 7001 `BadCertificate`, 2010
    /// `BadPem` or 2007 `UnsupportedAlgorithm` for an unusable certificate (the verifier is
    /// then unchanged).
    pub fn add_root(&self, cert: Vec<u8>) -> Result<()> {
        let cert = x509::Certificate::decode(&cert)?;
        self.write().add_root(cert)?;
        Ok(())
    }

    /// Supplies a signer certificate, DER or PEM, for bare SM2 signatures, which carry
    /// none: the caller vouches for it, and a bare signature that verifies under it passes.
    /// GB/T 35275 signatures may also find their signer or intermediates among these, but
    /// still need a chain to a pinned root. Throws as [`OfdVerifier::add_root`].
    pub fn add_cert(&self, cert: Vec<u8>) -> Result<()> {
        let cert = x509::Certificate::decode(&cert)?;
        self.write().add_signer_certificate(cert);
        Ok(())
    }

    /// Verifies the OFD document `ofd` (the zip file's bytes) at `now` (Unix seconds; the
    /// certificate time of a signature that asserts none). Never throws: a malformed,
    /// unsigned or failing document is a verdict with its code.
    pub fn verify(&self, ofd: Vec<u8>, now: i64) -> OfdVerdict {
        self.read().verify(&ofd, now).into()
    }
}

/// The outcome for one signature of an OFD document.
// No Debug: `signer` and `seal_name` may name a person.
#[derive(uniffi::Record)]
pub struct OfdSignature {
    /// The signature's `ID` in Signatures.xml.
    pub id: String,
    /// `"seal"` (签章; also when `Type` is absent) or `"sign"` (签名).
    pub kind: String,
    /// The encoding of SignedValue.dat: `"ses-v4"`, `"ses-v1"`, `"gbt35275"` or `"sm2"`;
    /// `None` when the signature failed before its value was read.
    pub format: Option<String>,
    /// `Ok` when every check passed, else the first failure (e.g. `DigestMismatch`).
    pub code: ErrorCode,
    /// What failed, or "ok".
    pub message: String,
    /// The signer certificate's common name.
    pub signer: Option<String>,
    /// The seal's name.
    pub seal_name: Option<String>,
    /// The signing time, Unix seconds, as `time_source` says.
    pub signed_at: Option<i64>,
    /// Where `signed_at` comes from: `"asserted"`, `"asserted-timestamp-unverified"`,
    /// `"signature-date-time"` or `"now"`.
    pub time_source: String,
    /// The leniencies applied while reading the signature, by name.
    pub leniencies: Vec<String>,
}

/// The verdict for one OFD document.
#[derive(uniffi::Record)]
pub struct OfdVerdict {
    /// Whether the document is signed and every signature passes (exactly when `code` is
    /// `Ok`).
    pub passed: bool,
    /// `Ok` when it passes, else `NotSigned`, `BadOfd` or the first failing signature's
    /// code.
    pub code: ErrorCode,
    /// What failed, or "ok".
    pub message: String,
    /// One result per signature, in document order (empty for a document that could not
    /// be read).
    pub signatures: Vec<OfdSignature>,
    /// The verdict as one JSON object, as `govcred verify-ofd` prints it: passed, code,
    /// code_name, message, signatures (`[{id, type, format, code, code_name, message,
    /// signer, seal_name, signed_at (RFC 3339 in UTC+8), time_source, leniencies}]`),
    /// license.
    pub json: String,
}

impl From<ofd::SignatureResult> for OfdSignature {
    fn from(s: ofd::SignatureResult) -> Self {
        OfdSignature {
            id: s.id,
            kind: s.kind.as_str().to_owned(),
            format: s.format.map(|f| f.as_str().to_owned()),
            code: s.code,
            message: s.message,
            signer: s.signer,
            seal_name: s.seal_name,
            signed_at: s.signed_at,
            time_source: s.time_source.as_str().to_owned(),
            leniencies: s.leniencies.iter().map(|l| l.as_str().to_owned()).collect(),
        }
    }
}

impl From<ofd::OfdVerdict> for OfdVerdict {
    fn from(v: ofd::OfdVerdict) -> Self {
        let json = v.to_json();
        OfdVerdict {
            passed: v.passed(),
            code: v.code,
            message: v.message,
            signatures: v.signatures.into_iter().map(OfdSignature::from).collect(),
            json,
        }
    }
}
