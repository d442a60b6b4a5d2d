//! One verdict for an OFD document, with a result per signature.

use std::cell::RefCell;
use std::collections::HashMap;

use base64ct::{Base64, Encoding};

use super::datetime::{display_cst, parse_signature_date_time};
use super::error::OfdError;
use super::locate::{self, SignatureEntry, SignatureKind, SignatureXml};
use super::package::{Limits, Package};
use crate::cms;
use crate::error::ErrorCode;
use crate::seal::ses::{self, CertList, SesSignature};
use crate::seal::{Leniencies, Leniency, read_sm2_signature};
use crate::sm3::sm3;
use crate::x509::{CertVerifier, Certificate, KeyPurpose};

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
    /// The time the signature asserts (a seal's timeInfo, a GB/T 35275 signingTime
    /// attribute), no timestamp.
    Asserted,
    /// The time the signature asserts; it carries a timestamp token, which is not verified.
    AssertedWithUnverifiedTimestamp,
    /// The `SignatureDateTime` of Signature.xml, which the signature covers (a GB/T 35275
    /// signature without signingTime, a bare SM2 signature).
    SignatureDateTime,
    /// The caller's `now`: the signature asserts no time that could be read.
    Now,
}

impl TimeSource {
    /// `"asserted"`, `"asserted-timestamp-unverified"`, `"signature-date-time"` or `"now"`.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeSource::Asserted => "asserted",
            TimeSource::AssertedWithUnverifiedTimestamp => "asserted-timestamp-unverified",
            TimeSource::SignatureDateTime => "signature-date-time",
            TimeSource::Now => "now",
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

    /// The verdict as one JSON object, the form `govcred verify-ofd` prints and every door's
    /// JSON view uses: passed, code, code_name, message, signatures (`[{id, type ("seal" or
    /// "sign"), format ("ses-v4", "ses-v1", "gbt35275", "sm2" or null), code, code_name,
    /// message, signer, seal_name, signed_at (RFC 3339 in UTC+8, or null), time_source,
    /// leniencies (names)}]`) and license (the e-license read from the document: null, as
    /// the verifier does not read e-license metadata).
    pub fn to_json(&self) -> String {
        crate::error::verdict_json(self.code, &self.message, self.json_fields())
    }

    /// The fields after the shared verdict head.
    fn json_fields(&self) -> serde_json::Value {
        let signatures: Vec<serde_json::Value> = self
            .signatures
            .iter()
            .map(|s| {
                serde_json::json!({
                    "id": s.id,
                    "type": s.kind.as_str(),
                    "format": s.format.map(SignedValueFormat::as_str),
                    "code": s.code.as_u32(),
                    "code_name": s.code.name(),
                    "message": s.message,
                    "signer": s.signer,
                    "seal_name": s.seal_name,
                    "signed_at": s.signed_at.and_then(display_cst),
                    "time_source": s.time_source.as_str(),
                    "leniencies": s.leniencies.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
                })
            })
            .collect();
        serde_json::json!({
            "signatures": signatures,
            "license": serde_json::Value::Null,
        })
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
///
/// Every seal's maker and signer certificates, and the signer of every GB/T 35275
/// signature, must chain to a pinned root at the signing time; with no root pinned, an
/// intact signature reports `UntrustedCertificate`. A bare SM2 signature carries no
/// certificate: it passes when it verifies under a certificate supplied with
/// [`OfdVerifier::add_signer_certificate`].
#[derive(Clone, Debug, Default)]
pub struct OfdVerifier {
    roots: Vec<Certificate>,
    chains: Option<CertVerifier>,
    signer_certs: Vec<Certificate>,
    limits: Limits,
}

impl OfdVerifier {
    /// A verifier with no trusted roots: intact signatures report
    /// `UntrustedCertificate`.
    pub fn new() -> Self {
        Self::default()
    }

    /// A verifier trusting `roots`.
    pub fn with_roots(roots: Vec<Certificate>) -> crate::Result<Self> {
        let mut v = Self::new();
        for r in roots {
            v.add_root(r)?;
        }
        Ok(v)
    }

    /// Pins a trusted root certificate.
    pub fn add_root(&mut self, root: Certificate) -> crate::Result<&mut Self> {
        self.roots.push(root);
        self.chains = Some(CertVerifier::new(self.roots.clone())?);
        Ok(self)
    }

    /// Supplies a signer certificate for bare signatures, which carry none. The caller
    /// vouches for it: a bare signature that verifies under it passes. GB/T 35275
    /// signatures may find their signer or intermediates among these certificates too, but
    /// still need a chain to a pinned root.
    pub fn add_signer_certificate(&mut self, cert: Certificate) -> &mut Self {
        self.signer_certs.push(cert);
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
        let signer_cert = Certificate::from_der(ses.signer_cert)?;
        result.signer = Some(signer_cert.subject());
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
        let sig = read_sm2_signature(ses.signature, notes)?;
        signer_cert.verifying_key().verify(ses.tbs_raw, &sig)?;
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
        let maker_cert = Certificate::from_der(seal.maker_cert)?;
        self.check_chain(&maker_cert, &[], ses.time.unix)?;
        self.check_chain(&signer_cert, &[], ses.time.unix)?;
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
        // Signature.xml is signed, so its SignatureDateTime is the signer's assertion.
        let declared = sx.date_time.as_deref().and_then(parse_signature_date_time);
        if looks_like_content_info(value) {
            result.format = Some(SignedValueFormat::Gbt35275);
            self.check_references(sx)?;
            return self.check_gbt35275(xml_raw, value, declared, result, notes);
        }
        result.format = Some(SignedValueFormat::Sm2);
        let sig = read_sm2_signature(value, notes).map_err(|e| {
            OfdError::Coded(
                ErrorCode::UnsupportedSignature,
                format!("SignedValue is neither GB/T 35275 nor an SM2 signature ({e})"),
            )
        })?;
        if let Some(t) = declared {
            result.signed_at = Some(t);
            result.time_source = TimeSource::SignatureDateTime;
        }
        self.check_references(sx)?;
        if self.verifier.signer_certs.is_empty() {
            return Err(OfdError::Coded(
                ErrorCode::SignerCertificateMissing,
                "a bare SM2 signature needs the signer's certificate".into(),
            ));
        }
        for c in &self.verifier.signer_certs {
            if c.verifying_key().verify(xml_raw, &sig).is_ok() {
                result.signer = Some(c.subject());
                return Ok(());
            }
        }
        Err(OfdError::Coded(
            ErrorCode::SignatureInvalid,
            "the bare SM2 signature verifies under no supplied certificate".into(),
        ))
    }

    // A GB/T 35275 SignedData over Signature.xml, in either form real signers write: the
    // SM3 of Signature.xml attached as the content (raw, or as base64 text), or detached,
    // with signed attributes whose messageDigest is the SM3 of Signature.xml.
    fn check_gbt35275(
        &self,
        xml_raw: &[u8],
        value: &[u8],
        declared: Option<i64>,
        result: &mut SignatureResult,
        notes: &mut Leniencies,
    ) -> Result<(), OfdError> {
        let checked = cms::check_signature(
            value,
            cms::Content::IfDetached(xml_raw),
            &self.verifier.signer_certs,
        )
        .map_err(|e| match e {
            cms::CmsError::DigestMismatch(_) => OfdError::DigestMismatch(
                "the signed messageDigest is not the SM3 of Signature.xml".into(),
            ),
            other => OfdError::Coded(other.code(), other.to_string()),
        })?;
        for l in &checked.leniencies {
            notes.add((*l).into());
        }
        result.signer = Some(checked.signer.subject());
        if let Some(content) = &checked.content {
            let digest = sm3(xml_raw);
            let as_text = Base64::encode_string(&digest);
            if content.as_slice() != digest.as_slice() && content.as_slice() != as_text.as_bytes() {
                return Err(OfdError::DigestMismatch(
                    "the signed content is not the SM3 of Signature.xml".into(),
                ));
            }
        }
        let at = match (checked.signing_time, declared) {
            (Some(t), _) => {
                result.time_source = TimeSource::Asserted;
                t
            }
            (None, Some(t)) => {
                result.time_source = TimeSource::SignatureDateTime;
                t
            }
            (None, None) => {
                result.time_source = TimeSource::Now;
                self.now
            }
        };
        result.signed_at = Some(at);
        self.check_chain(&checked.signer, &checked.others, at)
    }

    // The chain of `cert` to a pinned root at `at`, the signing time the signature asserts.
    fn check_chain(
        &self,
        cert: &Certificate,
        intermediates: &[Certificate],
        at: i64,
    ) -> Result<(), OfdError> {
        let Some(chains) = &self.verifier.chains else {
            return Err(OfdError::Coded(
                ErrorCode::UntrustedCertificate,
                format!("{}: no trusted root is pinned", cert.subject()),
            ));
        };
        chains.verify(cert, intermediates, at, KeyPurpose::Signing)?;
        Ok(())
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
    let maker = Certificate::from_der(seal.maker_cert)?;
    let sig = read_sm2_signature(seal.maker_signature, notes)
        .map_err(|e| invalid(format!("seal maker signature: {e}")))?;
    maker
        .verifying_key()
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

// A ContentInfo starts SEQUENCE { OID signedData, … } (with a definite length, or an
// indefinite one as BER writers leave it); a bare SM2 signature is a SEQUENCE of two
// INTEGERs or 64 raw bytes.
fn looks_like_content_info(value: &[u8]) -> bool {
    if value.len() == 64 || value.first() != Some(&0x30) {
        return false;
    }
    let header = match value.get(1) {
        Some(&l) if l <= 0x80 => 2,
        Some(&l) => 2 + usize::from(l & 0x7f),
        None => return false,
    };
    value.get(header) == Some(&0x06)
}
