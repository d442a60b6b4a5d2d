#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
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
pub mod license;
pub mod sm2;
pub mod sm3;
pub mod trust;
pub mod verify;

pub use decode::decode;
pub use error::{CryptoError, Error, ErrorCode, Result};
pub use trust::TrustBundle;
pub use verify::{Policy, Verdict, Verifier};

// The UniFFI derive macros name the scaffolding tag as `crate::UniFfiTag`.
use ffi::uniffi::UniFfiTag;
