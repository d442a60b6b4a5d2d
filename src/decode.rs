//! Decoding untrusted QR text without verifying it.

use crate::codec::Prefix;
use crate::cose::CoseSign1;

/// Decodes scanned QR text into its format and its COSE_Sign1, checking every bound and
/// structural rule but not the signature (that needs the trust bundle). The same first step
/// as [`crate::Verifier::verify`].
///
/// Total on any input: every failure is an [`crate::Error`] with a stable code, never a
/// panic.
pub fn decode(qr_text: &str) -> Result<(Prefix, CoseSign1), crate::Error> {
    crate::pipeline::scan(qr_text)
}
