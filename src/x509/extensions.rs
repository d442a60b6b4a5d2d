//! The certificate extensions the chain check reads, and the rule for the rest.
//!
//! Understood (may be critical): basicConstraints, keyUsage, extKeyUsage, subjectAltName,
//! issuerAltName, subjectKeyIdentifier, authorityKeyIdentifier. Any other extension is
//! carried silently when non-critical and makes the chain fail with
//! `UnknownCriticalExtension` when critical (RFC 5280 §4.2): nameConstraints,
//! policyConstraints and critical certificatePolicies are refused rather than ignored,
//! because this verifier does not enforce them.

use der::Decode;
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, SubjectKeyIdentifier,
};

use super::error::CertError;
use super::oid;

/// The keyUsage bits (RFC 5280 §4.2.1.3); bit `n` of the extension is `1 << n` here.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyUsage(u16);

impl KeyUsage {
    /// digitalSignature (0).
    pub const DIGITAL_SIGNATURE: KeyUsage = KeyUsage(1 << 0);
    /// nonRepudiation / contentCommitment (1).
    pub const NON_REPUDIATION: KeyUsage = KeyUsage(1 << 1);
    /// keyEncipherment (2).
    pub const KEY_ENCIPHERMENT: KeyUsage = KeyUsage(1 << 2);
    /// dataEncipherment (3).
    pub const DATA_ENCIPHERMENT: KeyUsage = KeyUsage(1 << 3);
    /// keyAgreement (4).
    pub const KEY_AGREEMENT: KeyUsage = KeyUsage(1 << 4);
    /// keyCertSign (5).
    pub const KEY_CERT_SIGN: KeyUsage = KeyUsage(1 << 5);
    /// cRLSign (6).
    pub const CRL_SIGN: KeyUsage = KeyUsage(1 << 6);
    /// encipherOnly (7).
    pub const ENCIPHER_ONLY: KeyUsage = KeyUsage(1 << 7);
    /// decipherOnly (8).
    pub const DECIPHER_ONLY: KeyUsage = KeyUsage(1 << 8);

    const NAMES: [&'static str; 9] = [
        "digitalSignature",
        "nonRepudiation",
        "keyEncipherment",
        "dataEncipherment",
        "keyAgreement",
        "keyCertSign",
        "cRLSign",
        "encipherOnly",
        "decipherOnly",
    ];

    /// From the bit mask (bit `n` = `1 << n`); bits above 8 are dropped.
    pub const fn from_bits(bits: u16) -> KeyUsage {
        KeyUsage(bits & 0x01ff)
    }

    /// The bit mask.
    pub const fn bits(self) -> u16 {
        self.0
    }

    /// Whether every bit of `other` is set.
    pub const fn contains(self, other: KeyUsage) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether any bit of `other` is set.
    pub const fn intersects(self, other: KeyUsage) -> bool {
        self.0 & other.0 != 0
    }

    /// The names of the set bits, as RFC 5280 spells them, in bit order.
    pub fn names(self) -> Vec<&'static str> {
        Self::NAMES
            .iter()
            .enumerate()
            .filter(|(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, n)| *n)
            .collect()
    }
}

impl std::ops::BitOr for KeyUsage {
    type Output = KeyUsage;
    fn bitor(self, rhs: KeyUsage) -> KeyUsage {
        KeyUsage(self.0 | rhs.0)
    }
}

impl std::fmt::Debug for KeyUsage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("KeyUsage").field(&self.names()).finish()
    }
}

/// The extensions a certificate carries, as far as the chain check needs them.
#[derive(Clone, Debug, Default)]
pub(crate) struct Parsed {
    pub basic_constraints: Option<(bool, Option<u32>)>,
    pub key_usage: Option<KeyUsage>,
    pub subject_key_id: Option<Vec<u8>>,
    pub authority_key_id: Option<Vec<u8>>,
    pub extended_key_usage: Option<Vec<String>>,
    /// The first critical extension not understood, by OID.
    pub unknown_critical: Option<String>,
}

const UNDERSTOOD: [der::asn1::ObjectIdentifier; 7] = [
    oid::EXT_BASIC_CONSTRAINTS,
    oid::EXT_KEY_USAGE,
    oid::EXT_EXTENDED_KEY_USAGE,
    oid::EXT_SUBJECT_ALT_NAME,
    oid::EXT_ISSUER_ALT_NAME,
    oid::EXT_SUBJECT_KEY_ID,
    oid::EXT_AUTHORITY_KEY_ID,
];

pub(crate) fn parse(extensions: &[Extension]) -> Result<Parsed, CertError> {
    let mut out = Parsed::default();
    for (i, ext) in extensions.iter().enumerate() {
        if extensions[..i].iter().any(|e| e.extn_id == ext.extn_id) {
            return Err(CertError::malformed(format!(
                "extension {} appears twice",
                ext.extn_id
            )));
        }
        let value = ext.extn_value.as_bytes();
        let bad = |what: &str| CertError::malformed(format!("malformed {what} extension"));
        match ext.extn_id {
            oid::EXT_BASIC_CONSTRAINTS => {
                let bc = BasicConstraints::from_der(value).map_err(|_| bad("basicConstraints"))?;
                out.basic_constraints = Some((bc.ca, bc.path_len_constraint.map(u32::from)));
            }
            oid::EXT_KEY_USAGE => {
                out.key_usage = Some(key_usage(value).ok_or_else(|| bad("keyUsage"))?);
            }
            oid::EXT_SUBJECT_KEY_ID => {
                let ski = SubjectKeyIdentifier::from_der(value)
                    .map_err(|_| bad("subjectKeyIdentifier"))?;
                out.subject_key_id = Some(ski.0.as_bytes().to_vec());
            }
            oid::EXT_AUTHORITY_KEY_ID => {
                let aki = AuthorityKeyIdentifier::from_der(value)
                    .map_err(|_| bad("authorityKeyIdentifier"))?;
                out.authority_key_id = aki.key_identifier.map(|k| k.as_bytes().to_vec());
            }
            oid::EXT_EXTENDED_KEY_USAGE => {
                let eku = ExtendedKeyUsage::from_der(value).map_err(|_| bad("extKeyUsage"))?;
                out.extended_key_usage = Some(eku.0.iter().map(|o| o.to_string()).collect());
            }
            other => {
                if ext.critical && !UNDERSTOOD.contains(&other) && out.unknown_critical.is_none() {
                    out.unknown_critical = Some(other.to_string());
                }
            }
        }
    }
    Ok(out)
}

// keyUsage is a named BIT STRING. Read it directly: one or two content bytes after the
// unused-bits count. Trailing zero bits (which strict DER forbids but several CAs write)
// are accepted; a value with no bit set is not (RFC 5280: at least one bit).
fn key_usage(value: &[u8]) -> Option<KeyUsage> {
    let [0x03, len, rest @ ..] = value else {
        return None;
    };
    if usize::from(*len) != rest.len() || rest.is_empty() || rest.len() > 3 {
        return None;
    }
    let unused = rest[0];
    let bits = &rest[1..];
    if unused > 7 || (bits.is_empty() && unused != 0) {
        return None;
    }
    if let Some(last) = bits.last() {
        if last & ((1u8 << unused) - 1) != 0 {
            return None;
        }
    }
    let mut mask = 0u16;
    for (byte_index, byte) in bits.iter().enumerate() {
        for bit in 0..8 {
            if byte & (0x80 >> bit) != 0 {
                let n = byte_index * 8 + bit;
                if n <= 8 {
                    mask |= 1 << n;
                }
            }
        }
    }
    if mask == 0 {
        return None;
    }
    Some(KeyUsage(mask))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_usage_bits() {
        // digitalSignature | nonRepudiation: 03 02 06 C0.
        let ku = key_usage(&[0x03, 0x02, 0x06, 0xC0]).expect("ku");
        assert!(ku.contains(KeyUsage::DIGITAL_SIGNATURE | KeyUsage::NON_REPUDIATION));
        assert!(!ku.intersects(KeyUsage::KEY_CERT_SIGN));
        assert_eq!(ku.names(), ["digitalSignature", "nonRepudiation"]);
        // keyCertSign | cRLSign: 03 02 01 06.
        let ku = key_usage(&[0x03, 0x02, 0x01, 0x06]).expect("ku");
        assert_eq!(ku, KeyUsage::KEY_CERT_SIGN | KeyUsage::CRL_SIGN);
        // decipherOnly in the second byte: 03 03 07 00 80.
        let ku = key_usage(&[0x03, 0x03, 0x07, 0x00, 0x80]).expect("ku");
        assert_eq!(ku, KeyUsage::DECIPHER_ONLY);
        // Trailing zero bits (not minimal) still read.
        assert_eq!(
            key_usage(&[0x03, 0x02, 0x00, 0x80]),
            Some(KeyUsage::DIGITAL_SIGNATURE)
        );
        // Unused bits that are set, no bits, wrong tag, wrong length.
        assert_eq!(key_usage(&[0x03, 0x02, 0x07, 0x81]), None);
        assert_eq!(key_usage(&[0x03, 0x02, 0x00, 0x00]), None);
        assert_eq!(key_usage(&[0x03, 0x01, 0x00]), None);
        assert_eq!(key_usage(&[0x04, 0x02, 0x00, 0x80]), None);
        assert_eq!(key_usage(&[0x03, 0x03, 0x00, 0x80]), None);
        assert_eq!(key_usage(&[0x03, 0x01, 0x08]), None);
    }
}
