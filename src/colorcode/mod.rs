//! Color codes (健康码 / 安全码): the issuer-side record after GB/T 38962, the minimal form
//! that goes into the QR, and the issuer.
//!
//! GB/T 38961–38963 define data elements and an online verify call, but no offline code
//! layout; this profile signs the minimal form below with SM2 so a terminal can verify it
//! offline. The record (ID number, address, phone, health data) never enters the QR.
//!
//! ## CBOR mapping of the body (claim −70002)
//!
//! | key | element | CBOR |
//! |---|---|---|
//! | 0 | kind | int: 0 health, 1 safety |
//! | 1 | color | int: 0 green, 1 yellow, 2 red |
//! | 2 | masked holder name (`张*三`) | text |
//! | 3 | masked ID (`3301**********064X`) | text |
//! | 4 | SM3(issuer salt ‖ full ID), for a counter look-up | bytes(32) |
//! | 5 | region, GB/T 2260 six digits | text |
//!
//! `iat`, `exp` and `cti` (serial) are required claims; codes live minutes.

mod issue;
mod model;

pub use issue::{ColorCodeIssuer, ColorCodeRequest, DEFAULT_LIFETIME_SECS, MAX_LIFETIME_SECS};
pub use model::{
    CodeKind, Color, ColorCode, ColorCodeError, ColorCodeFields, HolderIdType, HolderRecord, Sex,
    mask_id, mask_name,
};

pub(crate) use model::from_claims;
