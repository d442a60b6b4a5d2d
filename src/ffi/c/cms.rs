//! GB/T 35275 / PKCS#7 CMS signatures: verify and make detached ones.

use std::ffi::c_char;

use crate::cms::{self, CmsOids, CmsVerdict, TimeSource};

use super::boundary::{OutBuf, bytes_in, call, free, guard, handle, handle_out, out_ptr};
use super::crypto::govcred_private_key;
use super::result::govcred_result;
use super::x509::{cert_list, govcred_cert_chain, govcred_cert_verifier, govcred_certificate};

/// A verified CMS signature. Immutable; may be shared between threads.
pub struct govcred_cms_verdict {
    inner: CmsVerdict,
}

/// Which time the signer's chain was checked at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum govcred_time_source {
    /// The signingTime signed attribute.
    SigningTime = 0,
    /// The caller's `now` (the signature has no signingTime).
    Now = 1,
}

/// Which object identifiers a new signature uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
#[allow(dead_code)] // exported to the header; C passes it as `govcred_cms_oids_arg`
pub enum govcred_cms_oids {
    /// GB/T 35275: signedData 1.2.156.10197.6.1.4.2.2, data 1.2.156.10197.6.1.4.2.1.
    Gbt35275 = 0,
    /// PKCS#7: signedData 1.2.840.113549.1.7.2, data 1.2.840.113549.1.7.1.
    Pkcs7 = 1,
}

/// `govcred_cms_oids` as it arrives from C.
pub type govcred_cms_oids_arg = u32;

/// Verifies a CMS / PKCS#7 SignedData (DER, BER or PEM) and its signer's chain with
/// `verifier`, at the signingTime attribute when present, else at `now`.
///
/// `content` is the signed content of a detached signature: NULL means none given (then
/// the signature must be attached); non-NULL with `content_len` 0 is empty content.
/// `extra_certs` are certificates the signature does not embed (the signer's,
/// intermediates). On success `*out` gets the verdict. Failures: `_BAD_CMS`,
/// `_CMS_SIGNER_NOT_FOUND`, `_CONTENT_DIGEST_MISMATCH`, `_SIGNATURE_INVALID`,
/// `_UNSUPPORTED_ALGORITHM`, `_INVALID_ARGUMENT` (detached without content), and every
/// chain failure of `govcred_cert_verifier_verify`.
///
/// # Safety
/// `sig` readable for `sig_len` bytes; `content` NULL or readable for `content_len` bytes;
/// `extra_certs` an array of `extra_certs_len` live certificate handles; `verifier` a live
/// handle; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_cms_verify(
    sig: *const u8,
    sig_len: usize,
    content: *const u8,
    content_len: usize,
    extra_certs: *const *const govcred_certificate,
    extra_certs_len: usize,
    verifier: *const govcred_cert_verifier,
    now: i64,
    out: *mut *mut govcred_cms_verdict,
) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        // SAFETY: the caller's contract.
        let sig = unsafe { bytes_in(sig, sig_len) }?;
        let content = if content.is_null() {
            if content_len != 0 {
                return Err(govcred_result::NullArgument);
            }
            None
        } else {
            // SAFETY: non-NULL and, by contract, readable for `content_len` bytes.
            Some(unsafe { bytes_in(content, content_len) }?)
        };
        // SAFETY: the caller's contract.
        let extra = unsafe { cert_list(extra_certs, extra_certs_len) }?;
        // SAFETY: the caller's contract.
        let verifier = unsafe { handle(verifier) }?;
        let inner = cms::verify(sig, content, &extra, &verifier.inner, now)?;
        // SAFETY: `out` checked non-NULL; writable by contract.
        unsafe { handle_out(govcred_cms_verdict { inner }, out) };
        Ok(())
    })
}

/// The signer's certificate as a new certificate handle.
///
/// # Safety
/// `verdict` a live handle; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_cms_verdict_signer(
    verdict: *const govcred_cms_verdict,
    out: *mut *mut govcred_certificate,
) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        // SAFETY: the caller's contract.
        let inner = unsafe { handle(verdict) }?.inner.signer.clone();
        // SAFETY: `out` checked non-NULL; writable by contract.
        unsafe { handle_out(govcred_certificate { inner }, out) };
        Ok(())
    })
}

/// The signer's verified chain (signer first) as a new chain handle.
///
/// # Safety
/// `verdict` a live handle; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_cms_verdict_chain(
    verdict: *const govcred_cms_verdict,
    out: *mut *mut govcred_cert_chain,
) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        // SAFETY: the caller's contract.
        let inner = unsafe { handle(verdict) }?.inner.chain.clone();
        // SAFETY: `out` checked non-NULL; writable by contract.
        unsafe { handle_out(govcred_cert_chain { inner }, out) };
        Ok(())
    })
}

/// The time the chain was checked at (Unix seconds) into `*time_used`, and where it came
/// from into `*source`.
///
/// # Safety
/// `verdict` a live handle; both outputs writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_cms_verdict_time(
    verdict: *const govcred_cms_verdict,
    time_used: *mut i64,
    source: *mut govcred_time_source,
) -> govcred_result {
    call(|| {
        let time_used = out_ptr(time_used)?;
        let source = out_ptr(source)?;
        // SAFETY: the caller's contract.
        let v = &unsafe { handle(verdict) }?.inner;
        let s = match v.time_source {
            TimeSource::SigningTime => govcred_time_source::SigningTime,
            _ => govcred_time_source::Now,
        };
        // SAFETY: both checked non-NULL; writable by contract.
        unsafe {
            time_used.write(v.time_used);
            source.write(s);
        }
        Ok(())
    })
}

/// The attached content (`*out_len` 0 for a detached signature; see
/// `govcred_cms_verdict_json`'s `attached` to tell it from empty content).
///
/// # Safety
/// `verdict` a live handle; `out` writable for `out_cap` bytes; `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_cms_verdict_content(
    verdict: *const govcred_cms_verdict,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> govcred_result {
    call(|| {
        // SAFETY: the caller's contract.
        let buf = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        // SAFETY: the caller's contract.
        let v = &unsafe { handle(verdict) }?.inner;
        buf.bytes(v.content.as_deref().unwrap_or_default())
    })
}

/// The verdict as one JSON object, as `govcred cms verify --json` prints it
/// (`docs/verdict-json.md`): passed, code, code_name, message, then signer, chain,
/// signing_time, time_used, time_source, attached, content_length, content_type,
/// outer_type, leniencies (NUL-terminated). A refused signature has no verdict handle: its
/// JSON is `govcred_result_verdict_json` of the result.
///
/// # Safety
/// `verdict` a live handle; `out` writable for `out_cap` bytes; `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_cms_verdict_json(
    verdict: *const govcred_cms_verdict,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> govcred_result {
    call(|| {
        // SAFETY: the caller's contract.
        let buf = unsafe { OutBuf::new(out.cast::<u8>(), out_cap, out_len) }?;
        // SAFETY: the caller's contract.
        let v = &unsafe { handle(verdict) }?.inner;
        buf.text(&v.to_json())
    })
}

/// Releases a CMS verdict. NULL is a no-op.
///
/// # Safety
/// `verdict` NULL or a live handle, freed once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_cms_verdict_free(verdict: *mut govcred_cms_verdict) {
    // SAFETY: the caller's contract.
    guard((), || unsafe { free(verdict) })
}

/// Signs `content` into a detached SignedData (DER) with signed attributes (contentType,
/// signingTime = `signing_time`, messageDigest), SM2-with-SM3 and the default ID; `cert`
/// (whose private key `key` must be) and the `chain_len` certificates at `chain` are
/// embedded. Deterministic: asking again with a bigger buffer after
/// `GOVCRED_RESULT_BUFFER_TOO_SMALL` gives the same bytes.
///
/// # Safety
/// `content` readable for `content_len` bytes; `key` and `cert` live handles; `chain` an
/// array of `chain_len` live certificate handles; `out` writable for `out_cap` bytes;
/// `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_cms_sign(
    content: *const u8,
    content_len: usize,
    key: *const govcred_private_key,
    cert: *const govcred_certificate,
    chain: *const *const govcred_certificate,
    chain_len: usize,
    signing_time: i64,
    oids: govcred_cms_oids_arg,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> govcred_result {
    call(|| {
        // SAFETY: the caller's contract.
        let buf = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        // SAFETY: the caller's contract.
        let content = unsafe { bytes_in(content, content_len) }?;
        // SAFETY: the caller's contract.
        let key = unsafe { handle(key) }?;
        // SAFETY: the caller's contract.
        let cert = unsafe { handle(cert) }?;
        // SAFETY: the caller's contract.
        let chain = unsafe { cert_list(chain, chain_len) }?;
        let oids = match oids {
            0 => CmsOids::GbT35275,
            1 => CmsOids::Pkcs7,
            _ => return Err(govcred_result::InvalidArgument),
        };
        let p7 =
            cms::sign_detached_with(content, &key.inner, &cert.inner, &chain, signing_time, oids)?;
        buf.bytes(&p7)
    })
}
