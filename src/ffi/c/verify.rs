//! The terminal side: trust bundle, policy, verifier and verdict.

use std::ffi::c_char;

use crate::error::ErrorCode;
use crate::sm2::PublicKey;
use crate::trust::TrustBundle;
use crate::verify::{Credential, Policy, Verdict, Verifier};

use super::boundary::{
    OutBuf, bytes_in, call, free, guard, handle, handle_mut, handle_out, out_ptr,
};
use super::crypto::govcred_public_key;
use super::result::govcred_result;
use super::types::{govcred_color, govcred_color_arg, govcred_credential_kind};

/// A trust bundle whose signature verified against a pinned root. Immutable; may be shared
/// between threads.
pub struct govcred_trust_bundle {
    inner: TrustBundle,
}

/// A terminal's policy, built with the `govcred_policy_set_*` calls and copied by
/// `govcred_verifier_new`. The one mutable object of this API: do not change it from two
/// threads at once.
pub struct govcred_policy {
    inner: Policy,
}

/// Verifies QR text offline. Immutable; share one between threads.
pub struct govcred_verifier {
    inner: Verifier,
}

/// The outcome of one verification. Immutable; may be shared between threads.
pub struct govcred_verdict {
    inner: Verdict,
}

/// Loads a trust bundle: verifies `bundle` against the `roots_len` pinned root keys at
/// `roots` (any root whose kid matches is tried) and parses it. `_BUNDLE_SIGNATURE_INVALID`
/// when no root verifies it, `_BAD_BUNDLE` when it is malformed.
///
/// # Safety
/// `bundle` readable for `bundle_len` bytes; `roots` an array of `roots_len` live public
/// key handles; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_trust_bundle_load(
    bundle: *const u8,
    bundle_len: usize,
    roots: *const *const govcred_public_key,
    roots_len: usize,
    out: *mut *mut govcred_trust_bundle,
) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        // SAFETY: the caller's contract.
        let bundle = unsafe { bytes_in(bundle, bundle_len) }?;
        let roots = if roots_len == 0 {
            &[]
        } else if roots.is_null() {
            return Err(govcred_result::NullArgument);
        } else {
            // SAFETY: non-NULL, and by contract an array of `roots_len` pointers.
            unsafe { std::slice::from_raw_parts(roots, roots_len) }
        };
        let roots = roots
            .iter()
            // SAFETY: each element is, by contract, NULL or a live handle.
            .map(|&r| unsafe { handle(r) }.map(|k| k.inner))
            .collect::<Result<Vec<PublicKey>, _>>()?;
        let inner = TrustBundle::load(bundle, &roots)?;
        // SAFETY: `out` checked non-NULL; writable by contract.
        unsafe { handle_out(govcred_trust_bundle { inner }, out) };
        Ok(())
    })
}

/// The bundle's version number into `*out`.
///
/// # Safety
/// `bundle` a live handle; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_trust_bundle_version(
    bundle: *const govcred_trust_bundle,
    out: *mut u64,
) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        // SAFETY: the caller's contract; `out` checked non-NULL.
        unsafe { out.write(handle(bundle)?.inner.version()) };
        Ok(())
    })
}

/// When a newer bundle is due (Unix seconds) into `*out`; past it plus the policy's grace,
/// every verification fails with `GOVCRED_RESULT_BUNDLE_STALE`.
///
/// # Safety
/// `bundle` a live handle; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_trust_bundle_next_update(
    bundle: *const govcred_trust_bundle,
    out: *mut i64,
) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        // SAFETY: the caller's contract; `out` checked non-NULL.
        unsafe { out.write(handle(bundle)?.inner.next_update()) };
        Ok(())
    })
}

/// Releases a trust bundle. NULL is a no-op. Verifiers made from it stay valid.
///
/// # Safety
/// `bundle` NULL or a live handle, freed once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_trust_bundle_free(bundle: *mut govcred_trust_bundle) {
    // SAFETY: the caller's contract.
    guard((), || unsafe { free(bundle) })
}

/// A policy with the defaults: clock skew 300 s, color codes at most 3600 s old, green
/// only, bundle grace 3 days.
///
/// # Safety
/// `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_policy_new(out: *mut *mut govcred_policy) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        // SAFETY: `out` checked non-NULL; writable by contract.
        unsafe {
            handle_out(
                govcred_policy {
                    inner: Policy::default(),
                },
                out,
            )
        };
        Ok(())
    })
}

/// Sets one number of seconds in the policy; the core's [`Policy::validate`] decides what is
/// refused, so every door refuses the same values.
///
/// # Safety
/// `policy` a live handle not used by another thread during the call.
unsafe fn set_secs(
    policy: *mut govcred_policy,
    secs: i64,
    field: fn(&mut Policy) -> &mut i64,
) -> govcred_result {
    call(|| {
        // SAFETY: the caller's contract.
        let policy = unsafe { handle_mut(policy) }?;
        let mut candidate = policy.inner.clone();
        *field(&mut candidate) = secs;
        candidate
            .validate()
            .map_err(|e| govcred_result::from(e.code()))?;
        policy.inner = candidate;
        Ok(())
    })
}

/// Tolerated clock difference between issuer and terminal, seconds (>= 0).
///
/// # Safety
/// `policy` a live handle not used by another thread during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_policy_set_clock_skew_secs(
    policy: *mut govcred_policy,
    secs: i64,
) -> govcred_result {
    // SAFETY: forwarded.
    unsafe { set_secs(policy, secs, |p| &mut p.clock_skew_secs) }
}

/// Oldest color code accepted, seconds since issue (>= 0); licenses are exempt.
///
/// # Safety
/// `policy` a live handle not used by another thread during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_policy_set_max_color_code_age_secs(
    policy: *mut govcred_policy,
    secs: i64,
) -> govcred_result {
    // SAFETY: forwarded.
    unsafe { set_secs(policy, secs, |p| &mut p.max_color_code_age_secs) }
}

/// How long past its next update a bundle is still used, seconds (>= 0).
///
/// # Safety
/// `policy` a live handle not used by another thread during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_policy_set_bundle_grace_secs(
    policy: *mut govcred_policy,
    secs: i64,
) -> govcred_result {
    // SAFETY: forwarded.
    unsafe { set_secs(policy, secs, |p| &mut p.bundle_grace_secs) }
}

/// The colors that pass (replacing the current set); an empty set refuses every color
/// code. `GOVCRED_COLOR_NONE` or an unknown number is `GOVCRED_RESULT_INVALID_ARGUMENT`.
///
/// # Safety
/// `policy` a live handle not used by another thread during the call; `colors` readable
/// for `colors_len` values.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_policy_set_accepted_colors(
    policy: *mut govcred_policy,
    colors: *const govcred_color_arg,
    colors_len: usize,
) -> govcred_result {
    call(|| {
        // SAFETY: the caller's contract.
        let policy = unsafe { handle_mut(policy) }?;
        let colors = if colors_len == 0 {
            &[]
        } else if colors.is_null() {
            return Err(govcred_result::NullArgument);
        } else {
            // SAFETY: non-NULL and, by contract, `colors_len` readable values.
            unsafe { std::slice::from_raw_parts(colors, colors_len) }
        };
        let colors = colors
            .iter()
            .map(|&c| super::types::color(c))
            .collect::<Result<Vec<_>, _>>()?;
        policy.inner.accepted_colors = colors;
        Ok(())
    })
}

/// The precomputed table size per issuer key: `GOVCRED_TABLE_SIZE_COMPACT` (default) or
/// `GOVCRED_TABLE_SIZE_FAST`; another number is `GOVCRED_RESULT_INVALID_ARGUMENT`.
///
/// # Safety
/// `policy` a live handle not used by another thread during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_policy_set_table_size(
    policy: *mut govcred_policy,
    size: super::types::govcred_table_size_arg,
) -> govcred_result {
    call(|| {
        // SAFETY: the caller's contract.
        let policy = unsafe { handle_mut(policy) }?;
        policy.inner.table_size = super::types::table_size(size)?;
        Ok(())
    })
}

/// Releases a policy. NULL is a no-op. Verifiers made with it keep their copy.
///
/// # Safety
/// `policy` NULL or a live handle, freed once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_policy_free(policy: *mut govcred_policy) {
    // SAFETY: the caller's contract.
    guard((), || unsafe { free(policy) })
}

/// A verifier for `bundle` (copied; the bundle handle may be freed afterwards) under
/// `policy` (copied; NULL for the defaults).
///
/// # Safety
/// `bundle` a live handle; `policy` NULL or a live handle; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_verifier_new(
    bundle: *const govcred_trust_bundle,
    policy: *const govcred_policy,
    out: *mut *mut govcred_verifier,
) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        // SAFETY: the caller's contract.
        let bundle = unsafe { handle(bundle) }?.inner.clone();
        // SAFETY: the caller's contract; NULL means the defaults.
        let policy = unsafe { policy.as_ref() }.map_or_else(Policy::default, |p| p.inner.clone());
        let inner = Verifier::new(bundle, policy)?;
        // SAFETY: `out` checked non-NULL; writable by contract.
        unsafe { handle_out(govcred_verifier { inner }, out) };
        Ok(())
    })
}

/// Verifies QR text (`qr_len` bytes, not NUL-terminated) at `now` (Unix seconds), writing
/// a new verdict to `*out`. Returns `GOVCRED_RESULT_OK` whenever a verdict was made, also
/// one that refuses the credential: ask the verdict whether it passed. Text that is not
/// UTF-8 gets a refusing verdict with `GOVCRED_RESULT_INVALID_ARGUMENT`. Safe to call
/// from many threads on one verifier.
///
/// # Safety
/// `verifier` a live handle; `qr` readable for `qr_len` bytes; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_verifier_verify(
    verifier: *const govcred_verifier,
    qr: *const c_char,
    qr_len: usize,
    now: i64,
    out: *mut *mut govcred_verdict,
) -> govcred_result {
    call(|| {
        let out = out_ptr(out)?;
        // SAFETY: the caller's contract.
        let verifier = &unsafe { handle(verifier) }?.inner;
        // SAFETY: the caller's contract.
        let qr = unsafe { bytes_in(qr.cast::<u8>(), qr_len) }?;
        let inner = match std::str::from_utf8(qr) {
            Ok(text) => verifier.verify(text, now),
            Err(_) => refused(ErrorCode::InvalidArgument, "QR text is not UTF-8"),
        };
        // SAFETY: `out` checked non-NULL; writable by contract.
        unsafe { handle_out(govcred_verdict { inner }, out) };
        Ok(())
    })
}

fn refused(code: ErrorCode, message: &str) -> Verdict {
    Verdict {
        passed: false,
        code,
        message: message.to_owned(),
        kind: None,
        issuer: None,
        credential: None,
        display: format!("refused: {}", code.message()),
    }
}

/// Releases a verifier. NULL is a no-op.
///
/// # Safety
/// `verifier` NULL or a live handle, freed once and not in use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_verifier_free(verifier: *mut govcred_verifier) {
    // SAFETY: the caller's contract.
    guard((), || unsafe { free(verifier) })
}

/// Whether the credential passes. False for NULL.
///
/// # Safety
/// `verdict` NULL or a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_verdict_passed(verdict: *const govcred_verdict) -> bool {
    guard(false, || {
        // SAFETY: the caller's contract.
        let verdict = unsafe { handle(verdict) };
        verdict.is_ok_and(|v| v.inner.passed)
    })
}

/// The verdict's code: `GOVCRED_RESULT_OK` when it passes, else why not.
/// `GOVCRED_RESULT_NULL_ARGUMENT` for NULL.
///
/// # Safety
/// `verdict` NULL or a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_verdict_code(verdict: *const govcred_verdict) -> govcred_result {
    guard(govcred_result::Panic, || {
        // SAFETY: the caller's contract.
        unsafe { handle(verdict) }.map_or_else(|e| e, |v| v.inner.code.into())
    })
}

/// What the credential is; `GOVCRED_CREDENTIAL_KIND_NONE` when its signature did not verify
/// (or for NULL).
///
/// # Safety
/// `verdict` NULL or a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_verdict_kind(
    verdict: *const govcred_verdict,
) -> govcred_credential_kind {
    guard(govcred_credential_kind::None, || {
        // SAFETY: the caller's contract.
        unsafe { handle(verdict) }
            .ok()
            .and_then(|v| v.inner.kind)
            .map_or(govcred_credential_kind::None, Into::into)
    })
}

/// The color of a verified color code (also one refused by policy, so a gate can show
/// red); `GOVCRED_COLOR_NONE` for licenses, unverified input and NULL.
///
/// # Safety
/// `verdict` NULL or a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_verdict_color(verdict: *const govcred_verdict) -> govcred_color {
    guard(govcred_color::None, || {
        // SAFETY: the caller's contract.
        match unsafe { handle(verdict) }.map(|v| &v.inner.credential) {
            Ok(Some(Credential::ColorCode(c))) => c.color().into(),
            _ => govcred_color::None,
        }
    })
}

/// Writes one text view of a verdict.
///
/// # Safety
/// As the exported accessors.
unsafe fn verdict_text(
    verdict: *const govcred_verdict,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
    view: impl FnOnce(&Verdict) -> Result<String, govcred_result>,
) -> govcred_result {
    call(|| {
        // SAFETY: the caller's contract: `out` writable for `out_cap` bytes, `out_len` writable.
        let buf = unsafe { OutBuf::new(out.cast::<u8>(), out_cap, out_len) }?;
        // SAFETY: the caller's contract.
        let text = view(&unsafe { handle(verdict) }?.inner)?;
        buf.text(&text)
    })
}

/// The issuer's display name (UTF-8, NUL-terminated; `*out_len` excludes the NUL); empty
/// when the signature did not verify.
///
/// # Safety
/// `verdict` a live handle; `out` writable for `out_cap` bytes; `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_verdict_issuer_name(
    verdict: *const govcred_verdict,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> govcred_result {
    // SAFETY: forwarded.
    unsafe {
        verdict_text(verdict, out, out_cap, out_len, |v| {
            Ok(v.issuer.clone().unwrap_or_default())
        })
    }
}

/// Why, in words (English; UTF-8, NUL-terminated).
///
/// # Safety
/// `verdict` a live handle; `out` writable for `out_cap` bytes; `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_verdict_message(
    verdict: *const govcred_verdict,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> govcred_result {
    // SAFETY: forwarded.
    unsafe { verdict_text(verdict, out, out_cap, out_len, |v| Ok(v.message.clone())) }
}

/// What a gate shows, e.g. `绿码 green: pass` (UTF-8, NUL-terminated).
///
/// # Safety
/// `verdict` a live handle; `out` writable for `out_cap` bytes; `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_verdict_display(
    verdict: *const govcred_verdict,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> govcred_result {
    // SAFETY: forwarded.
    unsafe { verdict_text(verdict, out, out_cap, out_len, |v| Ok(v.display.clone())) }
}

/// The verified credential as JSON (`{"type":"license",...}` or
/// `{"type":"color_code",...}`), or `null` when the signature did not verify
/// (NUL-terminated).
///
/// # Safety
/// `verdict` a live handle; `out` writable for `out_cap` bytes; `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_verdict_credential_json(
    verdict: *const govcred_verdict,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> govcred_result {
    // SAFETY: forwarded.
    unsafe {
        verdict_text(verdict, out, out_cap, out_len, |v| {
            serde_json::to_string(&v.credential).map_err(|_| govcred_result::Internal)
        })
    }
}

/// The whole verdict as one line of JSON, as the CLI prints it (NUL-terminated).
///
/// # Safety
/// `verdict` a live handle; `out` writable for `out_cap` bytes; `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_verdict_json(
    verdict: *const govcred_verdict,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> govcred_result {
    // SAFETY: forwarded.
    unsafe { verdict_text(verdict, out, out_cap, out_len, |v| Ok(v.to_json())) }
}

/// Releases a verdict. NULL is a no-op.
///
/// # Safety
/// `verdict` NULL or a live handle, freed once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_verdict_free(verdict: *mut govcred_verdict) {
    // SAFETY: the caller's contract.
    guard((), || unsafe { free(verdict) })
}
