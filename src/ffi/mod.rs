//! The doors to other languages. Wrapper code only: no logic lives here.
//!
//! `c` is the one module allowed `unsafe` (the C ABI). `uniffi` holds no `unsafe` of its
//! own: the `extern "C"` scaffolding comes from UniFFI's macros, whose expansions rustc does
//! not hold to this crate's `deny(unsafe_code)`.

#[cfg(feature = "c-abi")]
pub mod c;
#[cfg(feature = "uniffi")]
pub mod uniffi;
