//! GB/T 35275 (GM/T 0010) / PKCS#7 CMS SignedData with SM2 and SM3: verify attached and
//! detached signatures, make detached ones.
//!
//! ```no_run
//! use govcred::cms;
//! use govcred::x509::{CertVerifier, Certificate};
//! # fn main() -> govcred::Result<()> {
//! let root = Certificate::decode(&std::fs::read("root.pem").unwrap())?;
//! let verifier = CertVerifier::new(vec![root])?;
//! let p7 = std::fs::read("document.p7s").unwrap();
//! let document = std::fs::read("document.pdf").unwrap();
//! let verdict = cms::verify(&p7, Some(&document), &[], &verifier, 1_767_225_600)?;
//! println!("signed at {} ({:?})", verdict.time_used, verdict.time_source);
//! # Ok(()) }
//! ```
//!
//! # Leniencies
//!
//! Real signers depart from strict DER CMS in ways that do not weaken the signature; these
//! are accepted and reported in [`CmsVerdict::leniencies`]:
//!
//! - BER indefinite lengths and chunked (constructed) OCTET STRINGs in the ContentInfo,
//!   SignedData and SignerInfo layers, as BouncyCastle's `getEncoded()` writes them. The
//!   signed attributes and embedded certificates must still be DER: they are verified as
//!   stored, never re-encoded.
//! - Signed attributes not in DER SET order: the signature is over the SET as stored, which
//!   is what such signers signed.
//! - The signature algorithm `1.2.156.10197.1.301.1` (sm2-1, written by ofdrw and other
//!   GB/T 35275 signers) for SM2-with-SM3.
//! - A raw 64-byte `r ‖ s` signature value instead of DER.
//! - The GB/T 35275 and PKCS#7 `data` OIDs mixed between eContentType and the contentType
//!   attribute (both mean "data").
//!
//! The outer ContentInfo may use either signedData OID; BouncyCastle writes PKCS#7's even
//! around GB/T content types. Not supported: more than one SignerInfo, digests other than
//! SM3, content types other than data, and revocation (CRLs are skipped).

mod error;
mod parse;
mod sign;
mod verify;

#[cfg(test)]
mod tests;

pub use error::CmsError;
pub use sign::{sign_detached, sign_detached_with};
pub use verify::verify;
pub(crate) use verify::{Content, check_signature};

use crate::x509::Certificate;

/// Largest signature input accepted (attached content included), in bytes.
pub const MAX_CMS_LEN: usize = 64 * 1024 * 1024;

/// Which time the signer's chain was checked at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeSource {
    /// The signingTime signed attribute (asserted by the signer).
    SigningTime,
    /// The caller's `now`: the signature carries no signingTime.
    Now,
}

impl TimeSource {
    /// `signing_time` or `now`, as the CLI and JSON views spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeSource::SigningTime => "signing_time",
            TimeSource::Now => "now",
        }
    }
}

/// A departure from strict CMS that was accepted (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Leniency {
    /// BER indefinite lengths in the structural layers.
    BerIndefiniteLength,
    /// Signed attributes not in DER SET order.
    UnsortedSignedAttributes,
    /// Signature algorithm `1.2.156.10197.1.301.1` instead of `…1.501`.
    Sm2SignatureOid,
    /// Raw `r ‖ s` signature value.
    RawSignatureValue,
    /// GB/T 35275 and PKCS#7 `data` OIDs mixed.
    DataOidFlavourMismatch,
}

impl Leniency {
    /// A stable snake_case name for JSON views.
    pub fn as_str(self) -> &'static str {
        match self {
            Leniency::BerIndefiniteLength => "ber_indefinite_length",
            Leniency::UnsortedSignedAttributes => "unsorted_signed_attributes",
            Leniency::Sm2SignatureOid => "sm2_signature_oid",
            Leniency::RawSignatureValue => "raw_signature_value",
            Leniency::DataOidFlavourMismatch => "data_oid_flavour_mismatch",
        }
    }
}

/// Which object identifiers a new signature uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CmsOids {
    /// GB/T 35275: signedData `1.2.156.10197.6.1.4.2.2`, data `1.2.156.10197.6.1.4.2.1`.
    #[default]
    GbT35275,
    /// PKCS#7 / RFC 5652: signedData `1.2.840.113549.1.7.2`, data `1.2.840.113549.1.7.1`.
    Pkcs7,
}

/// The outcome of [`verify`] as one verdict JSON object: [`CmsVerdict::to_json`] when it
/// passed, the shared head alone ([`crate::error::verdict_json`]) when it did not.
pub fn verdict_json(result: &crate::Result<CmsVerdict>) -> String {
    match result {
        Ok(v) => v.to_json(),
        Err(e) => crate::error::verdict_json(e.code(), e.message(), ()),
    }
}

/// A verified signature.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct CmsVerdict {
    /// The signer's certificate.
    pub signer: Certificate,
    /// The verified chain, signer first, pinned root last.
    pub chain: Vec<Certificate>,
    /// The signingTime attribute, Unix seconds, if present.
    pub signing_time: Option<i64>,
    /// The time the chain was checked at.
    pub time_used: i64,
    /// Where `time_used` came from.
    pub time_source: TimeSource,
    /// The attached content; `None` for a detached signature.
    pub content: Option<Vec<u8>>,
    /// eContentType, dotted.
    pub content_type: String,
    /// The ContentInfo contentType, dotted (either signedData OID).
    pub outer_type: String,
    /// Departures from strict CMS that were accepted.
    pub leniencies: Vec<Leniency>,
}

impl CmsVerdict {
    /// The passing verdict as one JSON object, in the schema of every door
    /// ([`crate::error::verdict_json`]): the head, then signer (as
    /// [`Certificate::to_json`]), chain (`[{subject, issuer, serial}]`), signing_time (or
    /// null), time_used, time_source (`"signing_time"` or `"now"`), attached,
    /// content_length (or null), content_type, outer_type, leniencies (names).
    pub fn to_json(&self) -> String {
        let ok = crate::ErrorCode::Ok;
        crate::error::verdict_json(ok, ok.message(), self.json_value())
    }

    // The fields after the shared verdict head.
    fn json_value(&self) -> serde_json::Value {
        serde_json::json!({
            "signer": self.signer.json_value(),
            "chain": Certificate::chain_json_value(&self.chain),
            "signing_time": self.signing_time,
            "time_used": self.time_used,
            "time_source": self.time_source.as_str(),
            "attached": self.content.is_some(),
            "content_length": self.content.as_ref().map(Vec::len),
            "content_type": self.content_type,
            "outer_type": self.outer_type,
            "leniencies": self.leniencies.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
        })
    }
}
