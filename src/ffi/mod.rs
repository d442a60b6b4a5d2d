//! The doors to other languages.
//!
//! `uniffi` holds no `unsafe` of its own: the `extern "C"` scaffolding comes from UniFFI's
//! macros, whose expansions rustc does not hold to this crate's `forbid(unsafe_code)`.

pub mod uniffi;
