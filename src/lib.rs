#![doc = include_str!("../README.md")]
// Unsafe code is denied crate-wide and allowed in exactly one module, `ffi::c`, the C ABI,
// where raw pointers from C are turned into references (each block carries a `// SAFETY:`
// note). `forbid` cannot be lifted for one module, so the root says `deny` and only
// `src/ffi/c/mod.rs` says `#![allow(unsafe_code)]`; any other `allow(unsafe_code)` is a
// review failure. Every other module is as safe as under `forbid`.
#![deny(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod cbor;
pub mod claims;
pub mod codec;
pub mod colorcode;
pub mod cose;
pub mod date;
mod decode;
pub mod error;
mod ffi;
pub mod hex;
pub mod ids;
mod inspect;
pub mod license;
pub mod sm2;
pub mod sm3;
pub mod trust;
pub mod verify;

pub use decode::decode;
pub use error::{CryptoError, Error, ErrorCode, Result};
pub use inspect::{Inspection, inspect};
pub use trust::TrustBundle;
pub use verify::{Policy, Verdict, Verifier};

// The UniFFI derive macros name the scaffolding tag as `crate::UniFfiTag`.
#[cfg(feature = "uniffi")]
use ffi::uniffi::UniFfiTag;
