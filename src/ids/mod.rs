//! Chinese identifiers: parse-and-check functions that return a typed value or say exactly
//! what is wrong.
//!
//! - [`Uscc`]: 统一社会信用代码 (GB 32100);
//! - [`ResidentId`]: 公民身份号码 (GB 11643) and the permits in the same form;
//! - [`LicenseId`]: 证照标识 (GB/T 36904);
//! - [`RegionCode`]: 行政区划代码 (GB/T 2260), by form and province only (no full table).
//!
//! Every parser is total: any `&str` gives a value or an [`IdError`], never a panic. Errors
//! map to one [`crate::ErrorCode`] per identifier kind (4001 USCC, 4002 resident ID,
//! 4003 license identifier, 4004 region code).
//!
//! # What the check characters guarantee
//!
//! Exactly these properties hold, and the property tests assert exactly these:
//!
//! - **USCC, GB 32100 mod 31.** The check makes Σ 3^i·v_i ≡ 0 (mod 31) over all 18
//!   characters (the check has weight 1). Every weight is non-zero modulo the prime 31 and
//!   two alphabet values differ by 1–30, so **every single substitution within the
//!   alphabet** is detected. Neighbouring weights differ by 2·3^i (and 3^16 − 1 = 27 for
//!   the last character and the check), weights two apart by 8·3^i (3^15 − 1 = 29), so
//!   **every adjacent and every jump (i, i+2) transposition** of two different characters
//!   is detected as well.
//! - **USCC embedded organisation code, GB 11714 mod 11.** Values run to 35, so letters
//!   whose values differ by 11 or 22 can be swapped undetected; only **digit-for-digit
//!   substitutions** are guaranteed (the outer mod-31 check covers the rest).
//! - **Resident ID, ISO 7064 MOD 11-2.** Σ 2^(17−i)·v_i ≡ 1 (mod 11) over all 18
//!   characters. Every weight is non-zero modulo 11 and digits differ by at most 9, so
//!   **every single substitution** is detected; w_i − w_(i+1) = w_(i+1) and
//!   w_i − w_(i+2) = 3·w_(i+2) are non-zero, so **every adjacent and jump transposition**
//!   of different characters is detected (moving an `X` off the last place breaks the
//!   alphabet).
//! - **License identifier, ISO 7064 MOD 37,36 hybrid.** Each step is a bijection of the
//!   running state for a fixed character and of the character for a fixed state, and the
//!   check is a bijection of the final state, so **every single substitution** in the
//!   checked data or the check is detected. Transpositions are **not** all detected: of
//!   the 36 × 36 × 35 (state, a, b) cases of two different adjacent characters, 72 escape
//!   (always values differing by 1 mod 36), and swapping the last data character with the
//!   check escapes in 2 of 1,296 cases. These counts are pinned by an exhaustive test.
//!
//! Region codes and birth dates are checked too, but they are plausibility checks, not
//! error-detecting codes.

mod checksum;
mod error;
mod license_id;
mod region;
mod resident_id;
mod uscc;

pub use checksum::iso7064_mod37_36;
pub use error::{IdError, IdKind, LicenseSegment};
pub use license_id::{LICENSE_ID_ROOT, LicenseId};
pub use region::RegionCode;
pub use resident_id::{ResidentId, ResidentIdKind, Sex};
pub use uscc::Uscc;
