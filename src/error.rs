//! Errors: one typed enum per layer, and one public [`ErrorCode`] table whose numbers are
//! stable across every door (Rust, CLI, C, Java, Kotlin, Swift, Python).
//!
//! Numbers are only ever added. A retired number stays reserved, never reused.

use std::fmt;

use serde::Serialize;

// `$num` is a token tree, not a `literal` fragment: a captured `literal` reaches derive
// macros wrapped in an invisible group, and UniFFI's derive takes only a bare literal as a
// discriminant.
macro_rules! error_codes {
    ($( $(#[$doc:meta])* $name:ident = $num:tt, $msg:literal; )*) => {
        /// Stable numeric result codes shared by every binding.
        ///
        /// `0` is success; `1xxx` general, `2xxx` codec, `3xxx` crypto, `4xxx` identifiers
        /// and credential fields, `5xxx` validity and policy, `6xxx` trust, `7xxx`
        /// certificates and CMS, `8xxx` documents and seals.
        ///
        /// The UniFFI door exports this enum itself, with these numbers as discriminants
        /// (`i32`, the width Kotlin, Swift and Python enums take), so the foreign enums are
        /// generated from this one table rather than copied from it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
        #[repr(i32)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $( $(#[$doc])* $name = $num, )*
        }

        impl ErrorCode {
            /// Every code, in numeric order.
            pub const ALL: &'static [ErrorCode] = &[ $( ErrorCode::$name, )* ];

            /// The stable number of this code.
            pub const fn as_u32(self) -> u32 {
                // Every number in the table is positive, so this never wraps.
                self as i32 as u32
            }

            /// The stable number of this code as the discriminant the foreign enums carry.
            pub const fn as_i32(self) -> i32 {
                self as i32
            }

            /// The code with this number, if there is one.
            pub const fn from_u32(n: u32) -> Option<ErrorCode> {
                match n {
                    $( $num => Some(ErrorCode::$name), )*
                    _ => None,
                }
            }

            /// A short English message; static, never empty.
            pub const fn message(self) -> &'static str {
                match self {
                    $( ErrorCode::$name => $msg, )*
                }
            }

            /// The variant name, as the bindings spell it (`SignatureInvalid`).
            pub const fn name(self) -> &'static str {
                match self {
                    $( ErrorCode::$name => stringify!($name), )*
                }
            }
        }
    };
}

error_codes! {
    /// Success.
    Ok = 0, "ok";

    /// A required pointer or argument was missing.
    NullArgument = 1001, "a required argument is null";
    /// Input is larger than this library accepts.
    TooLarge = 1002, "input too large";
    /// A panic was caught at the FFI boundary.
    Panic = 1003, "internal panic caught";
    /// A caller-provided buffer is too small; the needed size is reported.
    BufferTooSmall = 1004, "buffer too small";
    /// An internal invariant failed.
    Internal = 1005, "internal error";
    /// An argument has the wrong form (bad UTF-8, unknown option).
    InvalidArgument = 1006, "invalid argument";
    /// A JSON document does not match the expected schema.
    BadJson = 1007, "malformed JSON input";

    /// The QR text does not start with a known prefix.
    UnknownFormat = 2001, "unknown credential format";
    /// The text is not valid base45.
    BadBase45 = 2002, "malformed base45";
    /// The zlib stream is malformed.
    BadZlib = 2003, "malformed zlib data";
    /// Inflating the payload exceeded the output cap.
    InflateTooLarge = 2004, "inflated data exceeds the limit";
    /// The CBOR is malformed or not canonical where it must be.
    BadCbor = 2005, "malformed CBOR";
    /// The COSE_Sign1 structure is malformed.
    BadCose = 2006, "malformed COSE_Sign1";
    /// The COSE algorithm is not the SM2-SM3 profile.
    UnsupportedAlgorithm = 2007, "unsupported algorithm";
    /// A critical COSE header is not understood.
    UnknownCriticalHeader = 2008, "unknown critical header";
    /// Malformed hexadecimal.
    BadHex = 2009, "malformed hex";
    /// Malformed PEM.
    BadPem = 2010, "malformed PEM";
    /// Malformed DER.
    BadDer = 2011, "malformed DER";
    /// The claims are missing a field or have a field of the wrong type.
    BadClaims = 2012, "malformed credential claims";

    /// The private key is malformed or out of range.
    BadPrivateKey = 3001, "invalid private key";
    /// The public key is malformed or not on the curve.
    BadPublicKey = 3002, "invalid public key";
    /// The signature is not a well-formed DER or raw SM2 signature.
    BadSignatureEncoding = 3003, "malformed signature encoding";
    /// The signature does not verify.
    SignatureInvalid = 3004, "signature invalid";
    /// The distinguishing ID is too long (ENTL is 16 bits).
    BadDistId = 3005, "invalid distinguishing ID";
    /// The operating system's random source failed.
    RandomFailure = 3006, "random number generator failure";

    /// Not a valid 统一社会信用代码 (GB 32100).
    BadUscc = 4001, "invalid unified social credit code";
    /// Not a valid 公民身份号码 (GB 11643).
    BadResidentId = 4002, "invalid resident ID number";
    /// Not a valid 证照标识 (GB/T 36904).
    BadLicenseId = 4003, "invalid license identifier";
    /// Not a valid 行政区划代码 (GB/T 2260).
    BadRegionCode = 4004, "invalid region code";
    /// Dates are malformed or out of order.
    BadDates = 4005, "invalid or inconsistent dates";
    /// A license field is missing, malformed or inconsistent.
    BadLicenseField = 4006, "invalid license field";
    /// A color-code field is missing, malformed or inconsistent.
    BadColorCodeField = 4007, "invalid color code field";

    /// The credential has expired.
    Expired = 5001, "credential expired";
    /// The credential is not yet valid.
    NotYetValid = 5002, "credential not yet valid";
    /// The credential claims to be issued in the future beyond the allowed skew.
    ClockSuspect = 5003, "credential issued in the future; check the clock";
    /// The color is not accepted by this terminal's policy.
    ColorNotAccepted = 5004, "color not accepted";
    /// The credential is older than the policy's maximum age.
    TooOld = 5005, "credential too old";

    /// No trusted issuer key matches.
    UnknownIssuer = 6001, "unknown issuer";
    /// The issuer may not issue this kind of credential.
    IssuerNotAllowed = 6002, "issuer not allowed to issue this credential";
    /// The credential has been revoked.
    Revoked = 6003, "credential revoked";
    /// The trust bundle is past its next update plus grace.
    BundleStale = 6004, "trust bundle stale";
    /// The trust bundle signature does not verify against any pinned root.
    BundleSignatureInvalid = 6005, "trust bundle signature invalid";
    /// The issuer key is outside its validity window.
    IssuerNotValid = 6006, "issuer key outside its validity window";
    /// The trust bundle content is malformed.
    BadBundle = 6007, "malformed trust bundle";
    /// The trust bundle is older than the newest version the app has accepted.
    BundleRollback = 6008, "trust bundle older than one already accepted";

    /// The certificate is malformed, or its issuer's signature over it does not verify.
    BadCertificate = 7001, "malformed or invalid certificate";
    /// No path leads from the certificate to a pinned root.
    UntrustedCertificate = 7002, "certificate not issued by a trusted root";
    /// A certificate of the chain is expired or not yet valid at the time checked.
    CertificateExpired = 7003, "certificate expired or not yet valid";
    /// A certificate that issues another is not a CA (basicConstraints CA:TRUE missing).
    CertificateNotCa = 7004, "issuing certificate is not a CA";
    /// The chain is longer than a pathLenConstraint or the depth limit allows.
    PathTooLong = 7005, "certificate path too long";
    /// A certificate carries a critical extension this library does not understand.
    UnknownCriticalExtension = 7006, "unknown critical certificate extension";
    /// A certificate's keyUsage does not allow what it is used for.
    KeyUsageNotAllowed = 7007, "certificate key usage does not allow this use";
    /// The CMS / PKCS#7 SignedData is malformed or uses a form this library refuses.
    BadCms = 7008, "malformed CMS signature";
    /// No certificate matches the CMS signer identifier.
    CmsSignerNotFound = 7009, "CMS signer certificate not found";
    /// The content does not match the signed messageDigest.
    ContentDigestMismatch = 7010, "content does not match the signed digest";
    /// The OFD package is malformed, over a limit, or not an OFD.
    BadOfd = 8001, "malformed OFD document";
    /// The OFD document carries no signature.
    NotSigned = 8002, "document not signed";
    /// A protected file's digest, or a seal's dataHash, does not match.
    DigestMismatch = 8003, "digest mismatch: the document changed after signing";
    /// The electronic seal (SES_Signature / SESeal) is malformed.
    BadSeal = 8004, "malformed electronic seal";
    /// The seal maker's signature over the seal does not verify.
    SealSignatureInvalid = 8005, "seal maker signature invalid";
    /// The signer's certificate is not in the seal's certificate list.
    SignerNotInSeal = 8006, "signer certificate not in the seal";
    /// The seal's validity period does not cover the signing time.
    SealNotValid = 8007, "seal not valid at the signing time";
    /// The document is protected with a weak digest (MD5, SHA-1).
    WeakDigest = 8008, "weak digest algorithm";
    /// Seal.esl differs from the seal embedded in the signature.
    SealMismatch = 8009, "Seal.esl differs from the embedded seal";
    /// The signature uses a form or algorithm this verifier does not support.
    UnsupportedSignature = 8010, "unsupported signature form";
    /// A bare signature needs the signer's certificate, and none was supplied.
    SignerCertificateMissing = 8011, "signer certificate not supplied";
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

/// One verdict as JSON, in the one schema every CLI command and every door prints
/// (`docs/verdict-json.md`): the head `passed` (exactly when `code` is [`ErrorCode::Ok`]),
/// `code` (the stable number), `code_name` ([`ErrorCode::name`]) and `message`, followed by
/// the fields of `fields`, which serializes as a map (a struct, a `serde_json` object) or as
/// nothing (`()`, `None`) for a verdict with no fields of its own.
///
/// One function for the head, so that no door can spell it differently.
pub fn verdict_json<T: Serialize>(code: ErrorCode, message: &str, fields: T) -> String {
    serde_json::to_string(&VerdictJson::new(code, message, fields))
        .unwrap_or_else(|_| internal_verdict_json())
}

/// [`verdict_json`] written to `out` without building a string first (the batch verifier's
/// path). No newline.
pub fn write_verdict_json<T: Serialize>(
    out: &mut impl std::io::Write,
    code: ErrorCode,
    message: &str,
    fields: T,
) -> std::io::Result<()> {
    serde_json::to_writer(out, &VerdictJson::new(code, message, fields))
        .map_err(std::io::Error::other)
}

// What a verdict that failed to serialize (a field that is not a map) becomes: still the
// schema's head, with the code that says the library is at fault.
fn internal_verdict_json() -> String {
    let code = ErrorCode::Internal;
    format!(
        "{{\"passed\":false,\"code\":{},\"code_name\":\"{}\",\"message\":\"{}\"}}",
        code.as_u32(),
        code.name(),
        code.message()
    )
}

#[derive(Serialize)]
struct VerdictJson<'a, T> {
    passed: bool,
    code: u32,
    code_name: &'static str,
    message: &'a str,
    #[serde(flatten)]
    fields: T,
}

impl<'a, T> VerdictJson<'a, T> {
    fn new(code: ErrorCode, message: &'a str, fields: T) -> Self {
        VerdictJson {
            passed: code == ErrorCode::Ok,
            code: code.as_u32(),
            code_name: code.name(),
            message,
            fields,
        }
    }
}

/// Errors of the SM2/SM3 layer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CryptoError {
    #[error("invalid private key: {0}")]
    /// The private key is malformed or out of range.
    BadPrivateKey(&'static str),
    #[error("invalid public key: {0}")]
    /// The public key is malformed or not on the curve.
    BadPublicKey(&'static str),
    #[error("malformed signature: {0}")]
    /// The signature encoding is malformed.
    BadSignatureEncoding(&'static str),
    #[error("signature invalid")]
    /// The signature does not verify.
    SignatureInvalid,
    #[error("distinguishing ID longer than 8191 bytes")]
    /// The distinguishing ID is too long.
    BadDistId,
    #[error("random number generator failure")]
    /// The random source failed.
    RandomFailure,
    #[error("malformed hex")]
    /// Malformed hex.
    BadHex,
    #[error("malformed PEM: {0}")]
    /// Malformed PEM.
    BadPem(&'static str),
    #[error("malformed DER: {0}")]
    /// Malformed DER.
    BadDer(&'static str),
}

impl CryptoError {
    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        match self {
            CryptoError::BadPrivateKey(_) => ErrorCode::BadPrivateKey,
            CryptoError::BadPublicKey(_) => ErrorCode::BadPublicKey,
            CryptoError::BadSignatureEncoding(_) => ErrorCode::BadSignatureEncoding,
            CryptoError::SignatureInvalid => ErrorCode::SignatureInvalid,
            CryptoError::BadDistId => ErrorCode::BadDistId,
            CryptoError::RandomFailure => ErrorCode::RandomFailure,
            CryptoError::BadHex => ErrorCode::BadHex,
            CryptoError::BadPem(_) => ErrorCode::BadPem,
            CryptoError::BadDer(_) => ErrorCode::BadDer,
        }
    }
}

/// The public error: a stable code and a message with detail that is safe to show
/// (it never contains key material or personal data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    code: ErrorCode,
    detail: String,
}

impl Error {
    /// An error with a code and a detail message.
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Error {
            code,
            detail: detail.into(),
        }
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The detail message (falls back to the code's message).
    pub fn message(&self) -> &str {
        if self.detail.is_empty() {
            self.code.message()
        } else {
            &self.detail
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for Error {}

impl From<ErrorCode> for Error {
    fn from(code: ErrorCode) -> Self {
        Error {
            code,
            detail: String::new(),
        }
    }
}

impl From<CryptoError> for Error {
    fn from(e: CryptoError) -> Self {
        Error::new(e.code(), e.to_string())
    }
}

/// `Result` with the public [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    // Pins every code to its number and name; changing one breaks every binding.
    #[test]
    fn codes_are_stable() {
        let expected: &[(u32, &str)] = &[
            (0, "Ok"),
            (1001, "NullArgument"),
            (1002, "TooLarge"),
            (1003, "Panic"),
            (1004, "BufferTooSmall"),
            (1005, "Internal"),
            (1006, "InvalidArgument"),
            (1007, "BadJson"),
            (2001, "UnknownFormat"),
            (2002, "BadBase45"),
            (2003, "BadZlib"),
            (2004, "InflateTooLarge"),
            (2005, "BadCbor"),
            (2006, "BadCose"),
            (2007, "UnsupportedAlgorithm"),
            (2008, "UnknownCriticalHeader"),
            (2009, "BadHex"),
            (2010, "BadPem"),
            (2011, "BadDer"),
            (2012, "BadClaims"),
            (3001, "BadPrivateKey"),
            (3002, "BadPublicKey"),
            (3003, "BadSignatureEncoding"),
            (3004, "SignatureInvalid"),
            (3005, "BadDistId"),
            (3006, "RandomFailure"),
            (4001, "BadUscc"),
            (4002, "BadResidentId"),
            (4003, "BadLicenseId"),
            (4004, "BadRegionCode"),
            (4005, "BadDates"),
            (4006, "BadLicenseField"),
            (4007, "BadColorCodeField"),
            (5001, "Expired"),
            (5002, "NotYetValid"),
            (5003, "ClockSuspect"),
            (5004, "ColorNotAccepted"),
            (5005, "TooOld"),
            (6001, "UnknownIssuer"),
            (6002, "IssuerNotAllowed"),
            (6003, "Revoked"),
            (6004, "BundleStale"),
            (6005, "BundleSignatureInvalid"),
            (6006, "IssuerNotValid"),
            (6007, "BadBundle"),
            (6008, "BundleRollback"),
            (7001, "BadCertificate"),
            (7002, "UntrustedCertificate"),
            (7003, "CertificateExpired"),
            (7004, "CertificateNotCa"),
            (7005, "PathTooLong"),
            (7006, "UnknownCriticalExtension"),
            (7007, "KeyUsageNotAllowed"),
            (7008, "BadCms"),
            (7009, "CmsSignerNotFound"),
            (7010, "ContentDigestMismatch"),
            (8001, "BadOfd"),
            (8002, "NotSigned"),
            (8003, "DigestMismatch"),
            (8004, "BadSeal"),
            (8005, "SealSignatureInvalid"),
            (8006, "SignerNotInSeal"),
            (8007, "SealNotValid"),
            (8008, "WeakDigest"),
            (8009, "SealMismatch"),
            (8010, "UnsupportedSignature"),
            (8011, "SignerCertificateMissing"),
        ];
        assert_eq!(
            ErrorCode::ALL.len(),
            expected.len(),
            "a code was added without pinning it"
        );
        for (code, (num, name)) in ErrorCode::ALL.iter().zip(expected) {
            assert_eq!(code.as_u32(), *num, "{name}");
            assert_eq!(i64::from(code.as_i32()), i64::from(*num), "{name}");
            assert_eq!(code.name(), *name);
            assert_eq!(ErrorCode::from_u32(*num), Some(*code));
            assert!(!code.message().is_empty());
        }
        assert_eq!(ErrorCode::from_u32(7), None);
    }

    #[test]
    fn verdict_json_has_the_head_then_the_fields() {
        assert_eq!(
            verdict_json(ErrorCode::Ok, "ok", ()),
            r#"{"passed":true,"code":0,"code_name":"Ok","message":"ok"}"#
        );
        assert_eq!(
            verdict_json(
                ErrorCode::Expired,
                "gone",
                serde_json::json!({"kind": "license"})
            ),
            r#"{"passed":false,"code":5001,"code_name":"Expired","message":"gone","kind":"license"}"#
        );
        // A field that is not a map cannot be flattened: the head of an internal error.
        let v: serde_json::Value =
            serde_json::from_str(&verdict_json(ErrorCode::Ok, "ok", 7)).expect("JSON");
        assert_eq!(v["code_name"], "Internal");
        assert_eq!(v["passed"], false);
    }

    #[test]
    fn crypto_errors_map_to_their_codes() {
        assert_eq!(CryptoError::SignatureInvalid.code().as_u32(), 3004);
        assert_eq!(CryptoError::BadPublicKey("x").code().as_u32(), 3002);
        let e: Error = CryptoError::BadHex.into();
        assert_eq!(e.code(), ErrorCode::BadHex);
    }
}
