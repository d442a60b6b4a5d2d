//! GB/T 35275 / PKCS#7 CMS signatures for the UniFFI door: wrappers over [`crate::cms`],
//! the same calls the C ABI's `govcred_cms_*` make.

use std::sync::Arc;

use crate::cms::{self, CmsOids, TimeSource};
use crate::error::ErrorCode;

use super::x509::{CertVerifier, Certificate, unwrap_all};
use super::{Result, Sm2KeyPair};

/// Which time the signer's chain was checked at.
#[uniffi::remote(Enum)]
pub enum TimeSource {
    /// The signingTime signed attribute.
    SigningTime,
    /// The caller's `now` (the signature has no signingTime).
    Now,
}

/// Which object identifiers a new signature uses.
#[uniffi::remote(Enum)]
pub enum CmsOids {
    /// GB/T 35275: signedData 1.2.156.10197.6.1.4.2.2, data 1.2.156.10197.6.1.4.2.1.
    // The foreign name predates the export of the core enum; kept so callers do not change.
    #[uniffi(name = "Gbt35275")]
    GbT35275,
    /// PKCS#7: signedData 1.2.840.113549.1.7.2, data 1.2.840.113549.1.7.1.
    Pkcs7,
}

/// The outcome of verifying one CMS signature. Every field after `message` is set (or
/// non-empty) only when it passed.
#[derive(uniffi::Record)]
pub struct CmsVerdict {
    /// Whether the signature and its signer's chain verified (exactly when `code` is `Ok`).
    pub passed: bool,
    /// `Ok` when it passes, else why not (e.g. `ContentDigestMismatch`).
    pub code: ErrorCode,
    /// Why, in words.
    pub message: String,
    /// The signer's certificate.
    pub signer: Option<Arc<Certificate>>,
    /// The verified chain, signer first, pinned root last.
    pub chain: Vec<Arc<Certificate>>,
    /// The signingTime attribute, Unix seconds, if present.
    pub signing_time: Option<i64>,
    /// The time the chain was checked at, Unix seconds.
    pub time_used: Option<i64>,
    /// Where `time_used` came from.
    pub time_source: Option<TimeSource>,
    /// The attached content; `None` for a detached signature.
    pub content: Option<Vec<u8>>,
    /// eContentType, dotted.
    pub content_type: Option<String>,
    /// The ContentInfo contentType, dotted (either signedData OID).
    pub outer_type: Option<String>,
    /// Departures from strict CMS that were accepted, by name (`ber_indefinite_length`,
    /// `unsorted_signed_attributes`, `sm2_signature_oid`, `raw_signature_value`,
    /// `data_oid_flavour_mismatch`).
    pub leniencies: Vec<String>,
    /// The verdict as one JSON object, as `govcred cms verify --json` prints it: passed,
    /// code, code_name, message and, when it passed, signer, chain, signing_time,
    /// time_used, time_source, attached, content_length, content_type, outer_type,
    /// leniencies.
    pub json: String,
}

// The attached content may carry personal data.
impl std::fmt::Debug for CmsVerdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CmsVerdict")
            .field("passed", &self.passed)
            .field("code", &self.code)
            .field("time_used", &self.time_used)
            .field("time_source", &self.time_source)
            .field("leniencies", &self.leniencies)
            .finish_non_exhaustive()
    }
}

impl From<crate::Result<cms::CmsVerdict>> for CmsVerdict {
    fn from(result: crate::Result<cms::CmsVerdict>) -> Self {
        let json = cms::verdict_json(&result);
        match result {
            Ok(v) => CmsVerdict {
                passed: true,
                code: ErrorCode::Ok,
                message: ErrorCode::Ok.message().to_owned(),
                json,
                signer: Some(Certificate::wrap(v.signer)),
                chain: v.chain.into_iter().map(Certificate::wrap).collect(),
                signing_time: v.signing_time,
                time_used: Some(v.time_used),
                time_source: Some(v.time_source),
                content: v.content,
                content_type: Some(v.content_type),
                outer_type: Some(v.outer_type),
                leniencies: v.leniencies.iter().map(|l| l.as_str().to_owned()).collect(),
            },
            Err(e) => CmsVerdict {
                passed: false,
                code: e.code(),
                message: e.message().to_owned(),
                signer: None,
                chain: Vec::new(),
                signing_time: None,
                time_used: None,
                time_source: None,
                content: None,
                content_type: None,
                outer_type: None,
                leniencies: Vec::new(),
                json,
            },
        }
    }
}

/// Verifies a CMS / PKCS#7 SignedData (DER, BER or PEM) and its signer's chain with
/// `verifier`, at the signingTime attribute when present, else at `now` (Unix seconds).
///
/// `content` is the signed content of a detached signature (`None`: none given, so the
/// signature must be attached). `extra_certs` are certificates the signature does not
/// embed: the signer's, intermediates. Never throws: every refusal is a verdict with its
/// code (7008 `BadCms`, 7009 `CmsSignerNotFound`, 7010 `ContentDigestMismatch`, 3004
/// `SignatureInvalid`, 2007 `UnsupportedAlgorithm`, 1006 `InvalidArgument` for a detached
/// signature without content, and every chain code of [`CertVerifier::verify`]).
#[uniffi::export(default(content = None, extra_certs = []))]
pub fn cms_verify(
    signature: Vec<u8>,
    verifier: Arc<CertVerifier>,
    now: i64,
    content: Option<Vec<u8>>,
    extra_certs: Vec<Arc<Certificate>>,
) -> CmsVerdict {
    cms::verify(
        &signature,
        content.as_deref(),
        &unwrap_all(&extra_certs),
        &verifier.inner,
        now,
    )
    .into()
}

/// Signs `content` into a detached SignedData (DER) with signed attributes (contentType,
/// signingTime = `signing_time`, messageDigest), SM2-with-SM3 and the default ID; `cert`
/// (whose private key `key` must be, else 3001 `BadPrivateKey`) and `chain` are embedded.
/// `oids` `None` is GB/T 35275. Deterministic: the same inputs give the same bytes.
#[uniffi::export(default(chain = [], oids = None))]
pub fn cms_sign(
    content: Vec<u8>,
    key: Arc<Sm2KeyPair>,
    cert: Arc<Certificate>,
    signing_time: i64,
    chain: Vec<Arc<Certificate>>,
    oids: Option<CmsOids>,
) -> Result<Vec<u8>> {
    let oids = oids.unwrap_or_default();
    Ok(cms::sign_detached_with(
        &content,
        &key.key,
        &cert.inner,
        &unwrap_all(&chain),
        signing_time,
        oids,
    )?)
}
