#![doc = include_str!("../docs/rust.md")]
// Unsafe code is denied crate-wide (the workspace `[lints]` table in Cargo.toml) and allowed
// in exactly one module, `ffi::c`, the C ABI, where raw pointers from C are turned into
// references (each block carries a `// SAFETY:` note). `forbid` cannot be lifted for one
// module, so the table says `deny` and only `src/ffi/c/mod.rs` says `#![allow(unsafe_code)]`;
// any other `allow(unsafe_code)` in `src/` is a review failure (tests/unsafe_confined.rs).
//
// Design note: one pipeline. Every QR goes through `pipeline` (frame -> COSE_Sign1 -> signer
// among candidate keys -> claims -> typed credential, and the one pair of time checks);
// `Verifier`, `decode`, `inspect`, `license::verify` and `TrustBundle::load` are built from
// its steps. A new credential kind plugs in with one type and one arm each: a model module
// with a `from_claims(&Claims, Value)` constructor, a `codec::Prefix` variant, an arm in
// `credential::body_label` and one in `Credential::from_claims` (and `Credential::kind`).
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod cbor;
mod claims;
pub mod cms;
pub mod codec;
pub mod colorcode;
pub mod cose;
mod credential;
mod date;
mod decode;
pub mod error;
#[cfg(any(feature = "c-abi", feature = "uniffi"))]
mod ffi;
mod hex;
pub mod ids;
mod inspect;
#[doc(hidden)]
pub mod internal;
pub mod license;
pub mod ofd;
mod pipeline;
pub mod seal;
pub mod sm2;
pub mod sm3;
pub mod trust;
pub mod verify;
pub mod x509;

pub use date::Date;
pub use decode::decode;
pub use error::{CryptoError, Error, ErrorCode, Result};
pub use inspect::{Inspection, inspect};
pub use trust::TrustBundle;
pub use verify::{Policy, Verdict, Verifier};

// The UniFFI derive macros name the scaffolding tag as `crate::UniFfiTag`.
#[cfg(feature = "uniffi")]
use ffi::uniffi::UniFfiTag;
