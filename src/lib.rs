#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod cbor;
pub mod codec;
pub mod cose;
mod decode;
pub mod error;
pub mod hex;
pub mod ids;
pub mod sm2;
pub mod sm3;

pub use decode::decode;
pub use error::{CryptoError, Error, ErrorCode, Result};
