//! OFD documents with seals and signatures: a verifier and its per-signature verdict.

use std::ffi::c_char;

use crate::ofd::{OfdVerdict, OfdVerifier, SignatureKind, SignatureResult, SignedValueFormat};
use crate::x509::Certificate;

use super::boundary::{
    OutBuf, bytes_in, call, free, guard, handle, handle_mut, handle_out, out_ptr,
};
use super::result::govcred_result;

/// Verifies OFD documents against pinned root certificates. Configured with
/// `govcred_ofd_verifier_add_root` and `_add_cert`, which mutate it: do not call those while
/// another thread uses the verifier. Once configured, `govcred_ofd_verifier_verify` may run
/// on many threads at once.
pub struct govcred_ofd_verifier {
    inner: OfdVerifier,
}

/// The verdict for one OFD document, with a result per signature. Immutable; may be shared
/// between threads.
pub struct govcred_ofd_verdict {
    inner: OfdVerdict,
}

/// Whether a signature is an electronic seal or a plain signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum govcred_ofd_signature_kind {
    /// `Type="Seal"` (签章; also when `Type` is absent).
    Seal = 0,
    /// `Type="Sign"` (签名).
    Sign = 1,
}

/// How a signature's SignedValue.dat is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum govcred_ofd_signature_format {
    /// Not known: the signature failed before its value was read.
    Unknown = 0,
    /// GB/T 38540 SES_Signature.
    SesV4 = 1,
    /// GM/T 0031-2014 SES_Signature.
    SesV1 = 2,
    /// GB/T 35275 SignedData.
    Gbt35275 = 3,
    /// A bare SM2 signature over Signature.xml.
    Sm2 = 4,
}

/// A verifier with no trusted root and no signer certificate: intact signatures report
/// `GOVCRED_RESULT_UNTRUSTED_CERTIFICATE` until roots are added.
///
/// # Safety
/// `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_ofd_verifier_new(
    out: *mut *mut govcred_ofd_verifier,
) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        let inner = OfdVerifier::new();
        // SAFETY: `out` checked non-NULL; writable by contract.
        unsafe { handle_out(govcred_ofd_verifier { inner }, out) };
        Ok(())
    })
}

/// Pins a trusted root certificate, DER or PEM (the first `CERTIFICATE` block). Every seal's
/// maker and signer certificates, and the signer of every GB/T 35275 signature, must chain
/// to a pinned root at the signing time. `_BAD_CERTIFICATE`, `_BAD_PEM`,
/// `_UNSUPPORTED_ALGORITHM` for an unusable certificate (the verifier is then unchanged).
///
/// # Safety
/// `verifier` a live handle not in use by another thread; `cert` readable for `cert_len`
/// bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_ofd_verifier_add_root(
    verifier: *mut govcred_ofd_verifier,
    cert: *const u8,
    cert_len: usize,
) -> govcred_result {
    call(|| {
        // SAFETY: the caller's contract.
        let verifier = unsafe { handle_mut(verifier) }?;
        // SAFETY: the caller's contract.
        let cert = Certificate::decode(unsafe { bytes_in(cert, cert_len) }?)?;
        verifier.inner.add_root(cert)?;
        Ok(())
    })
}

/// Supplies a signer certificate, DER or PEM, for bare SM2 signatures, which carry none: the
/// caller vouches for it, and a bare signature that verifies under it passes. GB/T 35275
/// signatures may also find their signer or intermediates among these, but still need a
/// chain to a pinned root.
///
/// # Safety
/// `verifier` a live handle not in use by another thread; `cert` readable for `cert_len`
/// bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_ofd_verifier_add_cert(
    verifier: *mut govcred_ofd_verifier,
    cert: *const u8,
    cert_len: usize,
) -> govcred_result {
    call(|| {
        // SAFETY: the caller's contract.
        let verifier = unsafe { handle_mut(verifier) }?;
        // SAFETY: the caller's contract.
        let cert = Certificate::decode(unsafe { bytes_in(cert, cert_len) }?)?;
        verifier.inner.add_signer_certificate(cert);
        Ok(())
    })
}

/// Verifies the OFD document in `ofd` (the zip file's bytes) at `now` (Unix seconds; the
/// certificate time of a signature that asserts none), writing a new verdict to `*out`.
/// Returns `GOVCRED_RESULT_OK` whenever a verdict was made, also one that refuses the
/// document (malformed, not signed, a failing signature): ask the verdict.
///
/// # Safety
/// `verifier` a live handle; `ofd` readable for `ofd_len` bytes; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_ofd_verifier_verify(
    verifier: *const govcred_ofd_verifier,
    ofd: *const u8,
    ofd_len: usize,
    now: i64,
    out: *mut *mut govcred_ofd_verdict,
) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        // SAFETY: the caller's contract.
        let verifier = unsafe { handle(verifier) }?;
        // SAFETY: the caller's contract.
        let ofd = unsafe { bytes_in(ofd, ofd_len) }?;
        let inner = verifier.inner.verify(ofd, now);
        // SAFETY: `out` checked non-NULL; writable by contract.
        unsafe { handle_out(govcred_ofd_verdict { inner }, out) };
        Ok(())
    })
}

/// Releases an OFD verifier. NULL is a no-op.
///
/// # Safety
/// `verifier` NULL or a live handle, freed once and not in use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_ofd_verifier_free(verifier: *mut govcred_ofd_verifier) {
    // SAFETY: the caller's contract.
    guard((), || unsafe { free(verifier) })
}

/// Whether the document is signed and every signature passes. False for NULL.
///
/// # Safety
/// `verdict` NULL or a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_ofd_verdict_passed(verdict: *const govcred_ofd_verdict) -> bool {
    guard(false, || {
        // SAFETY: the caller's contract.
        unsafe { handle(verdict) }.is_ok_and(|v| v.inner.passed())
    })
}

/// The document's code: `GOVCRED_RESULT_OK` when it passes, else `_NOT_SIGNED`, `_BAD_OFD`
/// or the first failing signature's code. `GOVCRED_RESULT_NULL_ARGUMENT` for NULL.
///
/// # Safety
/// `verdict` NULL or a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_ofd_verdict_code(
    verdict: *const govcred_ofd_verdict,
) -> govcred_result {
    guard(govcred_result::Panic, || {
        // SAFETY: the caller's contract.
        unsafe { handle(verdict) }.map_or_else(|e| e, |v| v.inner.code.into())
    })
}

/// How many signatures the document has (0 for NULL and for a document that could not be
/// read).
///
/// # Safety
/// `verdict` NULL or a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_ofd_verdict_signature_count(
    verdict: *const govcred_ofd_verdict,
) -> usize {
    guard(0, || {
        // SAFETY: the caller's contract.
        unsafe { handle(verdict) }.map_or(0, |v| v.inner.signatures.len())
    })
}

/// The signature at `index` (document order), or `_INVALID_ARGUMENT` past the end.
///
/// # Safety
/// `verdict` a live handle.
unsafe fn signature<'a>(
    verdict: *const govcred_ofd_verdict,
    index: usize,
) -> Result<&'a SignatureResult, govcred_result> {
    // SAFETY: the caller's contract.
    let v = unsafe { handle(verdict) }?;
    v.inner
        .signatures
        .get(index)
        .ok_or(govcred_result::InvalidArgument)
}

/// The code of the signature at `index` into `*out`: `GOVCRED_RESULT_OK` when every check
/// passed, else the first failure. `GOVCRED_RESULT_INVALID_ARGUMENT` past the end.
///
/// # Safety
/// `verdict` a live handle; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_ofd_verdict_signature_code(
    verdict: *const govcred_ofd_verdict,
    index: usize,
    out: *mut govcred_result,
) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        // SAFETY: the caller's contract.
        let s = unsafe { signature(verdict, index) }?;
        // SAFETY: `out` checked non-NULL; writable by contract.
        unsafe { out.write(s.code.into()) };
        Ok(())
    })
}

/// Whether the signature at `index` is a seal or a plain signature, into `*out`.
/// `GOVCRED_RESULT_INVALID_ARGUMENT` past the end.
///
/// # Safety
/// `verdict` a live handle; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_ofd_verdict_signature_kind(
    verdict: *const govcred_ofd_verdict,
    index: usize,
    out: *mut govcred_ofd_signature_kind,
) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        // SAFETY: the caller's contract.
        let s = unsafe { signature(verdict, index) }?;
        let kind = match s.kind {
            SignatureKind::Seal => govcred_ofd_signature_kind::Seal,
            SignatureKind::Sign => govcred_ofd_signature_kind::Sign,
        };
        // SAFETY: `out` checked non-NULL; writable by contract.
        unsafe { out.write(kind) };
        Ok(())
    })
}

/// The encoding of the signature at `index` into `*out` (`_UNKNOWN` when it failed before
/// its value was read). `GOVCRED_RESULT_INVALID_ARGUMENT` past the end.
///
/// # Safety
/// `verdict` a live handle; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_ofd_verdict_signature_format(
    verdict: *const govcred_ofd_verdict,
    index: usize,
    out: *mut govcred_ofd_signature_format,
) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        // SAFETY: the caller's contract.
        let s = unsafe { signature(verdict, index) }?;
        let format = match s.format {
            None => govcred_ofd_signature_format::Unknown,
            Some(SignedValueFormat::SesV4) => govcred_ofd_signature_format::SesV4,
            Some(SignedValueFormat::SesV1) => govcred_ofd_signature_format::SesV1,
            Some(SignedValueFormat::Gbt35275) => govcred_ofd_signature_format::Gbt35275,
            Some(SignedValueFormat::Sm2) => govcred_ofd_signature_format::Sm2,
        };
        // SAFETY: `out` checked non-NULL; writable by contract.
        unsafe { out.write(format) };
        Ok(())
    })
}

/// The `ID` of the signature at `index` in Signatures.xml (UTF-8, NUL-terminated).
/// `GOVCRED_RESULT_INVALID_ARGUMENT` past the end.
///
/// # Safety
/// `verdict` a live handle; `out` writable for `out_cap` bytes; `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_ofd_verdict_signature_id(
    verdict: *const govcred_ofd_verdict,
    index: usize,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> govcred_result {
    call(|| {
        // SAFETY: the caller's contract.
        let buf = unsafe { OutBuf::new(out.cast::<u8>(), out_cap, out_len) }?;
        // SAFETY: the caller's contract.
        let s = unsafe { signature(verdict, index) }?;
        buf.text(&s.id)
    })
}

/// What failed in the document, or "ok" (English; UTF-8, NUL-terminated).
///
/// # Safety
/// `verdict` a live handle; `out` writable for `out_cap` bytes; `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_ofd_verdict_message(
    verdict: *const govcred_ofd_verdict,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> govcred_result {
    call(|| {
        // SAFETY: the caller's contract.
        let buf = unsafe { OutBuf::new(out.cast::<u8>(), out_cap, out_len) }?;
        // SAFETY: the caller's contract.
        let v = unsafe { handle(verdict) }?;
        buf.text(&v.inner.message)
    })
}

/// The whole verdict as one line of JSON, as `govcred verify-ofd` prints it: passed, code,
/// code_name, message, signatures (`[{id, type, format, code, code_name, message, signer,
/// seal_name, signed_at, time_source, leniencies}]`), license (NUL-terminated).
///
/// # Safety
/// `verdict` a live handle; `out` writable for `out_cap` bytes; `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_ofd_verdict_json(
    verdict: *const govcred_ofd_verdict,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> govcred_result {
    call(|| {
        // SAFETY: the caller's contract.
        let buf = unsafe { OutBuf::new(out.cast::<u8>(), out_cap, out_len) }?;
        // SAFETY: the caller's contract.
        let v = unsafe { handle(verdict) }?;
        buf.text(&v.inner.to_json())
    })
}

/// Releases an OFD verdict. NULL is a no-op.
///
/// # Safety
/// `verdict` NULL or a live handle, freed once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_ofd_verdict_free(verdict: *mut govcred_ofd_verdict) {
    // SAFETY: the caller's contract.
    guard((), || unsafe { free(verdict) })
}
