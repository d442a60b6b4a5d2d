//! The C ABI (`include/govcred.h`), after rustls-ffi's conventions:
//!
//! - every symbol starts with `govcred_`; objects are opaque handles made through an
//!   out-pointer (`_new`, `_load`, `_import`, `_generate`) and released by a NULL-safe `_free`;
//! - a `const *` handle is not mutated by the call; handles are immutable and may be shared
//!   between threads (the mutable ones are the policy builder and the OFD verifier while
//!   roots and certificates are added to it);
//! - inputs come before outputs and every buffer is followed by its length; an input may be
//!   NULL only when its length is 0;
//! - outputs are written only on success; a too-small caller buffer gets
//!   `GOVCRED_RESULT_BUFFER_TOO_SMALL` with the size needed in `*out_len`;
//! - every body catches panics (`GOVCRED_RESULT_PANIC`) and NULL-checks its pointers
//!   (`GOVCRED_RESULT_NULL_ARGUMENT`).
//!
//! This is the only module of the crate allowed `unsafe`; each block says why it is sound.

#![allow(unsafe_code)]
#![deny(clippy::undocumented_unsafe_blocks)]
// C type names (`govcred_verifier`, `govcred_result`) follow C's convention, in every file.
#![allow(non_camel_case_types)]

mod boundary;
mod cms;
mod crypto;
mod ids;
mod issue;
mod ofd;
mod result;
#[cfg(test)]
mod tests;
mod types;
mod verify;
mod x509;
