//! The speed layer: prepared verifying keys for known issuers and constant-time fixed-base
//! signing, on RustCrypto's field arithmetic.
//!
//! # Memory
//!
//! A [`PreparedVerifyingKey`] holds its own table ([`PreparedVerifyingKey::memory_bytes`]);
//! the generator's verification table (256 KiB) and the signer's constant-time table
//! (86 KiB) exist once per process, built on first use.
//!
//! | issuers | `TableSize::Compact` | `TableSize::Fast` |
//! |---:|---:|---:|
//! | 1 | 51.3 KiB | 256.2 KiB |
//! | 32 | 1.60 MiB | 8.01 MiB |
//! | 1,000 | 50.1 MiB | 250.2 MiB |
//!
//! (From `memory_bytes()`: 52,512 and 262,368 bytes per key on 64-bit targets; a unit test
//! pins these figures. The shared tables are 262,208 and 88,064 bytes.)
//!
//! Many Fast keys exceed the CPU caches; with 32 keys the measured cost per verify rises
//! by 15–40% against a single hot key, so Compact is the better choice for large trust
//! bundles and Fast for a handful of high-volume issuers.

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
