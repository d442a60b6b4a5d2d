//! SM3 and SM2: hash, keys, sign, verify.

use crate::sm2::{DEFAULT_ID, PrivateKey, PublicKey, Signature, SigningKey, VerifyingKey};

use super::boundary::{OutBuf, bytes_in, call, free, handle, handle_out, out_ptr};
use super::result::govcred_result;
use super::types::{
    govcred_key_format, govcred_key_format_arg, govcred_sig_format_arg, key_format, sig_format,
};

/// An SM2 private key (zeroized when freed). Immutable; may be shared between threads.
pub struct govcred_private_key {
    pub(crate) inner: PrivateKey,
}

/// An SM2 public key. Immutable; may be shared between threads.
pub struct govcred_public_key {
    pub(crate) inner: PublicKey,
}

/// The distinguishing ID: NULL with length 0 is the default `1234567812345678`; a non-NULL
/// pointer with length 0 is the empty ID (what OpenSSL uses without `distid:`).
///
/// # Safety
/// As `bytes_in`.
unsafe fn dist_id<'a>(id: *const u8, id_len: usize) -> Result<&'a [u8], govcred_result> {
    if id.is_null() && id_len == 0 {
        return Ok(DEFAULT_ID);
    }
    // SAFETY: forwarded from the caller.
    unsafe { bytes_in(id, id_len) }
}

/// SM3 of `data_len` bytes at `data` (NULL allowed when `data_len` is 0) into the 32 bytes
/// at `out`.
///
/// # Safety
/// `data` readable for `data_len` bytes; `out` writable for 32 bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_sm3(
    data: *const u8,
    data_len: usize,
    out: *mut u8,
) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        // SAFETY: the caller's contract.
        let data = unsafe { bytes_in(data, data_len) }?;
        let digest = crate::sm3::sm3(data);
        // SAFETY: `out` is non-NULL and, by contract, writable for 32 bytes.
        unsafe { std::ptr::copy_nonoverlapping(digest.as_ptr(), out, digest.len()) };
        Ok(())
    })
}

/// A fresh private key from the operating system's random source, into `*out`.
///
/// # Safety
/// `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_private_key_generate(
    out: *mut *mut govcred_private_key,
) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        let inner = PrivateKey::generate()?;
        // SAFETY: `out` checked non-NULL; writable by contract.
        unsafe { handle_out(govcred_private_key { inner }, out) };
        Ok(())
    })
}

/// Imports a private key in any supported encoding, recognised from its contents: PEM
/// (`PRIVATE KEY` or `EC PRIVATE KEY`), PKCS#8 or SEC1 DER, the 32-byte scalar, or 64 hex
/// digits. The scalar must be in [1, n-2].
///
/// # Safety
/// `data` readable for `data_len` bytes; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_private_key_import(
    data: *const u8,
    data_len: usize,
    out: *mut *mut govcred_private_key,
) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        // SAFETY: the caller's contract.
        let data = unsafe { bytes_in(data, data_len) }?;
        let inner = PrivateKey::decode(data)?;
        // SAFETY: `out` checked non-NULL; writable by contract.
        unsafe { handle_out(govcred_private_key { inner }, out) };
        Ok(())
    })
}

/// Exports a private key: `GOVCRED_KEY_FORMAT_RAW` (32 bytes), `_DER` (PKCS#8) or `_PEM`
/// (NUL-terminated; `*out_len` excludes the NUL). Handle the output as a secret.
///
/// # Safety
/// `key` a live handle; `out` writable for `out_cap` bytes; `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_private_key_export(
    key: *const govcred_private_key,
    format: govcred_key_format_arg,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> govcred_result {
    call(|| {
        // SAFETY: the caller's contract: `out` writable for `out_cap` bytes, `out_len` writable.
        let buf = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        // SAFETY: the caller's contract.
        let key = &unsafe { handle(key) }?.inner;
        match key_format(format)? {
            govcred_key_format::Raw => buf.bytes(key.to_bytes().as_slice()),
            govcred_key_format::Der => buf.bytes(&key.to_pkcs8_der()?),
            govcred_key_format::Pem => buf.text(&key.to_pkcs8_pem()?),
            govcred_key_format::Compressed => Err(govcred_result::InvalidArgument),
        }
    })
}

/// The public key of `key`, as a new handle in `*out`.
///
/// # Safety
/// `key` a live handle; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_private_key_public_key(
    key: *const govcred_private_key,
    out: *mut *mut govcred_public_key,
) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        // SAFETY: the caller's contract.
        let inner = *unsafe { handle(key) }?.inner.public_key();
        // SAFETY: `out` checked non-NULL; writable by contract.
        unsafe { handle_out(govcred_public_key { inner }, out) };
        Ok(())
    })
}

/// Releases a private key (its scalar is zeroized). NULL is a no-op.
///
/// # Safety
/// `key` NULL or a live handle, freed once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_private_key_free(key: *mut govcred_private_key) {
    // SAFETY: the caller's contract.
    super::boundary::guard((), || unsafe { free(key) })
}

/// Imports a public key in any supported encoding: 65-byte uncompressed or 33-byte
/// compressed SEC1, SubjectPublicKeyInfo DER, `PUBLIC KEY` PEM, or hex of the SEC1 forms.
///
/// # Safety
/// `data` readable for `data_len` bytes; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_public_key_import(
    data: *const u8,
    data_len: usize,
    out: *mut *mut govcred_public_key,
) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        // SAFETY: the caller's contract.
        let data = unsafe { bytes_in(data, data_len) }?;
        let inner = PublicKey::decode(data)?;
        // SAFETY: `out` checked non-NULL; writable by contract.
        unsafe { handle_out(govcred_public_key { inner }, out) };
        Ok(())
    })
}

/// Exports a public key: `GOVCRED_KEY_FORMAT_RAW` (65 bytes `04 || X || Y`), `_COMPRESSED`
/// (33 bytes), `_DER` (SubjectPublicKeyInfo) or `_PEM` (NUL-terminated; `*out_len` excludes
/// the NUL).
///
/// # Safety
/// `key` a live handle; `out` writable for `out_cap` bytes; `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_public_key_export(
    key: *const govcred_public_key,
    format: govcred_key_format_arg,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> govcred_result {
    call(|| {
        // SAFETY: the caller's contract: `out` writable for `out_cap` bytes, `out_len` writable.
        let buf = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        // SAFETY: the caller's contract.
        let key = &unsafe { handle(key) }?.inner;
        match key_format(format)? {
            govcred_key_format::Raw => buf.bytes(&key.to_uncompressed()),
            govcred_key_format::Compressed => buf.bytes(&key.to_compressed()),
            govcred_key_format::Der => buf.bytes(&key.to_spki_der()),
            govcred_key_format::Pem => buf.text(&key.to_spki_pem()),
        }
    })
}

/// The 8-byte key identifier credentials carry (first 8 bytes of SM3(04 || X || Y)) into
/// the 8 bytes at `out`.
///
/// # Safety
/// `key` a live handle; `out` writable for 8 bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_public_key_kid(
    key: *const govcred_public_key,
    out: *mut u8,
) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        // SAFETY: the caller's contract.
        let kid = unsafe { handle(key) }?.inner.kid();
        // SAFETY: `out` non-NULL and, by contract, writable for 8 bytes.
        unsafe { std::ptr::copy_nonoverlapping(kid.as_ptr(), out, kid.len()) };
        Ok(())
    })
}

/// Releases a public key. NULL is a no-op.
///
/// # Safety
/// `key` NULL or a live handle, freed once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_public_key_free(key: *mut govcred_public_key) {
    // SAFETY: the caller's contract.
    super::boundary::guard((), || unsafe { free(key) })
}

/// Signs `message` with SM2 under distinguishing ID `id` (NULL and 0 for the default ID),
/// deterministically (RFC 6979), writing the signature in `format` (DER at most 72 bytes,
/// raw 64).
///
/// # Safety
/// `key` a live handle; `id` and `message` readable for their lengths; `out` writable for
/// `out_cap` bytes; `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_sm2_sign(
    key: *const govcred_private_key,
    id: *const u8,
    id_len: usize,
    message: *const u8,
    message_len: usize,
    format: govcred_sig_format_arg,
    out: *mut u8,
    out_cap: usize,
    out_len: *mut usize,
) -> govcred_result {
    call(|| {
        // SAFETY: the caller's contract: `out` writable for `out_cap` bytes, `out_len` writable.
        let buf = unsafe { OutBuf::new(out, out_cap, out_len) }?;
        // SAFETY: the caller's contract.
        let key = &unsafe { handle(key) }?.inner;
        // SAFETY: the caller's contract.
        let id = unsafe { dist_id(id, id_len) }?;
        // SAFETY: the caller's contract.
        let message = unsafe { bytes_in(message, message_len) }?;
        let format = sig_format(format)?;
        let signature = SigningKey::new(key.clone(), id)?.sign(message)?;
        buf.bytes(&signature.encode(format))
    })
}

/// Verifies an SM2 signature. `public_key` in any supported encoding (65/33-byte SEC1,
/// SubjectPublicKeyInfo DER, PEM); `id == NULL && id_len == 0` is the default ID.
///
/// Returns `GOVCRED_RESULT_OK` only for a valid signature; `GOVCRED_RESULT_SIGNATURE_INVALID`
/// for a well-formed one that does not verify; `_BAD_PUBLIC_KEY`, `_BAD_SIGNATURE_ENCODING`,
/// `_BAD_DIST_ID`, `_INVALID_ARGUMENT` (unknown format) or `_NULL_ARGUMENT` for bad input.
///
/// # Safety
/// Every pointer readable for its length.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_sm2_verify(
    public_key: *const u8,
    public_key_len: usize,
    id: *const u8,
    id_len: usize,
    message: *const u8,
    message_len: usize,
    signature: *const u8,
    signature_len: usize,
    format: govcred_sig_format_arg,
) -> govcred_result {
    call(|| {
        // SAFETY: the caller's contract.
        let key = unsafe { bytes_in(public_key, public_key_len) }?;
        // SAFETY: the caller's contract.
        let id = unsafe { dist_id(id, id_len) }?;
        // SAFETY: the caller's contract.
        let message = unsafe { bytes_in(message, message_len) }?;
        // SAFETY: the caller's contract.
        let signature = unsafe { bytes_in(signature, signature_len) }?;
        let format = sig_format(format)?;
        let key = PublicKey::decode(key)?;
        let signature = Signature::decode(signature, format)?;
        VerifyingKey::new(key, id)?.verify(message, &signature)?;
        Ok(())
    })
}
