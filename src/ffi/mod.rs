//! The doors to other languages. Wrapper code only: no logic lives here.
//!
//! `c` is the one module allowed `unsafe` (the C ABI). `uniffi` holds no `unsafe` of its
//! own: the `extern "C"` scaffolding comes from UniFFI's macros, whose expansions rustc does
//! not hold to this crate's `deny(unsafe_code)`.
//!
//! Items here are `pub` although no Rust path reaches them: they are the public API of the
//! other languages (exported symbols, UniFFI's interface), so `unreachable_pub` does not
//! apply.
#![allow(unreachable_pub)]

#[cfg(feature = "c-abi")]
pub(crate) mod c;
#[cfg(feature = "uniffi")]
pub(crate) mod uniffi;
