//! OFD documents (GB/T 33190) with electronic seals (GB/T 38540, GM/T 0031) and signatures
//! (GB/T 35275): a bounded package reader and a verifier that returns one verdict with a
//! result per signature.
//!
//! ```no_run
//! let ofd = std::fs::read("license.ofd").unwrap();
//! let mut verifier = govcred::ofd::OfdVerifier::new();
//! let root = govcred::x509::Certificate::decode(&std::fs::read("root.pem").unwrap()).unwrap();
//! verifier.add_root(root).unwrap();
//! let verdict = verifier.verify(&ofd, 1_767_225_600);
//! println!("{:?} {}", verdict.code, verdict.signatures.len());
//! ```

mod datetime;
pub mod error;
pub mod locate;
pub mod package;
mod verify;
pub mod xml;

pub use error::OfdError;
pub use locate::SignatureKind;
pub use package::{Limits, Package};
pub use verify::{OfdVerdict, OfdVerifier, SignatureResult, SignedValueFormat, TimeSource};
