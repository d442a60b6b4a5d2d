//! The speed layer: prepared verifying keys for known issuers and constant-time fixed-base
//! signing.
//!
//! Both first ran on RustCrypto's field arithmetic; a verify is then mostly field
//! multiplications, so [`fp`] has a plain-Rust Montgomery field, tested operation by
//! operation against the crate's (`cargo bench --bench vs_openssl` gives the current
//! rates). Table building, recoding and the x-check are the same on either field.
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
