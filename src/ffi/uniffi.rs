//! The Kotlin, Swift and Python door: UniFFI wrapper types over the Rust API, no logic of
//! their own. Bindings are generated from the compiled library (see `bindings/`).
//!
//! Shape of the foreign API (casing follows each language):
//! - `sm3(data)`, `check_uscc` / `check_resident_id` / `check_license_id`, `version()`;
//! - `Sm2KeyPair`, `Sm2PublicKey`, `SignatureFormat`;
//! - `LicenseIssuer`, `ColorCodeIssuer` (JSON in, QR text out, caller's time in);
//! - `build_trust_bundle`, `TrustBundle.load`, `Verifier` with a `Policy` and a `Verdict`;
//! - `Certificate` (DER or PEM), `decode_certificates`, `CertVerifier` with a `KeyPurpose`
//!   (module `x509`);
//! - `cms_verify` returning a `CmsVerdict`, `cms_sign` with `CmsOids` (module `cms`);
//! - `OfdVerifier` returning an `OfdVerdict` with an `OfdSignature` per signature (module
//!   `ofd`).
//!
//! Every failure is one exception type, `GovcredError.Failed` (`GovcredException.Failed` in
//! Kotlin) carrying the `code` as an [`ErrorCode`] (the core's enum itself, exported with
//! its stable numbers as discriminants, so foreign code compares names such as
//! `ErrorCode.SIGNATURE_INVALID`) and a `detail` message. The field is not called `message`
//! because Kotlin exceptions already have one (the generated `message` shows both fields).
//! A verification outcome is not an error: [`Verifier::verify`] returns a [`Verdict`],
//! `cms_verify` a `CmsVerdict`, `OfdVerifier.verify` an `OfdVerdict`, each with the same
//! `code` and its `json` in the one verdict schema ([`crate::error::verdict_json`]), and
//! [`Sm2PublicKey::verify`] returns `false` for a signature that does not verify.
//!
//! This module maps and does nothing else: the enums the bindings use are the core's own,
//! exported with `#[uniffi::remote(Enum)]` (the definitions below restate the core's
//! variants for the generator; a variant added in the core fails to compile here until it
//! is added), and every check (the policy's values, the JSON inputs) is the core's.
//!
//! Calls cost microseconds on the JVM, so every call does a whole job (one QR per call).

use std::sync::Arc;

mod cms;
mod ofd;
mod x509;

use crate::colorcode::Color;
use crate::error::{CryptoError, Error, ErrorCode};
use crate::sm2::{
    DEFAULT_ID, PrivateKey, PublicKey, Signature, SignatureFormat, SigningKey, TableSize,
    VerifyingKey,
};
use crate::trust::CredentialKind;
use crate::{colorcode, ids, license, trust, verify};

uniffi::setup_scaffolding!("govcred");

/// The one error type of the bindings: a stable code and a message.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum GovcredError {
    /// The operation failed; `code` is the code shared by every door (its number: 1xxx
    /// general, 2xxx codec, 3xxx crypto, 4xxx identifiers and fields, 5xxx validity, 6xxx
    /// trust, 7xxx certificates and CMS, 8xxx OFD), `detail` what exactly is wrong.
    #[error("{} ({}): {detail}", .code.name(), .code.as_u32())]
    Failed {
        /// The stable code, e.g. `BadUscc` (4001).
        code: ErrorCode,
        /// Human-readable detail; never contains key material or personal data.
        detail: String,
    },
}

impl From<Error> for GovcredError {
    fn from(e: Error) -> Self {
        GovcredError::Failed {
            code: e.code(),
            detail: e.message().to_owned(),
        }
    }
}

impl From<CryptoError> for GovcredError {
    fn from(e: CryptoError) -> Self {
        Error::from(e).into()
    }
}

impl From<ids::IdError> for GovcredError {
    fn from(e: ids::IdError) -> Self {
        Error::from(e).into()
    }
}

fn invalid(detail: &str) -> GovcredError {
    Error::new(ErrorCode::InvalidArgument, detail).into()
}

type Result<T, E = GovcredError> = std::result::Result<T, E>;

/// The library version, e.g. `0.1.0`.
#[uniffi::export]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The SM3 digest (GB/T 32905) of `data`: 32 bytes.
#[uniffi::export]
pub fn sm3(data: Vec<u8>) -> Vec<u8> {
    crate::sm3::sm3(&data).to_vec()
}

/// Checks a 统一社会信用代码 (GB 32100): length, alphabet, both check characters and the
/// region. Returns the code; throws with code 4001 (`BadUscc`) otherwise.
#[uniffi::export]
pub fn check_uscc(code: String) -> Result<String> {
    Ok(ids::Uscc::parse(&code)?.as_str().to_owned())
}

/// Checks a 公民身份号码 (GB 11643): digits, the MOD 11-2 check, address code and birth
/// date. Returns it normalised (a final `x` upper-cased); throws with code 4002
/// (`BadResidentId`) otherwise.
#[uniffi::export]
pub fn check_resident_id(id: String) -> Result<String> {
    Ok(ids::ResidentId::parse(&id)?.as_str().to_owned())
}

/// Checks a 证照标识 (GB/T 36904), `1.2.156.3005.2.<type>.<issuer>.<serial>.<version>.<check>`:
/// every segment, the issuer's USCC and the MOD 37,36 check character. Returns it; throws
/// with code 4003 (`BadLicenseId`) otherwise.
#[uniffi::export]
pub fn check_license_id(id: String) -> Result<String> {
    Ok(ids::LicenseId::parse(&id)?.to_string())
}

/// How an SM2 signature is written.
#[uniffi::remote(Enum)]
pub enum SignatureFormat {
    /// DER `SEQUENCE { r, s }` (GM/T 0009), at most 72 bytes: the default for files.
    Der,
    /// Raw 64 bytes `r ‖ s` (COSE, many device APIs).
    Raw,
}

fn format_or_der(format: Option<SignatureFormat>) -> SignatureFormat {
    format.unwrap_or(SignatureFormat::Der)
}

/// An SM2 key pair (private key d and public key d·G). The private key is zeroized when the
/// object is closed or collected.
#[derive(uniffi::Object)]
pub struct Sm2KeyPair {
    key: PrivateKey,
}

#[uniffi::export]
impl Sm2KeyPair {
    /// A fresh key pair from the operating system's random source.
    #[uniffi::constructor]
    pub fn generate() -> Result<Arc<Self>> {
        Ok(Arc::new(Sm2KeyPair {
            key: PrivateKey::generate()?,
        }))
    }

    /// From PEM: `PRIVATE KEY` (PKCS#8, as `openssl genpkey -algorithm SM2` writes it) or
    /// `EC PRIVATE KEY` (SEC1). Encrypted keys are refused.
    #[uniffi::constructor]
    pub fn from_pem(pem: String) -> Result<Arc<Self>> {
        let pem = zeroize::Zeroizing::new(pem);
        Ok(Arc::new(Sm2KeyPair {
            key: PrivateKey::from_pem(&pem)?,
        }))
    }

    /// From DER: PKCS#8 `PrivateKeyInfo` or SEC1 `ECPrivateKey`.
    #[uniffi::constructor]
    pub fn from_der(der: Vec<u8>) -> Result<Arc<Self>> {
        let der = zeroize::Zeroizing::new(der);
        // Only a structure that is not PKCS#8 is tried as SEC1, so an out-of-range key inside
        // a well-formed PKCS#8 keeps its own error.
        let key = match PrivateKey::from_pkcs8_der(&der) {
            Err(CryptoError::BadDer(_)) => {
                PrivateKey::from_sec1_der(&der).map_err(|e| match e {
                    CryptoError::BadDer(_) => {
                        CryptoError::BadDer("neither PKCS#8 nor SEC1 SM2 key")
                    }
                    e => e,
                })?
            }
            other => other?,
        };
        Ok(Arc::new(Sm2KeyPair { key }))
    }

    /// From the 32-byte big-endian private scalar d ∈ [1, n−2].
    #[uniffi::constructor]
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Arc<Self>> {
        let bytes = zeroize::Zeroizing::new(bytes);
        Ok(Arc::new(Sm2KeyPair {
            key: PrivateKey::from_bytes(&bytes)?,
        }))
    }

    /// The public key.
    pub fn public_key(&self) -> Arc<Sm2PublicKey> {
        Arc::new(Sm2PublicKey {
            key: *self.key.public_key(),
        })
    }

    /// Signs `message` (deterministic, RFC 6979 over SM3) with distinguishing ID `id`
    /// (`None`: the default `1234567812345678`), written in `format` (`None`: DER).
    #[uniffi::method(default(id = None, format = None))]
    pub fn sign(
        &self,
        message: Vec<u8>,
        id: Option<Vec<u8>>,
        format: Option<SignatureFormat>,
    ) -> Result<Vec<u8>> {
        let id = id.as_deref().unwrap_or(DEFAULT_ID);
        let signer = SigningKey::new(self.key.clone(), id)?;
        Ok(signer.sign_encoded(&message, format_or_der(format))?)
    }

    /// The private key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). The returned string
    /// is a copy the library cannot wipe: store it, then drop it.
    pub fn to_pem(&self) -> Result<String> {
        Ok(self.key.to_pkcs8_pem()?.as_str().to_owned())
    }
}

/// An SM2 public key: a point on the recommended curve.
#[derive(uniffi::Object)]
pub struct Sm2PublicKey {
    key: PublicKey,
}

#[uniffi::export]
impl Sm2PublicKey {
    /// From SEC1 bytes: 65-byte `04‖X‖Y` or 33-byte compressed `02/03‖X`.
    #[uniffi::constructor]
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Arc<Self>> {
        Ok(Arc::new(Sm2PublicKey {
            key: PublicKey::from_sec1(&bytes)?,
        }))
    }

    /// From PEM `PUBLIC KEY` (SubjectPublicKeyInfo, as `openssl pkey -pubout` writes it).
    #[uniffi::constructor]
    pub fn from_pem(pem: String) -> Result<Arc<Self>> {
        Ok(Arc::new(Sm2PublicKey {
            key: PublicKey::from_pem(&pem)?,
        }))
    }

    /// From SubjectPublicKeyInfo DER.
    #[uniffi::constructor]
    pub fn from_der(der: Vec<u8>) -> Result<Arc<Self>> {
        Ok(Arc::new(Sm2PublicKey {
            key: PublicKey::from_spki_der(&der)?,
        }))
    }

    /// The 65-byte uncompressed point `04‖X‖Y`.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.key.to_uncompressed().to_vec()
    }

    /// PEM `PUBLIC KEY` (SubjectPublicKeyInfo).
    pub fn to_pem(&self) -> String {
        self.key.to_spki_pem()
    }

    /// The 8-byte key identifier credentials carry: the first 8 bytes of SM3(04‖X‖Y).
    pub fn kid(&self) -> Vec<u8> {
        self.key.kid().to_vec()
    }

    /// Whether `signature` (in `format`, `None`: DER) is a valid signature of `message` under
    /// distinguishing ID `id` (`None`: the default `1234567812345678`). Returns `false` for a
    /// signature that does not verify; throws only for malformed input (code 3003 for a bad
    /// encoding, 3005 for an ID over 8191 bytes).
    #[uniffi::method(default(id = None, format = None))]
    pub fn verify(
        &self,
        message: Vec<u8>,
        signature: Vec<u8>,
        id: Option<Vec<u8>>,
        format: Option<SignatureFormat>,
    ) -> Result<bool> {
        let id = id.as_deref().unwrap_or(DEFAULT_ID);
        let signature = Signature::decode(&signature, format_or_der(format))?;
        match VerifyingKey::new(self.key, id)?.verify(&message, &signature) {
            Ok(()) => Ok(true),
            Err(CryptoError::SignatureInvalid) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
}

fn kid_from(kid: Option<Vec<u8>>) -> Result<Option<[u8; 8]>> {
    kid.map(|k| <[u8; 8]>::try_from(k.as_slice()).map_err(|_| invalid("kid must be 8 bytes")))
        .transpose()
}

/// Signs e-licenses (电子证照) into `EL1:` QR text.
#[derive(uniffi::Object)]
pub struct LicenseIssuer {
    inner: license::LicenseIssuer,
}

#[uniffi::export]
impl LicenseIssuer {
    /// An issuer signing with `key`. `kid` (8 bytes) is the key identifier the trust bundle
    /// assigns; `None` derives it from the public key.
    #[uniffi::constructor(default(kid = None))]
    pub fn new(key: Arc<Sm2KeyPair>, kid: Option<Vec<u8>>) -> Result<Arc<Self>> {
        let mut inner = license::LicenseIssuer::new(key.key.clone())?;
        if let Some(kid) = kid_from(kid)? {
            inner = inner.with_kid(kid);
        }
        Ok(Arc::new(LicenseIssuer { inner }))
    }

    /// Checks the license (JSON, the GB/T 36903 elements as in `examples/business_license.json`)
    /// and signs it as issued at `now` (Unix seconds). Returns the QR text. Throws 1007 for
    /// malformed JSON and 4xxx for a field that fails its check.
    pub fn issue(&self, license_json: String, now: i64) -> Result<String> {
        let license = license::License::from_json(&license_json)?;
        Ok(self.inner.issue(&license, now)?)
    }
}

/// Signs color codes (健康码 / 安全码) into `CC1:` QR text. Only the masked name and ID, a
/// salted digest of the ID and the region enter the code; the rest of the record stays here.
#[derive(uniffi::Object)]
pub struct ColorCodeIssuer {
    inner: colorcode::ColorCodeIssuer,
}

#[uniffi::export]
impl ColorCodeIssuer {
    /// An issuer with its 统一社会信用代码 `issuer_code`. `id_salt` (32 bytes, kept secret by
    /// the platform) salts the ID digest; `None` derives it from the private key. `kid`
    /// (8 bytes) overrides the key identifier.
    #[uniffi::constructor(default(id_salt = None, kid = None))]
    pub fn new(
        key: Arc<Sm2KeyPair>,
        issuer_code: String,
        id_salt: Option<Vec<u8>>,
        kid: Option<Vec<u8>>,
    ) -> Result<Arc<Self>> {
        let mut inner = match id_salt {
            None => colorcode::ColorCodeIssuer::with_derived_salt(key.key.clone(), &issuer_code)?,
            Some(salt) => {
                let salt = <[u8; 32]>::try_from(salt.as_slice())
                    .map_err(|_| invalid("id_salt must be 32 bytes"))?;
                colorcode::ColorCodeIssuer::new(key.key.clone(), &issuer_code, salt)?
            }
        };
        if let Some(kid) = kid_from(kid)? {
            inner = inner.with_kid(kid);
        }
        Ok(Arc::new(ColorCodeIssuer { inner }))
    }

    /// Signs a code for `request_json` (`kind`, `color`, `serial`, `holder` record,
    /// optional `lifetime_secs`, default 300) issued at `now`. Returns the QR text.
    pub fn issue(&self, request_json: String, now: i64) -> Result<String> {
        Ok(self.inner.issue_json(&request_json, now)?)
    }

    /// SM3(salt ‖ ID number): what a counter computes for a presented ID to match a code.
    pub fn id_digest(&self, id_number: String) -> Vec<u8> {
        self.inner.id_digest(&id_number).to_vec()
    }
}

/// Builds and signs a trust bundle from its JSON spec (`version`, optional `next_update`,
/// `issuers` with name, uscc, region, public_key PEM or hex, kinds, license_types,
/// valid_from, valid_until, revoked) with `root`, issued at `now`. Returns the bytes to ship.
#[uniffi::export]
pub fn build_trust_bundle(spec_json: String, root: Arc<Sm2KeyPair>, now: i64) -> Result<Vec<u8>> {
    let bundle = trust::BundleSpec::from_json(&spec_json)?.to_bundle(now)?;
    let signer = SigningKey::new(root.key.clone(), DEFAULT_ID)?;
    Ok(bundle.sign(&signer)?)
}

/// A trust bundle whose signature verified against a pinned root.
#[derive(uniffi::Object)]
pub struct TrustBundle {
    inner: trust::TrustBundle,
}

#[uniffi::export]
impl TrustBundle {
    /// Verifies `bytes` against the pinned `roots` (any one may have signed it) and parses
    /// it. Throws 6005 when no root verifies it, 6007 when it is malformed.
    #[uniffi::constructor]
    pub fn load(bytes: Vec<u8>, roots: Vec<Arc<Sm2PublicKey>>) -> Result<Arc<Self>> {
        let roots: Vec<PublicKey> = roots.iter().map(|r| r.key).collect();
        Ok(Arc::new(TrustBundle {
            inner: trust::TrustBundle::load(&bytes, &roots)?,
        }))
    }

    /// The bundle's version number.
    pub fn version(&self) -> u64 {
        self.inner.version()
    }

    /// When the platform built it (Unix seconds).
    pub fn issued_at(&self) -> i64 {
        self.inner.issued_at()
    }

    /// When a newer bundle is due (Unix seconds).
    pub fn next_update(&self) -> i64 {
        self.inner.next_update()
    }

    /// How many issuer keys it trusts.
    pub fn issuer_count(&self) -> u64 {
        u64::try_from(self.inner.issuers().len()).unwrap_or(u64::MAX)
    }
}

/// A color shown by a health or safety code.
#[uniffi::remote(Enum)]
pub enum Color {
    /// 绿码.
    Green,
    /// 黄码.
    Yellow,
    /// 红码.
    Red,
}

/// What a terminal accepts. Every field left `None` takes the library's default, so
/// `Policy()` is the default policy and new fields never break callers.
#[derive(Clone, Debug, Default, PartialEq, Eq, uniffi::Record)]
pub struct Policy {
    /// Tolerated clock difference between issuer and terminal, seconds (default 300).
    #[uniffi(default = None)]
    pub clock_skew_secs: Option<i64>,
    /// Oldest color code accepted, seconds since issue (default 3600); licenses are exempt.
    #[uniffi(default = None)]
    pub max_color_code_age_secs: Option<i64>,
    /// Colors that pass (default green only).
    #[uniffi(default = None)]
    pub accepted_colors: Option<Vec<Color>>,
    /// How long past its next update a bundle is still used, seconds (default 3 days).
    #[uniffi(default = None)]
    pub bundle_grace_secs: Option<i64>,
    /// Precomputed tables per issuer key (default compact, about 51 KiB per key).
    #[uniffi(default = None)]
    pub table_size: Option<TableSize>,
}

/// Precomputed table size per issuer key.
#[uniffi::remote(Enum)]
pub enum TableSize {
    /// About 51 KiB per issuer key.
    Compact,
    /// About 256 KiB per issuer key, a few percent faster with many keys.
    Fast,
}

// Only the caller's overrides cross the door; the defaults are the core's, and so is the
// check of the values ([`verify::Policy::validate`], run by [`verify::Verifier::new`]).
impl From<Policy> for verify::Policy {
    fn from(p: Policy) -> Self {
        let d = verify::Policy::default();
        // Destructured and built field by field, so a field added on either side fails to
        // compile here until it is mapped.
        let Policy {
            clock_skew_secs,
            max_color_code_age_secs,
            accepted_colors,
            bundle_grace_secs,
            table_size,
        } = p;
        verify::Policy {
            clock_skew_secs: clock_skew_secs.unwrap_or(d.clock_skew_secs),
            max_color_code_age_secs: max_color_code_age_secs.unwrap_or(d.max_color_code_age_secs),
            accepted_colors: accepted_colors.unwrap_or(d.accepted_colors),
            bundle_grace_secs: bundle_grace_secs.unwrap_or(d.bundle_grace_secs),
            table_size: table_size.unwrap_or(d.table_size),
        }
    }
}

/// What a verified credential is.
#[uniffi::remote(Enum)]
pub enum CredentialKind {
    /// 电子证照 (`EL1:`).
    License,
    /// 健康码 (`CC1:`).
    HealthCode,
    /// 安全码 (`CC1:`).
    SafetyCode,
}

/// The outcome of verifying one QR. `kind`, `issuer` and `credential_json` are set whenever
/// the signature verified, also when a later check refused the credential.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct Verdict {
    /// Whether the credential passes (exactly when `code` is `Ok`).
    pub passed: bool,
    /// `Ok` when it passes, else why not (e.g. `Expired`).
    pub code: ErrorCode,
    /// Why, in words.
    pub message: String,
    /// What the credential is, when the signature verified.
    pub kind: Option<CredentialKind>,
    /// The issuer's display name from the trust bundle, when the signature verified.
    pub issuer: Option<String>,
    /// What a gate shows, e.g. `绿码 green: pass`.
    pub display: String,
    /// The credential as JSON (`{"type":"license",…}` or `{"type":"color_code",…}`), when the
    /// signature verified.
    pub credential_json: Option<String>,
    /// The whole verdict as one JSON object, as `govcred verify-qr --json` prints it and
    /// every door's verdict JSON reads: passed, code, code_name, message, kind, issuer,
    /// display, credential.
    pub json: String,
}

// The display text and the credential JSON carry personal data.
impl std::fmt::Debug for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verdict")
            .field("passed", &self.passed)
            .field("code", &self.code)
            .field("kind", &self.kind)
            .field("issuer", &self.issuer)
            .finish_non_exhaustive()
    }
}

impl From<verify::Verdict> for Verdict {
    fn from(v: verify::Verdict) -> Self {
        let json = v.to_json();
        Verdict {
            passed: v.passed,
            code: v.code,
            message: v.message,
            kind: v.kind,
            issuer: v.issuer,
            display: v.display,
            credential_json: v
                .credential
                .as_ref()
                .and_then(|c| serde_json::to_string(c).ok()),
            json,
        }
    }
}

/// Verifies QR text offline against a trust bundle and a policy. Build it once; it is
/// thread-safe, so one instance can serve every thread.
#[derive(uniffi::Object)]
pub struct Verifier {
    inner: verify::Verifier,
}

#[uniffi::export]
impl Verifier {
    /// A verifier for `bundle` under `policy` (`Policy()` for the defaults).
    #[uniffi::constructor]
    pub fn new(bundle: Arc<TrustBundle>, policy: Policy) -> Result<Arc<Self>> {
        Ok(Arc::new(Verifier {
            inner: verify::Verifier::new(bundle.inner.clone(), policy.into())?,
        }))
    }

    /// Verifies one QR text (`EL1:…` or `CC1:…`, scanner line breaks allowed) at `now`
    /// (Unix seconds). Never throws: every refusal is a verdict with its code.
    pub fn verify(&self, qr: String, now: i64) -> Verdict {
        self.inner.verify(&qr, now).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_policy_is_the_core_default() {
        assert_eq!(
            verify::Policy::from(Policy::default()),
            verify::Policy::default()
        );
        let p = verify::Policy::from(Policy {
            clock_skew_secs: Some(5),
            accepted_colors: Some(vec![Color::Yellow, Color::Red]),
            ..Policy::default()
        });
        assert_eq!(p.clock_skew_secs, 5);
        assert_eq!(
            p.accepted_colors,
            vec![colorcode::Color::Yellow, colorcode::Color::Red]
        );
        assert_eq!(
            p.max_color_code_age_secs,
            verify::Policy::default().max_color_code_age_secs
        );
    }

    #[test]
    fn policy_values_are_checked_by_the_core() {
        let bad = Policy {
            clock_skew_secs: Some(-1),
            ..Policy::default()
        };
        let core = verify::Policy::from(bad.clone())
            .validate()
            .expect_err("negative skew");
        assert_eq!(core.code(), ErrorCode::InvalidArgument);
        let root = Sm2KeyPair::generate().expect("key");
        let bytes = build_trust_bundle(r#"{"version":1,"issuers":[]}"#.into(), root.clone(), 0)
            .expect("bundle");
        let bundle = TrustBundle::load(bytes, vec![root.public_key()]).expect("load");
        let Err(GovcredError::Failed { code, detail }) = Verifier::new(bundle, bad) else {
            panic!("a negative skew must be refused");
        };
        assert_eq!((code, detail.as_str()), (core.code(), core.message()));
    }

    #[test]
    fn errors_carry_code_and_detail() {
        let err = check_uscc("91310115591693856B".into()).expect_err("bad check character");
        assert_eq!(err.to_string().split(':').next(), Some("BadUscc (4001)"));
        let GovcredError::Failed { code, detail } = err;
        assert_eq!(code, ErrorCode::BadUscc);
        assert!(detail.contains("check character"), "{detail}");
    }

    #[test]
    fn verify_is_false_for_a_wrong_signature_and_an_error_for_a_malformed_one() {
        let pair = Sm2KeyPair::generate().expect("key");
        let key = pair.public_key();
        let sig = pair.sign(b"msg".to_vec(), None, None).expect("sign");
        assert!(
            key.verify(b"msg".to_vec(), sig.clone(), None, None)
                .expect("ok")
        );
        assert!(
            !key.verify(b"msh".to_vec(), sig.clone(), None, None)
                .expect("ok")
        );
        assert!(
            !key.verify(b"msg".to_vec(), sig, Some(b"other".to_vec()), None)
                .expect("ok")
        );
        let GovcredError::Failed { code, .. } = key
            .verify(b"msg".to_vec(), vec![0x30, 0x00], None, None)
            .expect_err("malformed");
        assert_eq!(code, ErrorCode::BadSignatureEncoding);
    }
}
