//! E-licenses (电子证照): the GB/T 36903 element model, its compact CBOR mapping, issuing
//! and verifying.
//!
//! ## CBOR mapping of the body (claim −70001)
//!
//! | key | element | CBOR |
//! |---|---|---|
//! | 0 | 证照名称 name | text |
//! | 1 | 证照编号 number | text |
//! | 2 | 证照标识 identifier | text (the type code and issuer code are read from it) |
//! | 3 | 颁发机构 issuer name | text |
//! | 4 | 颁发日期 issue date | int YYYYMMDD |
//! | 5 | 有效期起始 valid from | int YYYYMMDD |
//! | 6 | 有效期截止 valid until | int YYYYMMDD; absent = 长期 (no end) |
//! | 7 | 持证主体 holder name | text |
//! | 8 | 持证主体代码 holder code | text |
//! | 9 | holder code type | int: 0 USCC, 1 resident ID, 2 passport, 3 other |
//! | 10 | 照面信息 surface items | array of [label text, value text], in order |
//! | 11 | SM3 of the OFD file | bytes(32), optional |
//!
//! The issuer code 颁发机构代码 is the `iss` claim, the serial is `cti`, `nbf` is the start
//! of the valid-from day and `exp` the end of the valid-until day, in China Standard Time.

mod issue;
mod model;
mod verify;

pub use issue::LicenseIssuer;
pub use model::{HolderCodeType, License, LicenseError, SurfaceItem};
pub use verify::verify;

pub(crate) use model::from_claims;
