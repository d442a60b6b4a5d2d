//! The speed layer: prepared verifying keys for known issuers and constant-time fixed-base
//! signing.
//!
//! Both first ran on RustCrypto's field arithmetic (6.8x and 7.9x OpenSSL's verify rate
//! for Compact and Fast); a verify is then over 90% field multiplications, so [`fp`] has a
//! plain-Rust Montgomery field, twice as fast, tested operation by operation against the
//! crate's. Table building, recoding and the x-check are the same on either field.
//!
//! Memory per key and for 1, 32 and 1,000 issuers: see the `sm2` module docs.

mod field;
pub(crate) mod fixed_base;
mod fp;
mod point;
mod prepared;
mod recode;

pub use prepared::{PreparedVerifyingKey, TableSize};

/// The group order n.
pub(crate) fn order() -> sm2::U256 {
    field::N
}
