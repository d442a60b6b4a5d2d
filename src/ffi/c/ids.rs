//! Identifier checks: format and check characters of the codes credentials carry.

use std::ffi::c_char;

use crate::ids::{LicenseId, RegionCode, ResidentId, Uscc};

use super::boundary::{call, text_in};
use super::result::govcred_result;

/// Checks a 统一社会信用代码 (GB 32100): `GOVCRED_RESULT_OK` or `GOVCRED_RESULT_BAD_USCC`.
/// `text` is `text_len` bytes of UTF-8, not NUL-terminated.
///
/// # Safety
/// `text` readable for `text_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_uscc_check(
    text: *const c_char,
    text_len: usize,
) -> govcred_result {
    call(|| {
        // SAFETY: the caller's contract.
        let text = unsafe { text_in(text, text_len, govcred_result::BadUscc) }?;
        Uscc::parse(text)?;
        Ok(())
    })
}

/// Checks an 18-character 公民身份号码 (GB 11643; also residence permits):
/// `GOVCRED_RESULT_OK` or `GOVCRED_RESULT_BAD_RESIDENT_ID`.
///
/// # Safety
/// `text` readable for `text_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_resident_id_check(
    text: *const c_char,
    text_len: usize,
) -> govcred_result {
    call(|| {
        // SAFETY: the caller's contract.
        let text = unsafe { text_in(text, text_len, govcred_result::BadResidentId) }?;
        ResidentId::parse(text)?;
        Ok(())
    })
}

/// Checks a 证照标识 (GB/T 36904), including the type code and issuer code it embeds:
/// `GOVCRED_RESULT_OK` or the code of the first part that fails (`_BAD_LICENSE_ID`,
/// `_BAD_USCC`).
///
/// # Safety
/// `text` readable for `text_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_license_id_check(
    text: *const c_char,
    text_len: usize,
) -> govcred_result {
    call(|| {
        // SAFETY: the caller's contract.
        let text = unsafe { text_in(text, text_len, govcred_result::BadLicenseId) }?;
        LicenseId::parse(text)?;
        Ok(())
    })
}

/// Checks a six-digit 行政区划代码 (GB/T 2260): `GOVCRED_RESULT_OK` or
/// `GOVCRED_RESULT_BAD_REGION_CODE`.
///
/// # Safety
/// `text` readable for `text_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn govcred_region_code_check(
    text: *const c_char,
    text_len: usize,
) -> govcred_result {
    call(|| {
        // SAFETY: the caller's contract.
        let text = unsafe { text_in(text, text_len, govcred_result::BadRegionCode) }?;
        RegionCode::parse(text)?;
        Ok(())
    })
}
