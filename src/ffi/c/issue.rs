//! Issuers for legacy issuing systems: JSON in, QR text out, the time passed in.

use std::ffi::c_char;

use crate::colorcode::ColorCodeIssuer;
use crate::license::{License, LicenseIssuer};

use super::boundary::{OutBuf, bytes_in, call, free, guard, handle, handle_out, out_ptr, text_in};
use super::crypto::govcred_private_key;
use super::result::govcred_result;

/// Signs e-licenses. Immutable; may be shared between threads.
pub struct govcred_license_issuer {
    inner: LicenseIssuer,
}

/// Signs health and safety codes. Immutable; may be shared between threads.
pub struct govcred_color_code_issuer {
    inner: ColorCodeIssuer,
}

/// The kid the trust bundle assigns: NULL and 0 keep the one derived from the key,
/// otherwise exactly 8 bytes.
///
/// # Safety
/// As `bytes_in`.
unsafe fn kid_in(kid: *const u8, kid_len: usize) -> Result<Option<[u8; 8]>, govcred_result> {
    if kid.is_null() && kid_len == 0 {
        return Ok(None);
    }
    // SAFETY: forwarded from the caller.
    let kid = unsafe { bytes_in(kid, kid_len) }?;
    <[u8; 8]>::try_from(kid)
        .map(Some)
        .map_err(|_| govcred_result::InvalidArgument)
}

/// A license issuer signing with `key` (copied; the key handle may be freed afterwards).
/// `kid` is the 8-byte key identifier the trust bundle assigns, or NULL and 0 for the one
/// derived from the key.
///
/// # Safety
/// `key` a live handle; `kid` readable for `kid_len` bytes; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_license_issuer_new(
    key: *const govcred_private_key,
    kid: *const u8,
    kid_len: usize,
    out: *mut *mut govcred_license_issuer,
) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        // SAFETY: the caller's contract.
        let key = unsafe { handle(key) }?.inner.clone();
        // SAFETY: the caller's contract.
        let kid = unsafe { kid_in(kid, kid_len) }?;
        let mut inner = LicenseIssuer::new(key)?;
        if let Some(kid) = kid {
            inner = inner.with_kid(kid);
        }
        // SAFETY: `out` checked non-NULL; writable by contract.
        unsafe { handle_out(govcred_license_issuer { inner }, out) };
        Ok(())
    })
}

/// Checks the license in `license_json` (UTF-8 JSON, the fields of the Rust `License`) and
/// signs it, issued at `now` (Unix seconds), writing the QR text (`EL1:...`,
/// NUL-terminated; `*out_len` excludes the NUL). Signing is deterministic, so calling again
/// with a larger buffer gives the same text. `GOVCRED_RESULT_BAD_JSON` for JSON that does not
/// match; the field codes (`_BAD_LICENSE_ID`, `_BAD_USCC`, `_BAD_DATES`, ...) for a license
/// that is inconsistent.
///
/// # Safety
/// `issuer` a live handle; `license_json` readable for `license_json_len` bytes; `out`
/// writable for `out_cap` bytes; `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_license_issuer_issue(
    issuer: *const govcred_license_issuer,
    license_json: *const c_char,
    license_json_len: usize,
    now: i64,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> govcred_result {
    call(|| {
        // SAFETY: the caller's contract: `out` writable for `out_cap` bytes, `out_len` writable.
        let buf = unsafe { OutBuf::new(out.cast::<u8>(), out_cap, out_len) }?;
        // SAFETY: the caller's contract.
        let issuer = &unsafe { handle(issuer) }?.inner;
        // SAFETY: the caller's contract.
        let json = unsafe { text_in(license_json, license_json_len, govcred_result::BadJson) }?;
        let license = License::from_json(json)?;
        let qr = issuer.issue(&license, now)?;
        buf.text(&qr)
    })
}

/// Releases a license issuer. NULL is a no-op.
///
/// # Safety
/// `issuer` NULL or a live handle, freed once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_license_issuer_free(issuer: *mut govcred_license_issuer) {
    // SAFETY: the caller's contract.
    guard((), || unsafe { free(issuer) })
}

/// A color-code issuer signing with `key` (copied) as the platform whose 统一社会信用代码 is
/// `issuer_code`. `id_salt` is the platform's 32-byte secret salt for the holder-ID digest,
/// or NULL and 0 to derive it from the key. `kid` as for `govcred_license_issuer_new`.
///
/// # Safety
/// `key` a live handle; every other pointer readable for its length; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_color_code_issuer_new(
    key: *const govcred_private_key,
    issuer_code: *const c_char,
    issuer_code_len: usize,
    id_salt: *const u8,
    id_salt_len: usize,
    kid: *const u8,
    kid_len: usize,
    out: *mut *mut govcred_color_code_issuer,
) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        // SAFETY: the caller's contract.
        let key = unsafe { handle(key) }?.inner.clone();
        // SAFETY: the caller's contract.
        let code = unsafe { text_in(issuer_code, issuer_code_len, govcred_result::BadUscc) }?;
        // SAFETY: the caller's contract.
        let kid = unsafe { kid_in(kid, kid_len) }?;
        let mut inner = if id_salt.is_null() && id_salt_len == 0 {
            ColorCodeIssuer::with_derived_salt(key, code)?
        } else {
            // SAFETY: the caller's contract.
            let salt = unsafe { bytes_in(id_salt, id_salt_len) }?;
            let salt = <[u8; 32]>::try_from(salt).map_err(|_| govcred_result::InvalidArgument)?;
            ColorCodeIssuer::new(key, code, salt)?
        };
        if let Some(kid) = kid {
            inner = inner.with_kid(kid);
        }
        // SAFETY: `out` checked non-NULL; writable by contract.
        unsafe { handle_out(govcred_color_code_issuer { inner }, out) };
        Ok(())
    })
}

/// Derives the minimal form of the request in `request_json` (UTF-8 JSON: kind, color,
/// serial, holder record, optional lifetime_secs) and signs it, issued at `now` (Unix
/// seconds), writing the QR text (`CC1:...`, NUL-terminated; `*out_len` excludes the NUL).
/// The holder record itself never enters the QR. Deterministic, as for licenses.
///
/// # Safety
/// `issuer` a live handle; `request_json` readable for `request_json_len` bytes; `out`
/// writable for `out_cap` bytes; `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_color_code_issuer_issue(
    issuer: *const govcred_color_code_issuer,
    request_json: *const c_char,
    request_json_len: usize,
    now: i64,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> govcred_result {
    call(|| {
        // SAFETY: the caller's contract: `out` writable for `out_cap` bytes, `out_len` writable.
        let buf = unsafe { OutBuf::new(out.cast::<u8>(), out_cap, out_len) }?;
        // SAFETY: the caller's contract.
        let issuer = &unsafe { handle(issuer) }?.inner;
        // SAFETY: the caller's contract.
        let json = unsafe { text_in(request_json, request_json_len, govcred_result::BadJson) }?;
        let qr = issuer.issue_json(json, now)?;
        buf.text(&qr)
    })
}

/// SM3(salt || ID number) into the 32 bytes at `out`: what a counter computes for a
/// presented ID to match the digest in a code.
///
/// # Safety
/// `issuer` a live handle; `id_number` readable for `id_number_len` bytes; `out` writable
/// for 32 bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_color_code_issuer_id_digest(
    issuer: *const govcred_color_code_issuer,
    id_number: *const c_char,
    id_number_len: usize,
    out: *mut u8,
) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        // SAFETY: the caller's contract.
        let issuer = &unsafe { handle(issuer) }?.inner;
        // SAFETY: the caller's contract.
        let id = unsafe { text_in(id_number, id_number_len, govcred_result::InvalidArgument) }?;
        let digest = issuer.id_digest(id);
        // SAFETY: `out` non-NULL and, by contract, writable for 32 bytes.
        unsafe { std::ptr::copy_nonoverlapping(digest.as_ptr(), out, digest.len()) };
        Ok(())
    })
}

/// Releases a color-code issuer (its salt is zeroized). NULL is a no-op.
///
/// # Safety
/// `issuer` NULL or a live handle, freed once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_color_code_issuer_free(issuer: *mut govcred_color_code_issuer) {
    // SAFETY: the caller's contract.
    guard((), || unsafe { free(issuer) })
}
