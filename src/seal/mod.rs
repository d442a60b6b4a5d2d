//! Electronic seals: SES_Signature and SESeal of GB/T 38540 (v4) and GM/T 0031 (v1).
//!
//! Parsing ([`ses`]) keeps slices of the stored bytes, so every signature is checked over
//! what the signer signed. Real signers deviate from DER in a few known ways; those, and
//! only those, are read leniently and recorded as a [`Leniency`] in the verdict; the OFD
//! verifier records the accepted departures of GB/T 35275 signatures in the same list.

pub mod der;
pub mod make;
pub mod ses;
pub mod time;

pub use make::{SealSpec, make_seal, make_ses_signature};

use crate::error::CryptoError;
use crate::sm2::Signature;

/// A known deviation of real signers that was read leniently.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Leniency {
    /// A signature written as raw 64-byte r‖s instead of DER.
    RawSignature,
    /// A DER INTEGER of a signature that reads as negative (a missing 0x00 pad), read as
    /// unsigned.
    NegativeInteger,
    /// A non-zero unused-bits count in a BIT STRING holding a signature or dataHash.
    UnusedBits,
    /// A GeneralizedTime without `Z`, with fractional seconds, or with a two-digit year.
    LooseTime,
    /// certListType 3, read as a list of certificates.
    CertListType3,
    /// A GB/T 35275 signature with BER indefinite lengths in its structural layers.
    BerIndefiniteLength,
    /// A GB/T 35275 signature whose signed attributes are not in DER SET order (verified
    /// over the SET as stored).
    UnsortedSignedAttributes,
    /// A GB/T 35275 signature naming SM2 as `1.2.156.10197.1.301.1` instead of SM2 with
    /// SM3 (`1.2.156.10197.1.501`).
    Sm2SignatureOid,
    /// A GB/T 35275 signature mixing the GB/T 35275 and PKCS#7 `data` OIDs.
    DataOidFlavourMismatch,
}

impl Leniency {
    /// The name used in JSON verdicts.
    pub fn as_str(self) -> &'static str {
        match self {
            Leniency::RawSignature => "raw-signature",
            Leniency::NegativeInteger => "negative-integer",
            Leniency::UnusedBits => "unused-bits",
            Leniency::LooseTime => "loose-time",
            Leniency::CertListType3 => "cert-list-type-3",
            Leniency::BerIndefiniteLength => "ber-indefinite-length",
            Leniency::UnsortedSignedAttributes => "unsorted-signed-attributes",
            Leniency::Sm2SignatureOid => "sm2-signature-oid",
            Leniency::DataOidFlavourMismatch => "data-oid-flavour-mismatch",
        }
    }
}

impl From<crate::cms::Leniency> for Leniency {
    fn from(l: crate::cms::Leniency) -> Self {
        use crate::cms::Leniency as Cms;
        match l {
            Cms::BerIndefiniteLength => Leniency::BerIndefiniteLength,
            Cms::UnsortedSignedAttributes => Leniency::UnsortedSignedAttributes,
            Cms::Sm2SignatureOid => Leniency::Sm2SignatureOid,
            Cms::RawSignatureValue => Leniency::RawSignature,
            Cms::DataOidFlavourMismatch => Leniency::DataOidFlavourMismatch,
        }
    }
}

/// The leniencies applied while reading one signature, each listed once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Leniencies(Vec<Leniency>);

impl Leniencies {
    /// Records `l`.
    pub fn add(&mut self, l: Leniency) {
        if !self.0.contains(&l) {
            self.0.push(l);
            self.0.sort();
        }
    }

    /// Whether `l` was applied.
    pub fn contains(&self, l: Leniency) -> bool {
        self.0.contains(&l)
    }

    /// Every leniency applied, in a stable order.
    pub fn as_slice(&self) -> &[Leniency] {
        &self.0
    }
}

/// Reads an SM2 signature as real signers write it: DER `SEQUENCE{r, s}` (an INTEGER that
/// reads as negative is taken as unsigned and recorded), or raw 64-byte r‖s (recorded).
/// Anything else, a truncated value included, is an error.
pub fn read_sm2_signature(bytes: &[u8], notes: &mut Leniencies) -> Result<Signature, CryptoError> {
    if bytes.len() == 64 {
        notes.add(Leniency::RawSignature);
        return Signature::from_raw(bytes);
    }
    const BAD: CryptoError = CryptoError::BadSignatureEncoding("malformed SM2 signature");
    let outer = der::single(bytes, der::tag::SEQUENCE, "signature").map_err(|_| BAD)?;
    let mut r = outer.reader();
    let r_int = r.expect(der::tag::INTEGER, "r").map_err(|_| BAD)?;
    let s_int = r.expect(der::tag::INTEGER, "s").map_err(|_| BAD)?;
    r.finish("fields after s").map_err(|_| BAD)?;
    let r_val = lenient_uint(r_int.value, notes)?;
    let s_val = lenient_uint(s_int.value, notes)?;
    Ok(Signature::from_scalars(r_val, s_val))
}

fn lenient_uint(v: &[u8], notes: &mut Leniencies) -> Result<[u8; 32], CryptoError> {
    const BAD: CryptoError = CryptoError::BadSignatureEncoding("malformed INTEGER in signature");
    match v {
        [] => return Err(BAD),
        [0, b, ..] if b & 0x80 == 0 => return Err(BAD),
        [b, ..] if b & 0x80 != 0 => notes.add(Leniency::NegativeInteger),
        _ => {}
    }
    let v = if v.len() > 1 && v[0] == 0 { &v[1..] } else { v };
    if v.len() > 32 {
        return Err(BAD);
    }
    let mut out = [0u8; 32];
    out[32 - v.len()..].copy_from_slice(v);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_leniencies() {
        let mut n = Leniencies::default();
        let raw = [7u8; 64];
        assert_eq!(read_sm2_signature(&raw, &mut n).unwrap().to_raw(), raw);
        assert_eq!(n.as_slice(), &[Leniency::RawSignature]);

        let mut der_neg = vec![0x30, 0x44, 0x02, 0x20];
        der_neg.extend_from_slice(&[0x80; 32]);
        der_neg.extend_from_slice(&[0x02, 0x20]);
        der_neg.extend_from_slice(&[0x01; 32]);
        let mut n = Leniencies::default();
        let sig = read_sm2_signature(&der_neg, &mut n).unwrap();
        assert_eq!(sig.r(), &[0x80; 32]);
        assert_eq!(n.as_slice(), &[Leniency::NegativeInteger]);

        // Truncated: fails, whatever the leniencies.
        let mut n = Leniencies::default();
        assert!(read_sm2_signature(&der_neg[..60], &mut n).is_err());
        assert!(read_sm2_signature(&[], &mut n).is_err());
        // Non-minimal padding stays an error.
        let mut padded = vec![0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01];
        assert!(read_sm2_signature(&padded, &mut n).is_err());
        padded[5] = 0x81;
        assert!(read_sm2_signature(&padded, &mut n).is_ok());
    }
}
