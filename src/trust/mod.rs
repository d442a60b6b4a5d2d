//! The signed offline trust bundle: which issuer keys a terminal trusts, for what, until when,
//! and which serials each issuer has revoked.
//!
//! A bundle is a COSE_Sign1 (the same SM2-SM3 profile as credentials) signed by one of the
//! root keys the app pins; pinning two roots lets roots rotate with overlap.
//!
//! ## CBOR mapping of the payload
//!
//! | key | field | CBOR |
//! |---|---|---|
//! | 0 | version | uint |
//! | 1 | issued at | int, Unix seconds |
//! | 2 | next update | int, Unix seconds |
//! | 3 | issuers | array of issuer maps |
//!
//! Issuer map: 0 name (text), 1 统一社会信用代码 (text), 2 region (text), 3 public key
//! (bytes, 65-byte uncompressed), 4 kinds (array of int: 0 license, 1 health code,
//! 2 safety code), 5 license type codes (array of text), 6 valid from, 7 valid until (int,
//! Unix seconds), 8 revoked serials (array of text), 9 kid (bytes(8)).

mod bundle;
mod spec;

pub use bundle::{CredentialKind, IssuerEntry, TrustBundle, TrustBundleBuilder, TrustError};
pub use spec::{BundleSpec, IssuerSpec};
