//! Making GB/T 38540 ("v4") electronic seals (SESeal).
//!
//! Every primitive is encoded with the `der` crate's own types; only the SEQUENCE wrappers
//! are assembled here, because the structures are fixed and a derive would need another
//! feature of `der` for six wrappers.

use der::asn1::{BitStringRef, GeneralizedTime, Ia5StringRef, OctetStringRef, Utf8StringRef};
use der::{Encode, Header, Length, Tag};

use crate::error::{Error, ErrorCode, Result};
use crate::sm2::{DEFAULT_ID, PrivateKey, SigningKey};
use crate::x509::Certificate;
use crate::x509::oid;

/// What a v4 seal says: everything of SES_SealInfo but its header constants.
#[derive(Clone)]
pub struct SealSpec<'a> {
    /// Header vendor ID (`vid`), IA5.
    pub vid: &'a str,
    /// Seal ID (`esID`), IA5.
    pub es_id: &'a str,
    /// Seal type (`property.type`): 1 official seal, 2 personal seal.
    pub seal_type: u64,
    /// Seal name (`property.name`).
    pub name: &'a str,
    /// The certificates allowed to sign with this seal (certListType 1).
    pub signers: &'a [Certificate],
    /// createDate, Unix seconds.
    pub created: i64,
    /// validStart, Unix seconds.
    pub valid_start: i64,
    /// validEnd, Unix seconds.
    pub valid_end: i64,
    /// Picture type, e.g. `"png"`.
    pub picture_type: &'a str,
    /// Picture bytes.
    pub picture: &'a [u8],
    /// Picture width in millimetres.
    pub width_mm: u64,
    /// Picture height in millimetres.
    pub height_mm: u64,
}

impl std::fmt::Debug for SealSpec<'_> {
    // The picture and the certificates are bulky and may identify people: counts only.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SealSpec")
            .field("seal_type", &self.seal_type)
            .field("signers", &self.signers.len())
            .field("picture_len", &self.picture.len())
            .finish_non_exhaustive()
    }
}

fn bad(msg: &'static str) -> Error {
    Error::new(ErrorCode::BadSeal, msg)
}

fn enc<T: Encode>(v: &T) -> Result<Vec<u8>> {
    v.to_der()
        .map_err(|_| bad("a seal field cannot be encoded in DER"))
}

/// Wraps already-encoded elements in a DER SEQUENCE.
pub(crate) fn sequence(parts: &[&[u8]]) -> Result<Vec<u8>> {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    let length = Length::try_from(len).map_err(|_| bad("seal too large"))?;
    let header = Header::new(Tag::Sequence, length);
    let mut out = enc(&header)?;
    for p in parts {
        out.extend_from_slice(p);
    }
    Ok(out)
}

pub(crate) fn ia5(s: &str) -> Result<Vec<u8>> {
    enc(&Ia5StringRef::new(s).map_err(|_| bad("text is not IA5 (ASCII)"))?)
}

pub(crate) fn octets(b: &[u8]) -> Result<Vec<u8>> {
    enc(&OctetStringRef::new(b).map_err(|_| bad("octet string too large"))?)
}

pub(crate) fn bits(b: &[u8]) -> Result<Vec<u8>> {
    enc(&BitStringRef::from_bytes(b).map_err(|_| bad("bit string too large"))?)
}

pub(crate) fn gtime(unix: i64) -> Result<Vec<u8>> {
    let secs = u64::try_from(unix).map_err(|_| bad("time before 1970"))?;
    let t = GeneralizedTime::from_unix_duration(std::time::Duration::from_secs(secs))
        .map_err(|_| bad("time out of range for GeneralizedTime"))?;
    enc(&t)
}

/// Signs `message` with SM2-with-SM3 and the default ID, DER signature.
pub(crate) fn sm2_sign(key: &PrivateKey, message: &[u8]) -> Result<Vec<u8>> {
    let signer = SigningKey::new(key.clone(), DEFAULT_ID)?;
    Ok(signer.sign(message)?.to_der())
}

/// A signature made with a key other than the certificate's would verify nowhere: refuse it
/// before signing.
fn key_of(key: &PrivateKey, cert: &Certificate, message: &'static str) -> Result<()> {
    if *key.public_key() == cert.public_key() {
        Ok(())
    } else {
        Err(Error::new(ErrorCode::BadPrivateKey, message))
    }
}

/// Builds a v4 SESeal (DER) for `spec`, signed by the seal maker (`maker_key`, the private
/// key of `maker_cert`) with SM2-with-SM3 over DER(SES_SealInfo). Deterministic.
pub fn make_seal(
    spec: &SealSpec<'_>,
    maker_key: &PrivateKey,
    maker_cert: &Certificate,
) -> Result<Vec<u8>> {
    key_of(
        maker_key,
        maker_cert,
        "the private key does not belong to the seal maker certificate",
    )?;
    if spec.signers.is_empty() {
        return Err(bad("a seal needs at least one signer certificate"));
    }
    if spec.valid_end < spec.valid_start {
        return Err(bad("the seal ends before it starts"));
    }
    let header = sequence(&[&ia5("ES")?, &enc(&4u64)?, &ia5(spec.vid)?])?;
    let certs: Vec<Vec<u8>> = spec
        .signers
        .iter()
        .map(|c| octets(c.to_der()))
        .collect::<Result<_>>()?;
    let cert_refs: Vec<&[u8]> = certs.iter().map(Vec::as_slice).collect();
    let cert_list = sequence(&cert_refs)?;
    let name = enc(&Utf8StringRef::new(spec.name).map_err(|_| bad("seal name too long"))?)?;
    let property = sequence(&[
        &enc(&spec.seal_type)?,
        &name,
        &enc(&1u64)?,
        &cert_list,
        &gtime(spec.created)?,
        &gtime(spec.valid_start)?,
        &gtime(spec.valid_end)?,
    ])?;
    let picture = sequence(&[
        &ia5(spec.picture_type)?,
        &octets(spec.picture)?,
        &enc(&spec.width_mm)?,
        &enc(&spec.height_mm)?,
    ])?;
    let info = sequence(&[&header, &ia5(spec.es_id)?, &property, &picture])?;
    let signature = sm2_sign(maker_key, &info)?;
    sequence(&[
        &info,
        &octets(maker_cert.to_der())?,
        &enc(&oid::SM2_WITH_SM3)?,
        &bits(&signature)?,
    ])
}

/// Builds a v4 SES_Signature (DER, the SignedValue.dat of a `Type="Seal"` OFD signature):
/// TBS_Sign{4, `seal`, timeInfo = `time` (Unix seconds), dataHash = SM3(`signed_file`),
/// propertyInfo = `property_info`}, signed by `key` (the private key of `cert`) with
/// SM2-with-SM3 over DER(TBS_Sign). `seal` is embedded as given (a DER SESeal).
pub fn make_ses_signature(
    seal: &[u8],
    signed_file: &[u8],
    property_info: &str,
    time: i64,
    key: &PrivateKey,
    cert: &Certificate,
) -> Result<Vec<u8>> {
    key_of(
        key,
        cert,
        "the private key does not belong to the signer certificate",
    )?;
    // The seal is embedded byte for byte, so it must be one well-formed v4 SESeal.
    let mut notes = super::Leniencies::default();
    let parsed = super::ses::parse_seal(seal, &mut notes)
        .map_err(|_| bad("the seal is not a readable SESeal"))?;
    if parsed.version != super::ses::SesVersion::V4 {
        return Err(bad("a v4 signature needs a v4 seal"));
    }
    let digest = crate::sm3::sm3(signed_file);
    let tbs = sequence(&[
        &enc(&4u64)?,
        seal,
        &gtime(time)?,
        &bits(&digest)?,
        &ia5(property_info)?,
    ])?;
    let signature = sm2_sign(key, &tbs)?;
    sequence(&[
        &tbs,
        &octets(cert.to_der())?,
        &enc(&oid::SM2_WITH_SM3)?,
        &bits(&signature)?,
    ])
}
