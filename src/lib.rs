#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod error;
pub mod hex;
pub mod ids;
pub mod sm2;
pub mod sm3;

pub use error::{CryptoError, Error, ErrorCode, Result};
