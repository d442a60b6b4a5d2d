//! `govcred_result`: the C mirror of [`ErrorCode`], number for number, plus the version and
//! the static messages.

use std::ffi::{CStr, CString, c_char};
use std::sync::OnceLock;

use crate::error::ErrorCode;

use super::boundary::{OutBuf, call, guard};

/// The result of every fallible call: `GOVCRED_RESULT_OK` (0) or a stable error number,
/// the same numbers every govcred binding uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum govcred_result {
    /// Success.
    Ok = 0,
    /// A required pointer or argument was missing.
    NullArgument = 1001,
    /// Input is larger than this library accepts.
    TooLarge = 1002,
    /// A panic was caught at the FFI boundary.
    Panic = 1003,
    /// A caller-provided buffer is too small; the needed size is reported.
    BufferTooSmall = 1004,
    /// An internal invariant failed.
    Internal = 1005,
    /// An argument has the wrong form (bad UTF-8, unknown option).
    InvalidArgument = 1006,
    /// A JSON document does not match the expected schema.
    BadJson = 1007,
    /// The QR text does not start with a known prefix.
    UnknownFormat = 2001,
    /// The text is not valid base45.
    BadBase45 = 2002,
    /// The zlib stream is malformed.
    BadZlib = 2003,
    /// Inflating the payload exceeded the output cap.
    InflateTooLarge = 2004,
    /// The CBOR is malformed or not canonical where it must be.
    BadCbor = 2005,
    /// The COSE_Sign1 structure is malformed.
    BadCose = 2006,
    /// The COSE algorithm is not the SM2-SM3 profile.
    UnsupportedAlgorithm = 2007,
    /// A critical COSE header is not understood.
    UnknownCriticalHeader = 2008,
    /// Malformed hex.
    BadHex = 2009,
    /// Malformed PEM.
    BadPem = 2010,
    /// Malformed DER.
    BadDer = 2011,
    /// The claims are missing a field or have a field of the wrong type.
    BadClaims = 2012,
    /// The private key is malformed or out of range.
    BadPrivateKey = 3001,
    /// The public key is malformed or not on the curve.
    BadPublicKey = 3002,
    /// The signature is not a well-formed DER or raw SM2 signature.
    BadSignatureEncoding = 3003,
    /// The signature does not verify.
    SignatureInvalid = 3004,
    /// The distinguishing ID is too long (ENTL is 16 bits).
    BadDistId = 3005,
    /// The operating system's random source failed.
    RandomFailure = 3006,
    /// Not a valid unified social credit code (GB 32100).
    BadUscc = 4001,
    /// Not a valid resident ID number (GB 11643).
    BadResidentId = 4002,
    /// Not a valid license identifier (GB/T 36904).
    BadLicenseId = 4003,
    /// Not a valid region code (GB/T 2260).
    BadRegionCode = 4004,
    /// Dates are malformed or out of order.
    BadDates = 4005,
    /// A license field is missing, malformed or inconsistent.
    BadLicenseField = 4006,
    /// A color-code field is missing, malformed or inconsistent.
    BadColorCodeField = 4007,
    /// The credential has expired.
    Expired = 5001,
    /// The credential is not yet valid.
    NotYetValid = 5002,
    /// The credential claims to be issued in the future beyond the allowed skew.
    ClockSuspect = 5003,
    /// The color is not accepted by this terminal's policy.
    ColorNotAccepted = 5004,
    /// The credential is older than the policy's maximum age.
    TooOld = 5005,
    /// No trusted issuer key matches.
    UnknownIssuer = 6001,
    /// The issuer may not issue this kind of credential.
    IssuerNotAllowed = 6002,
    /// The credential has been revoked.
    Revoked = 6003,
    /// The trust bundle is past its next update plus grace.
    BundleStale = 6004,
    /// The trust bundle signature does not verify against any pinned root.
    BundleSignatureInvalid = 6005,
    /// The issuer key is outside its validity window.
    IssuerNotValid = 6006,
    /// The trust bundle content is malformed.
    BadBundle = 6007,
    /// The trust bundle is older than the newest version the app has accepted.
    BundleRollback = 6008,
    /// The certificate is malformed, or its issuer's signature over it does not verify.
    BadCertificate = 7001,
    /// No path leads from the certificate to a pinned root.
    UntrustedCertificate = 7002,
    /// A certificate of the chain is expired or not yet valid at the time checked.
    CertificateExpired = 7003,
    /// A certificate that issues another is not a CA (basicConstraints CA:TRUE missing).
    CertificateNotCa = 7004,
    /// The chain is longer than a pathLenConstraint or the depth limit allows.
    PathTooLong = 7005,
    /// A certificate carries a critical extension this library does not understand.
    UnknownCriticalExtension = 7006,
    /// A certificate's keyUsage does not allow what it is used for.
    KeyUsageNotAllowed = 7007,
    /// The CMS / PKCS#7 SignedData is malformed or uses a form this library refuses.
    BadCms = 7008,
    /// No certificate matches the CMS signer identifier.
    CmsSignerNotFound = 7009,
    /// The content does not match the signed messageDigest.
    ContentDigestMismatch = 7010,
    /// The OFD package is malformed, over a limit, or not an OFD.
    BadOfd = 8001,
    /// The OFD document carries no signature.
    NotSigned = 8002,
    /// A protected file's digest, or a seal's dataHash, does not match.
    DigestMismatch = 8003,
    /// The electronic seal is malformed.
    BadSeal = 8004,
    /// The seal maker's signature over the seal does not verify.
    SealSignatureInvalid = 8005,
    /// The signer's certificate is not in the seal's certificate list.
    SignerNotInSeal = 8006,
    /// The seal's validity period does not cover the signing time.
    SealNotValid = 8007,
    /// The document is protected with a weak digest (MD5, SHA-1).
    WeakDigest = 8008,
    /// Seal.esl differs from the seal embedded in the signature.
    SealMismatch = 8009,
    /// The signature uses a form or algorithm this verifier does not support.
    UnsupportedSignature = 8010,
    /// A bare signature needs the signer's certificate, and none was supplied.
    SignerCertificateMissing = 8011,
}

// Both directions are exhaustive matches, so a code added to `ErrorCode` without its C twin
// (or the reverse) does not compile; the test checks the numbers agree.
impl From<ErrorCode> for govcred_result {
    fn from(code: ErrorCode) -> Self {
        use govcred_result as R;
        match code {
            ErrorCode::Ok => R::Ok,
            ErrorCode::NullArgument => R::NullArgument,
            ErrorCode::TooLarge => R::TooLarge,
            ErrorCode::Panic => R::Panic,
            ErrorCode::BufferTooSmall => R::BufferTooSmall,
            ErrorCode::Internal => R::Internal,
            ErrorCode::InvalidArgument => R::InvalidArgument,
            ErrorCode::BadJson => R::BadJson,
            ErrorCode::UnknownFormat => R::UnknownFormat,
            ErrorCode::BadBase45 => R::BadBase45,
            ErrorCode::BadZlib => R::BadZlib,
            ErrorCode::InflateTooLarge => R::InflateTooLarge,
            ErrorCode::BadCbor => R::BadCbor,
            ErrorCode::BadCose => R::BadCose,
            ErrorCode::UnsupportedAlgorithm => R::UnsupportedAlgorithm,
            ErrorCode::UnknownCriticalHeader => R::UnknownCriticalHeader,
            ErrorCode::BadHex => R::BadHex,
            ErrorCode::BadPem => R::BadPem,
            ErrorCode::BadDer => R::BadDer,
            ErrorCode::BadClaims => R::BadClaims,
            ErrorCode::BadPrivateKey => R::BadPrivateKey,
            ErrorCode::BadPublicKey => R::BadPublicKey,
            ErrorCode::BadSignatureEncoding => R::BadSignatureEncoding,
            ErrorCode::SignatureInvalid => R::SignatureInvalid,
            ErrorCode::BadDistId => R::BadDistId,
            ErrorCode::RandomFailure => R::RandomFailure,
            ErrorCode::BadUscc => R::BadUscc,
            ErrorCode::BadResidentId => R::BadResidentId,
            ErrorCode::BadLicenseId => R::BadLicenseId,
            ErrorCode::BadRegionCode => R::BadRegionCode,
            ErrorCode::BadDates => R::BadDates,
            ErrorCode::BadLicenseField => R::BadLicenseField,
            ErrorCode::BadColorCodeField => R::BadColorCodeField,
            ErrorCode::Expired => R::Expired,
            ErrorCode::NotYetValid => R::NotYetValid,
            ErrorCode::ClockSuspect => R::ClockSuspect,
            ErrorCode::ColorNotAccepted => R::ColorNotAccepted,
            ErrorCode::TooOld => R::TooOld,
            ErrorCode::UnknownIssuer => R::UnknownIssuer,
            ErrorCode::IssuerNotAllowed => R::IssuerNotAllowed,
            ErrorCode::Revoked => R::Revoked,
            ErrorCode::BundleStale => R::BundleStale,
            ErrorCode::BundleSignatureInvalid => R::BundleSignatureInvalid,
            ErrorCode::IssuerNotValid => R::IssuerNotValid,
            ErrorCode::BadBundle => R::BadBundle,
            ErrorCode::BundleRollback => R::BundleRollback,
            ErrorCode::BadCertificate => R::BadCertificate,
            ErrorCode::UntrustedCertificate => R::UntrustedCertificate,
            ErrorCode::CertificateExpired => R::CertificateExpired,
            ErrorCode::CertificateNotCa => R::CertificateNotCa,
            ErrorCode::PathTooLong => R::PathTooLong,
            ErrorCode::UnknownCriticalExtension => R::UnknownCriticalExtension,
            ErrorCode::KeyUsageNotAllowed => R::KeyUsageNotAllowed,
            ErrorCode::BadCms => R::BadCms,
            ErrorCode::CmsSignerNotFound => R::CmsSignerNotFound,
            ErrorCode::ContentDigestMismatch => R::ContentDigestMismatch,
            ErrorCode::BadOfd => R::BadOfd,
            ErrorCode::NotSigned => R::NotSigned,
            ErrorCode::DigestMismatch => R::DigestMismatch,
            ErrorCode::BadSeal => R::BadSeal,
            ErrorCode::SealSignatureInvalid => R::SealSignatureInvalid,
            ErrorCode::SignerNotInSeal => R::SignerNotInSeal,
            ErrorCode::SealNotValid => R::SealNotValid,
            ErrorCode::WeakDigest => R::WeakDigest,
            ErrorCode::SealMismatch => R::SealMismatch,
            ErrorCode::UnsupportedSignature => R::UnsupportedSignature,
            ErrorCode::SignerCertificateMissing => R::SignerCertificateMissing,
        }
    }
}

impl From<govcred_result> for ErrorCode {
    fn from(result: govcred_result) -> Self {
        use govcred_result as R;
        match result {
            R::Ok => ErrorCode::Ok,
            R::NullArgument => ErrorCode::NullArgument,
            R::TooLarge => ErrorCode::TooLarge,
            R::Panic => ErrorCode::Panic,
            R::BufferTooSmall => ErrorCode::BufferTooSmall,
            R::Internal => ErrorCode::Internal,
            R::InvalidArgument => ErrorCode::InvalidArgument,
            R::BadJson => ErrorCode::BadJson,
            R::UnknownFormat => ErrorCode::UnknownFormat,
            R::BadBase45 => ErrorCode::BadBase45,
            R::BadZlib => ErrorCode::BadZlib,
            R::InflateTooLarge => ErrorCode::InflateTooLarge,
            R::BadCbor => ErrorCode::BadCbor,
            R::BadCose => ErrorCode::BadCose,
            R::UnsupportedAlgorithm => ErrorCode::UnsupportedAlgorithm,
            R::UnknownCriticalHeader => ErrorCode::UnknownCriticalHeader,
            R::BadHex => ErrorCode::BadHex,
            R::BadPem => ErrorCode::BadPem,
            R::BadDer => ErrorCode::BadDer,
            R::BadClaims => ErrorCode::BadClaims,
            R::BadPrivateKey => ErrorCode::BadPrivateKey,
            R::BadPublicKey => ErrorCode::BadPublicKey,
            R::BadSignatureEncoding => ErrorCode::BadSignatureEncoding,
            R::SignatureInvalid => ErrorCode::SignatureInvalid,
            R::BadDistId => ErrorCode::BadDistId,
            R::RandomFailure => ErrorCode::RandomFailure,
            R::BadUscc => ErrorCode::BadUscc,
            R::BadResidentId => ErrorCode::BadResidentId,
            R::BadLicenseId => ErrorCode::BadLicenseId,
            R::BadRegionCode => ErrorCode::BadRegionCode,
            R::BadDates => ErrorCode::BadDates,
            R::BadLicenseField => ErrorCode::BadLicenseField,
            R::BadColorCodeField => ErrorCode::BadColorCodeField,
            R::Expired => ErrorCode::Expired,
            R::NotYetValid => ErrorCode::NotYetValid,
            R::ClockSuspect => ErrorCode::ClockSuspect,
            R::ColorNotAccepted => ErrorCode::ColorNotAccepted,
            R::TooOld => ErrorCode::TooOld,
            R::UnknownIssuer => ErrorCode::UnknownIssuer,
            R::IssuerNotAllowed => ErrorCode::IssuerNotAllowed,
            R::Revoked => ErrorCode::Revoked,
            R::BundleStale => ErrorCode::BundleStale,
            R::BundleSignatureInvalid => ErrorCode::BundleSignatureInvalid,
            R::IssuerNotValid => ErrorCode::IssuerNotValid,
            R::BadBundle => ErrorCode::BadBundle,
            R::BundleRollback => ErrorCode::BundleRollback,
            R::BadCertificate => ErrorCode::BadCertificate,
            R::UntrustedCertificate => ErrorCode::UntrustedCertificate,
            R::CertificateExpired => ErrorCode::CertificateExpired,
            R::CertificateNotCa => ErrorCode::CertificateNotCa,
            R::PathTooLong => ErrorCode::PathTooLong,
            R::UnknownCriticalExtension => ErrorCode::UnknownCriticalExtension,
            R::KeyUsageNotAllowed => ErrorCode::KeyUsageNotAllowed,
            R::BadCms => ErrorCode::BadCms,
            R::CmsSignerNotFound => ErrorCode::CmsSignerNotFound,
            R::ContentDigestMismatch => ErrorCode::ContentDigestMismatch,
            R::BadOfd => ErrorCode::BadOfd,
            R::NotSigned => ErrorCode::NotSigned,
            R::DigestMismatch => ErrorCode::DigestMismatch,
            R::BadSeal => ErrorCode::BadSeal,
            R::SealSignatureInvalid => ErrorCode::SealSignatureInvalid,
            R::SignerNotInSeal => ErrorCode::SignerNotInSeal,
            R::SealNotValid => ErrorCode::SealNotValid,
            R::WeakDigest => ErrorCode::WeakDigest,
            R::SealMismatch => ErrorCode::SealMismatch,
            R::UnsupportedSignature => ErrorCode::UnsupportedSignature,
            R::SignerCertificateMissing => ErrorCode::SignerCertificateMissing,
        }
    }
}

impl From<crate::Error> for govcred_result {
    fn from(e: crate::Error) -> Self {
        e.code().into()
    }
}

impl From<crate::CryptoError> for govcred_result {
    fn from(e: crate::CryptoError) -> Self {
        e.code().into()
    }
}

impl From<crate::ids::IdError> for govcred_result {
    fn from(e: crate::ids::IdError) -> Self {
        e.code().into()
    }
}

const UNKNOWN_RESULT: &CStr = c"unknown result code";

/// NUL-terminated copies of every message, made once and kept for the life of the process,
/// so callers may hold the pointers forever.
fn messages() -> &'static [(u32, CString)] {
    static MESSAGES: OnceLock<Vec<(u32, CString)>> = OnceLock::new();
    MESSAGES.get_or_init(|| {
        ErrorCode::ALL
            .iter()
            .filter_map(|c| Some((c.as_u32(), CString::new(c.message()).ok()?)))
            .collect()
    })
}

fn names() -> &'static [(u32, CString)] {
    static NAMES: OnceLock<Vec<(u32, CString)>> = OnceLock::new();
    NAMES.get_or_init(|| {
        ErrorCode::ALL
            .iter()
            .filter_map(|c| Some((c.as_u32(), CString::new(c.name()).ok()?)))
            .collect()
    })
}

fn lookup(table: &'static [(u32, CString)], result: u32) -> *const c_char {
    table
        .iter()
        .find(|(n, _)| *n == result)
        .map_or(UNKNOWN_RESULT.as_ptr(), |(_, s)| s.as_ptr())
}

const VERSION: &CStr =
    match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(v) => v,
        Err(_) => c"",
    };

/// The library version, `MAJOR.MINOR.PATCH`, equal to the header's `GOVCRED_VERSION`.
/// A static string; never NULL.
#[unsafe(no_mangle)]
pub extern "C" fn govcred_version() -> *const c_char {
    guard(VERSION.as_ptr(), || VERSION.as_ptr())
}

/// A short English message for `result`: a static NUL-terminated string, never NULL, valid
/// for the life of the process. Unknown numbers get a generic message.
#[unsafe(no_mangle)]
pub extern "C" fn govcred_result_message(result: govcred_result_arg) -> *const c_char {
    guard(UNKNOWN_RESULT.as_ptr(), || lookup(messages(), result))
}

/// The name of `result` as every binding spells it (`"SignatureInvalid"`): a static
/// NUL-terminated string, never NULL. Unknown numbers get a generic message.
#[unsafe(no_mangle)]
pub extern "C" fn govcred_result_name(result: govcred_result_arg) -> *const c_char {
    guard(UNKNOWN_RESULT.as_ptr(), || lookup(names(), result))
}

/// The verdict JSON of a refusal that has no verdict handle (a failed
/// `govcred_cms_verify`, say): the head every verdict JSON starts with, `{"passed": false,
/// "code": N, "code_name": "...", "message": "..."}` with the code's own message
/// (`docs/verdict-json.md`), NUL-terminated; `*out_len` excludes the NUL. An unknown number
/// is `GOVCRED_RESULT_INVALID_ARGUMENT`. With `GOVCRED_RESULT_OK` it is the passing head.
///
/// # Safety
/// `out` writable for `out_cap` bytes; `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_result_verdict_json(
    result: govcred_result_arg,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> govcred_result {
    call(|| {
        // SAFETY: the caller's contract.
        let buf = unsafe { OutBuf::new(out.cast::<u8>(), out_cap, out_len) }?;
        let code = ErrorCode::from_u32(result).ok_or(govcred_result::InvalidArgument)?;
        buf.text(&crate::error::verdict_json(code, code.message(), ()))
    })
}

/// A `govcred_result` as it arrives from C: any 32-bit number, since C may pass values
/// that are not in the enum (a Rust enum holding one would be undefined behaviour). The
/// header spells it `govcred_result`.
pub type govcred_result_arg = u32;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_code_has_the_same_number_in_c_and_back() {
        for &code in ErrorCode::ALL {
            let c = govcred_result::from(code);
            assert_eq!(c as u32, code.as_u32(), "{}", code.name());
            assert_eq!(ErrorCode::from(c), code);
        }
    }

    #[test]
    fn messages_and_names_are_static_and_total() {
        for &code in ErrorCode::ALL {
            let msg = govcred_result_message(code.as_u32());
            // SAFETY: the function returns a pointer into a process-lifetime table.
            let msg = unsafe { CStr::from_ptr(msg) };
            assert_eq!(msg.to_str(), Ok(code.message()));
            // SAFETY: as above.
            let name = unsafe { CStr::from_ptr(govcred_result_name(code.as_u32())) };
            assert_eq!(name.to_str(), Ok(code.name()));
        }
        for unknown in [1, 999, 7000, u32::MAX] {
            // SAFETY: as above.
            let msg = unsafe { CStr::from_ptr(govcred_result_message(unknown)) };
            assert_eq!(msg, UNKNOWN_RESULT);
        }
        let mut buf = [0u8; 256];
        let mut len = 0usize;
        // SAFETY: `buf` is writable for its length, `len` writable.
        let rc = unsafe {
            govcred_result_verdict_json(3004, buf.as_mut_ptr().cast(), buf.len(), &mut len)
        };
        assert_eq!(rc, govcred_result::Ok);
        assert_eq!(
            std::str::from_utf8(&buf[..len]),
            Ok(
                crate::error::verdict_json(ErrorCode::SignatureInvalid, "signature invalid", ())
                    .as_str()
            )
        );
        // SAFETY: as above.
        let rc =
            unsafe { govcred_result_verdict_json(7, buf.as_mut_ptr().cast(), buf.len(), &mut len) };
        assert_eq!(rc, govcred_result::InvalidArgument);
        // SAFETY: a static string.
        let v = unsafe { CStr::from_ptr(govcred_version()) };
        assert_eq!(v.to_str(), Ok(env!("CARGO_PKG_VERSION")));
    }
}
