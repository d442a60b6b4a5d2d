//! SM2 certificates and chain verification.

use std::ffi::c_char;

use crate::x509::{CertVerifier, Certificate, KeyPurpose};

use super::boundary::{OutBuf, bytes_in, call, free, guard, handle, handle_out, out_ptr};
use super::crypto::govcred_public_key;
use super::result::govcred_result;

/// A parsed SM2 X.509 certificate. Immutable; may be shared between threads.
pub struct govcred_certificate {
    pub(crate) inner: Certificate,
}

/// Verifies chains up to pinned root certificates. Immutable; share one between threads.
pub struct govcred_cert_verifier {
    pub(crate) inner: CertVerifier,
}

/// A verified chain, leaf first, pinned root last. Immutable.
pub struct govcred_cert_chain {
    pub(crate) inner: Vec<Certificate>,
}

/// What the leaf certificate is used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
#[allow(dead_code)] // exported to the header; C passes it as `govcred_key_purpose_arg`
pub enum govcred_key_purpose {
    /// Signing: keyUsage, when present, allows digitalSignature or nonRepudiation.
    Signing = 0,
    /// No keyUsage requirement on the leaf.
    Any = 1,
}

/// `govcred_key_purpose` as it arrives from C.
pub type govcred_key_purpose_arg = u32;

fn key_purpose(n: govcred_key_purpose_arg) -> Result<KeyPurpose, govcred_result> {
    match n {
        0 => Ok(KeyPurpose::Signing),
        1 => Ok(KeyPurpose::Any),
        _ => Err(govcred_result::InvalidArgument),
    }
}

/// Borrows `len` certificate handles at `list` (NULL allowed when `len` is 0).
///
/// # Safety
/// A non-NULL `list` must be an array of `len` live certificate handles.
pub(crate) unsafe fn cert_list(
    list: *const *const govcred_certificate,
    len: usize,
) -> Result<Vec<Certificate>, govcred_result> {
    if len == 0 {
        return Ok(Vec::new());
    }
    if list.is_null() {
        return Err(govcred_result::NullArgument);
    }
    // SAFETY: non-NULL, and by contract an array of `len` pointers.
    let items = unsafe { std::slice::from_raw_parts(list, len) };
    items
        .iter()
        // SAFETY: each element is, by contract, NULL or a live handle.
        .map(|&c| unsafe { handle(c) }.map(|c| c.inner.clone()))
        .collect()
}

/// Parses a certificate, DER or PEM (the first `CERTIFICATE` block). RSA and ECDSA
/// certificates are `GOVCRED_RESULT_UNSUPPORTED_ALGORITHM`; malformed ones
/// `GOVCRED_RESULT_BAD_CERTIFICATE`.
///
/// # Safety
/// `input` readable for `input_len` bytes; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_cert_parse(
    input: *const u8,
    input_len: usize,
    out: *mut *mut govcred_certificate,
) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        // SAFETY: the caller's contract.
        let input = unsafe { bytes_in(input, input_len) }?;
        let inner = Certificate::decode(input)?;
        // SAFETY: `out` checked non-NULL; writable by contract.
        unsafe { handle_out(govcred_certificate { inner }, out) };
        Ok(())
    })
}

/// Releases a certificate. NULL is a no-op.
///
/// # Safety
/// `cert` NULL or a live handle, freed once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_cert_free(cert: *mut govcred_certificate) {
    // SAFETY: the caller's contract.
    guard((), || unsafe { free(cert) })
}

/// Runs `f` on the certificate and writes the text it returns (NUL-terminated).
///
/// # Safety
/// As the exported callers.
unsafe fn cert_text(
    cert: *const govcred_certificate,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
    f: impl FnOnce(&Certificate) -> String,
) -> govcred_result {
    call(|| {
        // SAFETY: the caller's contract.
        let buf = unsafe { OutBuf::new(out.cast::<u8>(), out_cap, out_len) }?;
        // SAFETY: the caller's contract.
        let c = unsafe { handle(cert) }?;
        buf.text(&f(&c.inner))
    })
}

/// Runs `f` on the certificate and writes the bytes it returns.
///
/// # Safety
/// As the exported callers.
unsafe fn cert_bytes(
    cert: *const govcred_certificate,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
    f: impl FnOnce(&Certificate) -> Vec<u8>,
) -> govcred_result {
    call(|| {
        // SAFETY: the caller's contract.
        let buf = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        // SAFETY: the caller's contract.
        let c = unsafe { handle(cert) }?;
        buf.bytes(&f(&c.inner))
    })
}

/// The certificate's DER, exactly as parsed.
///
/// # Safety
/// `cert` a live handle; `out` writable for `out_cap` bytes; `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_cert_der(
    cert: *const govcred_certificate,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> govcred_result {
    // SAFETY: forwarded.
    unsafe { cert_bytes(cert, out, out_cap, out_len, |c| c.to_der().to_vec()) }
}

/// The subject, RFC 4514 string form (UTF-8, NUL-terminated; `*out_len` excludes the NUL).
///
/// # Safety
/// `cert` a live handle; `out` writable for `out_cap` bytes; `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_cert_subject(
    cert: *const govcred_certificate,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> govcred_result {
    // SAFETY: forwarded.
    unsafe { cert_text(cert, out, out_cap, out_len, Certificate::subject) }
}

/// The issuer, RFC 4514 string form (UTF-8, NUL-terminated).
///
/// # Safety
/// `cert` a live handle; `out` writable for `out_cap` bytes; `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_cert_issuer(
    cert: *const govcred_certificate,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> govcred_result {
    // SAFETY: forwarded.
    unsafe { cert_text(cert, out, out_cap, out_len, Certificate::issuer) }
}

/// The serial number's INTEGER content bytes, as encoded.
///
/// # Safety
/// `cert` a live handle; `out` writable for `out_cap` bytes; `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_cert_serial(
    cert: *const govcred_certificate,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> govcred_result {
    // SAFETY: forwarded.
    unsafe { cert_bytes(cert, out, out_cap, out_len, |c| c.serial().to_vec()) }
}

/// notBefore and notAfter, Unix seconds, into `*not_before` and `*not_after`.
///
/// # Safety
/// `cert` a live handle; both outputs writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_cert_validity(
    cert: *const govcred_certificate,
    not_before: *mut i64,
    not_after: *mut i64,
) -> govcred_result {
    call(|| {
        let not_before = out_ptr(not_before)?;
        let not_after = out_ptr(not_after)?;
        // SAFETY: the caller's contract.
        let c = unsafe { handle(cert) }?;
        // SAFETY: both checked non-NULL; writable by contract.
        unsafe {
            not_before.write(c.inner.not_before());
            not_after.write(c.inner.not_after());
        }
        Ok(())
    })
}

/// Whether basicConstraints says cA TRUE; false for NULL.
///
/// # Safety
/// `cert` NULL or a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_cert_is_ca(cert: *const govcred_certificate) -> bool {
    guard(false, || {
        // SAFETY: the caller's contract.
        unsafe { handle(cert) }.is_ok_and(|c| c.inner.is_ca())
    })
}

/// keyUsage: `*present` says whether the extension is there; `*bits` gets its bits,
/// bit n of the extension as `1 << n` (digitalSignature 1, nonRepudiation 2,
/// keyEncipherment 4, dataEncipherment 8, keyAgreement 16, keyCertSign 32, cRLSign 64,
/// encipherOnly 128, decipherOnly 256), 0 when absent.
///
/// # Safety
/// `cert` a live handle; both outputs writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_cert_key_usage(
    cert: *const govcred_certificate,
    present: *mut bool,
    bits: *mut u32,
) -> govcred_result {
    call(|| {
        let present = out_ptr(present)?;
        let bits = out_ptr(bits)?;
        // SAFETY: the caller's contract.
        let ku = unsafe { handle(cert) }?.inner.key_usage();
        // SAFETY: both checked non-NULL; writable by contract.
        unsafe {
            present.write(ku.is_some());
            bits.write(ku.map_or(0, |k| u32::from(k.bits())));
        }
        Ok(())
    })
}

/// The subject's SM2 public key as a new public key handle.
///
/// # Safety
/// `cert` a live handle; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_cert_public_key(
    cert: *const govcred_certificate,
    out: *mut *mut govcred_public_key,
) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        // SAFETY: the caller's contract.
        let inner = unsafe { handle(cert) }?.inner.public_key();
        // SAFETY: `out` checked non-NULL; writable by contract.
        unsafe { handle_out(govcred_public_key { inner }, out) };
        Ok(())
    })
}

/// Every field as one JSON object, as `govcred cert inspect` prints it: subject, issuer,
/// serial, not_before, not_after, key_usage, is_ca, path_len, subject_key_id,
/// authority_key_id, public_key (NUL-terminated).
///
/// # Safety
/// `cert` a live handle; `out` writable for `out_cap` bytes; `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_cert_json(
    cert: *const govcred_certificate,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> govcred_result {
    // SAFETY: forwarded.
    unsafe { cert_text(cert, out, out_cap, out_len, Certificate::to_json) }
}

/// A verifier trusting the `roots_len` root certificates at `roots` (copied; at least one).
///
/// # Safety
/// `roots` an array of `roots_len` live certificate handles; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_cert_verifier_new(
    roots: *const *const govcred_certificate,
    roots_len: usize,
    out: *mut *mut govcred_cert_verifier,
) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        // SAFETY: the caller's contract.
        let roots = unsafe { cert_list(roots, roots_len) }?;
        let inner = CertVerifier::new(roots)?;
        // SAFETY: `out` checked non-NULL; writable by contract.
        unsafe { handle_out(govcred_cert_verifier { inner }, out) };
        Ok(())
    })
}

/// Verifies `leaf` at `now` (Unix seconds) through any of the `intermediates_len`
/// certificates at `intermediates` to a pinned root, for `purpose`. On success, and when
/// `out_chain` is not NULL, `*out_chain` gets the chain (free it with
/// `govcred_cert_chain_free`). Failures: `_UNTRUSTED_CERTIFICATE`, `_CERTIFICATE_EXPIRED`,
/// `_CERTIFICATE_NOT_CA`, `_PATH_TOO_LONG`, `_UNKNOWN_CRITICAL_EXTENSION`,
/// `_KEY_USAGE_NOT_ALLOWED`, `_SIGNATURE_INVALID`.
///
/// # Safety
/// `verifier` and `leaf` live handles; `intermediates` an array of `intermediates_len` live
/// certificate handles; `out_chain` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_cert_verifier_verify(
    verifier: *const govcred_cert_verifier,
    leaf: *const govcred_certificate,
    intermediates: *const *const govcred_certificate,
    intermediates_len: usize,
    now: i64,
    purpose: govcred_key_purpose_arg,
    out_chain: *mut *mut govcred_cert_chain,
) -> govcred_result {
    call(|| {
        // SAFETY: the caller's contract.
        let verifier = unsafe { handle(verifier) }?;
        // SAFETY: the caller's contract.
        let leaf = unsafe { handle(leaf) }?;
        // SAFETY: the caller's contract.
        let intermediates = unsafe { cert_list(intermediates, intermediates_len) }?;
        let purpose = key_purpose(purpose)?;
        let chain = verifier
            .inner
            .verify(&leaf.inner, &intermediates, now, purpose)?;
        if !out_chain.is_null() {
            // SAFETY: non-NULL; writable by contract.
            unsafe { handle_out(govcred_cert_chain { inner: chain }, out_chain) };
        }
        Ok(())
    })
}

/// Releases a certificate verifier. NULL is a no-op.
///
/// # Safety
/// `verifier` NULL or a live handle, freed once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_cert_verifier_free(verifier: *mut govcred_cert_verifier) {
    // SAFETY: the caller's contract.
    guard((), || unsafe { free(verifier) })
}

/// The number of certificates in the chain (0 for NULL).
///
/// # Safety
/// `chain` NULL or a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_cert_chain_len(chain: *const govcred_cert_chain) -> usize {
    // SAFETY: the caller's contract.
    guard(0, || unsafe { handle(chain) }.map_or(0, |c| c.inner.len()))
}

/// The certificate at `index` (0 = leaf) as a new certificate handle;
/// `GOVCRED_RESULT_INVALID_ARGUMENT` past the end.
///
/// # Safety
/// `chain` a live handle; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_cert_chain_get(
    chain: *const govcred_cert_chain,
    index: usize,
    out: *mut *mut govcred_certificate,
) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        // SAFETY: the caller's contract.
        let chain = unsafe { handle(chain) }?;
        let inner = chain
            .inner
            .get(index)
            .cloned()
            .ok_or(govcred_result::InvalidArgument)?;
        // SAFETY: `out` checked non-NULL; writable by contract.
        unsafe { handle_out(govcred_certificate { inner }, out) };
        Ok(())
    })
}

/// Releases a chain. NULL is a no-op. Certificates taken from it stay valid.
///
/// # Safety
/// `chain` NULL or a live handle, freed once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_cert_chain_free(chain: *mut govcred_cert_chain) {
    // SAFETY: the caller's contract.
    guard((), || unsafe { free(chain) })
}
