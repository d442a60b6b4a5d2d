//! One verdict for an OFD document, with a result per signature.

use std::cell::RefCell;
use std::collections::HashMap;

use super::error::OfdError;
use super::locate::{self, SignatureEntry, SignatureKind, SignatureXml};
use super::package::{Limits, Package};
use crate::error::ErrorCode;
use crate::seal::ses::{self, CertList, SesSignature};
use crate::seal::{Leniencies, Leniency, cert, read_sm2_signature};
use crate::sm2::{DEFAULT_ID, VerifyingKey};
use crate::sm3::sm3;

/// SM2 with SM3 (GB/T 33560).
const SM2_SM3: &str = "1.2.156.10197.1.501";
/// Largest SignedValue.dat or Seal.esl read.
const MAX_SIGNED_VALUE: u64 = 4 << 20;

/// How a signature's value is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignedValueFormat {
    /// GB/T 38540 SES_Signature.
    SesV4,
    /// GM/T 0031-2014 SES_Signature.
    SesV1,
    /// GB/T 35275 SignedData.
    Gbt35275,
    /// A bare SM2 signature over Signature.xml.
    Sm2,
}

impl SignedValueFormat {
    /// `"ses-v4"`, `"ses-v1"`, `"gbt35275"` or `"sm2"`.
    pub fn as_str(self) -> &'static str {
        match self {
            SignedValueFormat::SesV4 => "ses-v4",
            SignedValueFormat::SesV1 => "ses-v1",
            SignedValueFormat::Gbt35275 => "gbt35275",
            SignedValueFormat::Sm2 => "sm2",
        }
    }
}

/// Where the signing time comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimeSource {
    /// The time the signature asserts (no timestamp).
    Asserted,
    /// The time the signature asserts; it carries a timestamp token, which is not verified.
    AssertedWithUnverifiedTimestamp,
}

impl TimeSource {
    /// `"asserted"` or `"asserted-timestamp-unverified"`.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeSource::Asserted => "asserted",
            TimeSource::AssertedWithUnverifiedTimestamp => "asserted-timestamp-unverified",
        }
    }
}

/// The outcome for one signature of the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureResult {
    /// The signature's `ID` in Signatures.xml.
    pub id: String,
    /// Seal or Sign.
    pub kind: SignatureKind,
    /// The encoding of SignedValue.dat, once known.
    pub format: Option<SignedValueFormat>,
    /// [`ErrorCode::Ok`] when every check passed, else the first failure.
    pub code: ErrorCode,
    /// What failed, or "ok".
    pub message: String,
    /// The signer certificate's common name.
    pub signer: Option<String>,
    /// The seal's name.
    pub seal_name: Option<String>,
    /// The signing time (Unix seconds), as [`SignatureResult::time_source`] says.
    pub signed_at: Option<i64>,
    /// Where `signed_at` comes from.
    pub time_source: TimeSource,
    /// The leniencies applied while reading the signature.
    pub leniencies: Vec<Leniency>,
}

/// The verdict for one OFD document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfdVerdict {
    /// [`ErrorCode::Ok`] when the document is signed and every signature passes; else
    /// [`ErrorCode::NotSigned`], [`ErrorCode::BadOfd`] or the first failing signature's code.
    pub code: ErrorCode,
    /// What failed, or "ok".
    pub message: String,
    /// One result per signature, in document order.
    pub signatures: Vec<SignatureResult>,
}

impl OfdVerdict {
    /// Whether the document is signed and every signature passes.
    pub fn passed(&self) -> bool {
        self.code == ErrorCode::Ok
    }

    fn failed(e: OfdError) -> Self {
        OfdVerdict {
            code: e.code(),
            message: e.to_string(),
            signatures: Vec::new(),
        }
    }
}

/// Verifies OFD documents against pinned trust roots.
#[derive(Clone, Debug, Default)]
pub struct OfdVerifier {
    roots: Vec<Vec<u8>>,
    signer_certs: Vec<Vec<u8>>,
    limits: Limits,
}

impl OfdVerifier {
    /// A verifier with no trusted roots: intact signatures report
    /// `UntrustedCertificate`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Pins a trusted root certificate (DER).
    pub fn add_root(&mut self, der: Vec<u8>) -> &mut Self {
        self.roots.push(der);
        self
    }

    /// Supplies a signer certificate (DER) for bare signatures, which carry none. The
    /// caller vouches for it: a bare signature that verifies under it passes.
    pub fn add_signer_certificate(&mut self, der: Vec<u8>) -> &mut Self {
        self.signer_certs.push(der);
        self
    }

    /// Replaces the reader's limits.
    pub fn set_limits(&mut self, limits: Limits) -> &mut Self {
        self.limits = limits;
        self
    }

    /// Verifies the OFD `bytes` at time `now` (Unix seconds; used for certificate checks
    /// when a signature asserts no time).
    pub fn verify(&self, bytes: &[u8], now: i64) -> OfdVerdict {
        let package = match Package::open(bytes, self.limits) {
            Ok(p) => p,
            Err(e) => return OfdVerdict::failed(e),
        };
        let entries = match locate::signatures(&package) {
            Ok(e) => e,
            Err(e) => return OfdVerdict::failed(e),
        };
        if entries.is_empty() {
            return OfdVerdict {
                code: ErrorCode::NotSigned,
                message: "the document carries no signature".into(),
                signatures: Vec::new(),
            };
        }
        let digests = RefCell::new(HashMap::new());
        let ctx = Ctx {
            verifier: self,
            package: &package,
            digests: &digests,
            now,
        };
        let signatures: Vec<SignatureResult> = entries.iter().map(|e| ctx.check(e)).collect();
        let first_bad = signatures.iter().find(|s| s.code != ErrorCode::Ok);
        let (code, message) = match first_bad {
            None => (ErrorCode::Ok, "ok".to_owned()),
            Some(s) => (s.code, format!("signature {}: {}", s.id, s.message)),
        };
        OfdVerdict {
            code,
            message,
            signatures,
        }
    }
}

struct Ctx<'v, 'p> {
    verifier: &'v OfdVerifier,
    package: &'p Package<'p>,
    digests: &'p RefCell<HashMap<String, Result<[u8; 32], OfdError>>>,
    now: i64,
}

impl Ctx<'_, '_> {
    fn check(&self, entry: &SignatureEntry) -> SignatureResult {
        let mut result = SignatureResult {
            id: entry.id.clone(),
            kind: entry.kind,
            format: None,
            code: ErrorCode::Ok,
            message: "ok".into(),
            signer: None,
            seal_name: None,
            signed_at: None,
            time_source: TimeSource::Asserted,
            leniencies: Vec::new(),
        };
        let mut notes = Leniencies::default();
        let outcome = self.check_inner(entry, &mut result, &mut notes);
        result.leniencies = notes.as_slice().to_vec();
        if let Err(e) = outcome {
            result.code = e.code();
            result.message = e.to_string();
        }
        result
    }

    fn check_inner(
        &self,
        entry: &SignatureEntry,
        result: &mut SignatureResult,
        notes: &mut Leniencies,
    ) -> Result<(), OfdError> {
        let limits = self.package.limits();
        let xml_raw = self.package.read(&entry.path, limits.max_xml)?;
        let sx = locate::signature_xml(&xml_raw, &entry.path, limits.max_references)?;
        check_method(&sx.check_method)?;
        let value = self.package.read(&sx.signed_value, MAX_SIGNED_VALUE)?;
        match entry.kind {
            SignatureKind::Seal => self.check_seal(&sx, &xml_raw, &value, result, notes),
            SignatureKind::Sign => self.check_sign(&sx, &xml_raw, &value, result, notes),
        }
    }

    fn check_references(&self, sx: &SignatureXml) -> Result<(), OfdError> {
        for r in &sx.references {
            let digest = self.digest(&r.path)?;
            if digest.as_slice() != r.check_value.as_slice() {
                return Err(OfdError::DigestMismatch(format!(
                    "{} changed after signing",
                    r.file_ref
                )));
            }
        }
        Ok(())
    }

    fn digest(&self, path: &str) -> Result<[u8; 32], OfdError> {
        if let Some(d) = self.digests.borrow().get(path) {
            return d.clone();
        }
        let d = if self.package.contains(path) {
            self.package.sm3(path)
        } else {
            Err(OfdError::DigestMismatch(format!(
                "protected file /{path} is missing"
            )))
        };
        self.digests.borrow_mut().insert(path.to_owned(), d.clone());
        d
    }

    fn check_seal(
        &self,
        sx: &SignatureXml,
        xml_raw: &[u8],
        value: &[u8],
        result: &mut SignatureResult,
        notes: &mut Leniencies,
    ) -> Result<(), OfdError> {
        let ses = ses::parse_signature(value, notes).map_err(|e| OfdError::seal(e.0))?;
        result.format = Some(match ses.version {
            ses::SesVersion::V1 => SignedValueFormat::SesV1,
            ses::SesVersion::V4 => SignedValueFormat::SesV4,
        });
        result.seal_name = Some(ses.seal.name.to_owned());
        result.signer = cert::subject_common_name(ses.signer_cert);
        result.signed_at = Some(ses.time.unix);
        if ses.timestamp.is_some() {
            result.time_source = TimeSource::AssertedWithUnverifiedTimestamp;
        }
        if ses.signature_alg != SM2_SM3 || ses.seal.maker_alg != SM2_SM3 {
            return Err(OfdError::Coded(
                ErrorCode::UnsupportedSignature,
                "seal signature algorithm is not SM2 with SM3".into(),
            ));
        }
        // Seal.esl, when named, must be the seal that was signed.
        if let Some(esl) = &sx.seal {
            let stored = self.package.read(esl, MAX_SIGNED_VALUE)?;
            if stored != ses.seal.raw {
                return Err(OfdError::Coded(
                    ErrorCode::SealMismatch,
                    format!("/{esl} differs from the seal in the signature"),
                ));
            }
        }
        self.check_references(sx)?;
        if ses.data_hash != sm3(xml_raw) {
            return Err(OfdError::DigestMismatch(
                "dataHash is not the SM3 of Signature.xml".into(),
            ));
        }
        check_maker(&ses, notes)?;
        let signer_key = cert::public_key(ses.signer_cert)?;
        let sig = read_sm2_signature(ses.signature, notes)?;
        VerifyingKey::new(signer_key, DEFAULT_ID)?.verify(ses.tbs_raw, &sig)?;
        check_cert_list(&ses)?;
        let seal = &ses.seal;
        if ses.time.unix < seal.valid_start.unix || ses.time.unix > seal.valid_end.unix {
            return Err(OfdError::Coded(
                ErrorCode::SealNotValid,
                format!(
                    "signed at {} outside the seal's validity {} – {}",
                    ses.time.text, seal.valid_start.text, seal.valid_end.text
                ),
            ));
        }
        self.check_chain(seal.maker_cert, ses.time.unix)?;
        self.check_chain(ses.signer_cert, ses.time.unix)?;
        Ok(())
    }

    fn check_sign(
        &self,
        sx: &SignatureXml,
        xml_raw: &[u8],
        value: &[u8],
        result: &mut SignatureResult,
        notes: &mut Leniencies,
    ) -> Result<(), OfdError> {
        if looks_like_content_info(value) {
            result.format = Some(SignedValueFormat::Gbt35275);
            self.check_references(sx)?;
            return Err(OfdError::Coded(
                ErrorCode::UnsupportedSignature,
                "GB/T 35275 SignedData verification is not yet supported".into(),
            ));
        }
        result.format = Some(SignedValueFormat::Sm2);
        let sig = read_sm2_signature(value, notes).map_err(|e| {
            OfdError::Coded(
                ErrorCode::UnsupportedSignature,
                format!("SignedValue is neither GB/T 35275 nor an SM2 signature ({e})"),
            )
        })?;
        self.check_references(sx)?;
        if self.verifier.signer_certs.is_empty() {
            return Err(OfdError::Coded(
                ErrorCode::SignerCertificateMissing,
                "a bare SM2 signature needs the signer's certificate".into(),
            ));
        }
        for c in &self.verifier.signer_certs {
            let Ok(key) = cert::public_key(c) else {
                continue;
            };
            if VerifyingKey::new(key, DEFAULT_ID)?
                .verify(xml_raw, &sig)
                .is_ok()
            {
                result.signer = cert::subject_common_name(c);
                return Ok(());
            }
        }
        Err(OfdError::Coded(
            ErrorCode::SignatureInvalid,
            "the bare SM2 signature verifies under no supplied certificate".into(),
        ))
    }

    fn check_chain(&self, _cert: &[u8], _at: i64) -> Result<(), OfdError> {
        let _ = (self.now, &self.verifier.roots);
        Err(OfdError::Coded(
            ErrorCode::UnsupportedSignature,
            "certificate chain verification is not yet available".into(),
        ))
    }
}

// SM3 under every spelling seen in real files; MD5 and SHA-1 are weak; anything else is
// unsupported.
fn check_method(method: &str) -> Result<(), OfdError> {
    let m = method.trim();
    if m.eq_ignore_ascii_case("sm3") || m == "1.2.156.10197.1.401" || m == "1.2.156.10197.1.401.2" {
        return Ok(());
    }
    let weak = [
        "md5",
        "sha1",
        "sha-1",
        "1.2.840.113549.2.5",
        "1.3.14.3.2.26",
    ];
    if m.is_empty() {
        return Err(OfdError::WeakDigest(
            "References has no CheckMethod (MD5 by default)".into(),
        ));
    }
    if weak.iter().any(|w| m.eq_ignore_ascii_case(w)) {
        return Err(OfdError::WeakDigest(format!("CheckMethod {m} is weak")));
    }
    Err(OfdError::Coded(
        ErrorCode::UnsupportedSignature,
        format!("unsupported CheckMethod {m:?}"),
    ))
}

fn check_maker(ses: &SesSignature<'_>, notes: &mut Leniencies) -> Result<(), OfdError> {
    let seal = &ses.seal;
    let invalid = |why: String| OfdError::Coded(ErrorCode::SealSignatureInvalid, why);
    let key = cert::public_key(seal.maker_cert)
        .map_err(|e| invalid(format!("seal maker certificate: {e}")))?;
    let sig = read_sm2_signature(seal.maker_signature, notes)
        .map_err(|e| invalid(format!("seal maker signature: {e}")))?;
    VerifyingKey::new(key, DEFAULT_ID)?
        .verify(&seal.maker_signed, &sig)
        .map_err(|_| invalid("the seal maker's signature does not verify".into()))
}

fn check_cert_list(ses: &SesSignature<'_>) -> Result<(), OfdError> {
    let found = match &ses.seal.cert_list {
        CertList::Certificates(list) => list.contains(&ses.signer_cert),
        CertList::Digests(list) => list.iter().any(|(alg, d)| {
            let a = alg.trim();
            (a.eq_ignore_ascii_case("sm3") || a == "1.2.156.10197.1.401")
                && *d == sm3(ses.signer_cert).as_slice()
        }),
    };
    if found {
        Ok(())
    } else {
        Err(OfdError::Coded(
            ErrorCode::SignerNotInSeal,
            "the signer's certificate is not in the seal's certList".into(),
        ))
    }
}

// A ContentInfo starts SEQUENCE { OID signedData, … }; a bare SM2 signature is a SEQUENCE
// of two INTEGERs or 64 raw bytes.
fn looks_like_content_info(value: &[u8]) -> bool {
    use crate::seal::der::{Reader, tag};
    let Ok(outer) = crate::seal::der::single(value, tag::SEQUENCE, "ContentInfo") else {
        return false;
    };
    let r: Reader<'_> = outer.reader();
    r.peek_tag() == Some(tag::OID)
}
