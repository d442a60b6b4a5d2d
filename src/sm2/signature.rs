use crate::error::CryptoError;

/// How a signature is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum SignatureFormat {
    /// DER `SEQUENCE { r INTEGER, s INTEGER }` (GM/T 0009), at most 72 bytes.
    Der = 0,
    /// Raw 64 bytes `r ‖ s`, each 32 bytes big-endian (COSE, many device APIs).
    Raw = 1,
}

/// An SM2 signature as two 32-byte big-endian integers. Parsing checks only the encoding;
/// the range checks r, s ∈ [1, n−1] belong to verification.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Signature {
    r: [u8; 32],
    s: [u8; 32],
}

impl std::fmt::Debug for Signature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Signature({})", crate::hex::encode(&self.to_raw()))
    }
}

impl Signature {
    /// From big-endian r and s.
    pub fn from_scalars(r: [u8; 32], s: [u8; 32]) -> Self {
        Signature { r, s }
    }

    /// r, big-endian.
    pub fn r(&self) -> &[u8; 32] {
        &self.r
    }

    /// s, big-endian.
    pub fn s(&self) -> &[u8; 32] {
        &self.s
    }

    /// Parses either encoding.
    pub fn decode(bytes: &[u8], format: SignatureFormat) -> Result<Self, CryptoError> {
        match format {
            SignatureFormat::Der => Self::from_der(bytes),
            SignatureFormat::Raw => Self::from_raw(bytes),
        }
    }

    /// Writes either encoding.
    pub fn encode(&self, format: SignatureFormat) -> Vec<u8> {
        match format {
            SignatureFormat::Der => self.to_der(),
            SignatureFormat::Raw => self.to_raw().to_vec(),
        }
    }

    /// Parses raw `r ‖ s` (exactly 64 bytes).
    pub fn from_raw(bytes: &[u8]) -> Result<Self, CryptoError> {
        if bytes.len() != 64 {
            return Err(CryptoError::BadSignatureEncoding(
                "raw signature must be 64 bytes",
            ));
        }
        let mut r = [0u8; 32];
        let mut s = [0u8; 32];
        r.copy_from_slice(&bytes[..32]);
        s.copy_from_slice(&bytes[32..]);
        Ok(Signature { r, s })
    }

    /// Raw `r ‖ s`.
    pub fn to_raw(&self) -> [u8; 64] {
        let mut out = [0u8; 64];
        out[..32].copy_from_slice(&self.r);
        out[32..].copy_from_slice(&self.s);
        out
    }

    /// Parses strict DER: definite minimal lengths, minimal non-negative INTEGERs of at most
    /// 32 value bytes, nothing after the SEQUENCE.
    pub fn from_der(bytes: &[u8]) -> Result<Self, CryptoError> {
        let (body, rest) = der_tlv(bytes, 0x30)?;
        if !rest.is_empty() {
            return Err(CryptoError::BadSignatureEncoding(
                "trailing bytes after DER signature",
            ));
        }
        let (r, body) = der_tlv(body, 0x02)?;
        let (s, body) = der_tlv(body, 0x02)?;
        if !body.is_empty() {
            return Err(CryptoError::BadSignatureEncoding(
                "extra fields in DER signature",
            ));
        }
        Ok(Signature {
            r: der_uint(r)?,
            s: der_uint(s)?,
        })
    }

    /// DER `SEQUENCE { r, s }`.
    pub fn to_der(&self) -> Vec<u8> {
        let r = uint_der(&self.r);
        let s = uint_der(&self.s);
        let len = r.len() + s.len();
        let mut out = Vec::with_capacity(len + 2);
        out.push(0x30);
        // At most 2 × 35 bytes: always the short length form.
        out.push(u8::try_from(len).unwrap_or(u8::MAX));
        out.extend_from_slice(&r);
        out.extend_from_slice(&s);
        out
    }
}

const BAD_DER: CryptoError = CryptoError::BadSignatureEncoding("malformed DER signature");

// One TLV with the expected tag; returns (value, rest). Lengths above 127 never occur in an
// SM2 signature, so only the short form is accepted.
fn der_tlv(bytes: &[u8], tag: u8) -> Result<(&[u8], &[u8]), CryptoError> {
    let (&t, rest) = bytes.split_first().ok_or(BAD_DER)?;
    if t != tag {
        return Err(BAD_DER);
    }
    let (&len, rest) = rest.split_first().ok_or(BAD_DER)?;
    if len & 0x80 != 0 {
        return Err(BAD_DER);
    }
    let len = usize::from(len);
    if rest.len() < len {
        return Err(CryptoError::BadSignatureEncoding("truncated DER signature"));
    }
    Ok(rest.split_at(len))
}

fn der_uint(v: &[u8]) -> Result<[u8; 32], CryptoError> {
    match v {
        [] => Err(BAD_DER),
        [b, ..] if b & 0x80 != 0 => Err(CryptoError::BadSignatureEncoding(
            "negative INTEGER in DER signature",
        )),
        [0, b, ..] if b & 0x80 == 0 => Err(CryptoError::BadSignatureEncoding(
            "non-minimal INTEGER in DER signature",
        )),
        _ => {
            let v = if v[0] == 0 && v.len() > 1 { &v[1..] } else { v };
            if v.len() > 32 {
                return Err(CryptoError::BadSignatureEncoding(
                    "INTEGER wider than 256 bits",
                ));
            }
            let mut out = [0u8; 32];
            out[32 - v.len()..].copy_from_slice(v);
            Ok(out)
        }
    }
}

fn uint_der(v: &[u8; 32]) -> Vec<u8> {
    let start = v.iter().position(|&b| b != 0).unwrap_or(31);
    let mut body = &v[start..];
    if body.is_empty() {
        body = &v[31..];
    }
    let pad = body[0] & 0x80 != 0;
    let mut out = Vec::with_capacity(body.len() + 3);
    out.push(0x02);
    out.push(u8::try_from(body.len() + usize::from(pad)).unwrap_or(u8::MAX));
    if pad {
        out.push(0);
    }
    out.extend_from_slice(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_round_trip_small_and_high_bit() {
        let mut r = [0u8; 32];
        r[31] = 1;
        let s = [0xffu8; 32];
        let sig = Signature::from_scalars(r, s);
        let der = sig.to_der();
        assert_eq!(&der[..5], &[0x30, 3 + 35, 0x02, 0x01, 0x01]);
        assert_eq!(Signature::from_der(&der).unwrap(), sig);
    }

    #[test]
    fn der_rejects_non_canonical() {
        // Leading zero that is not needed.
        assert!(Signature::from_der(&[0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]).is_ok());
        assert!(
            Signature::from_der(&[0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01]).is_err()
        );
        // Negative.
        assert!(Signature::from_der(&[0x30, 0x06, 0x02, 0x01, 0x81, 0x02, 0x01, 0x01]).is_err());
        // Long-form length.
        assert!(
            Signature::from_der(&[0x30, 0x81, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]).is_err()
        );
        // Trailing.
        assert!(Signature::from_der(&[0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0]).is_err());
        // Empty integer.
        assert!(Signature::from_der(&[0x30, 0x05, 0x02, 0x00, 0x02, 0x01, 0x01]).is_err());
    }
}
