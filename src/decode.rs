//! The single entry point for untrusted QR text: frame, inflate and parse, never verify.

use crate::codec::{self, Prefix};
use crate::cose::CoseSign1;

/// Decodes scanned QR text into its format and its COSE_Sign1, checking every bound and
/// structural rule but not the signature (that needs the trust bundle).
///
/// Total on any input: every failure is an [`crate::Error`] with a stable code, never a
/// panic.
pub fn decode(qr_text: &str) -> Result<(Prefix, CoseSign1), crate::Error> {
    let (prefix, cose) = codec::decode_qr(qr_text)?;
    Ok((prefix, CoseSign1::decode(&cose)?))
}
