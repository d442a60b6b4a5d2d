//! E-licenses (电子证照): the GB/T 36903 element model, its compact CBOR mapping, issuing
//! and verifying.
//!
//! ## CBOR mapping of the body (claim −70001)
//!
//! | key | element | CBOR |
//! |---|---|---|
//! | 0 | 证照名称 name | text |
//! | 1 | 证照编号 number | text |
//! | 2 | 证照类型代码 type code | text |
//! | 3 | 颁发机构 issuer name | text |
//! | 4 | 颁发日期 issue date | int YYYYMMDD |
//! | 5 | 有效期起始 valid from | int YYYYMMDD |
//! | 6 | 有效期截止 valid until | int YYYYMMDD; absent = 长期 (no end) |
//! | 7 | 持证主体 holder name | text |
//! | 8 | 持证主体代码 holder code | text |
//! | 9 | holder code type | int: 0 USCC, 1 resident ID, 2 passport, 3 other |
//! | 10 | 照面信息 surface items | array of [label, value text], in order; label is text, or the index of a common label in [`SURFACE_LABELS`] |
//! | 11 | SM3 of the OFD file | bytes(32), optional |
//! | 12 | identifier version | text, three digits |
//!
//! The issuer code 颁发机构代码 is the `iss` claim and the identifier's serial is `cti`; the
//! identifier 证照标识 is rebuilt from type code, issuer, serial and version (its check
//! character recomputed), so none of it is sent twice. `nbf` is the start of the valid-from
//! day and `exp` the end of the valid-until day, in China Standard Time.

mod issue;
mod model;
mod verify;

pub use issue::LicenseIssuer;
pub use model::{
    HolderCode, HolderCodeType, License, LicenseError, LicenseFields, SURFACE_LABELS, SurfaceItem,
};
pub use verify::verify;

pub(crate) use model::from_claims;
