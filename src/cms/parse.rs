//! Decoding ContentInfo / SignedData / SignerInfo (RFC 5652 §5, GB/T 35275 §7) into byte
//! ranges of the input.
//!
//! The structural layers (ContentInfo down to each SignerInfo) are read as BER, because
//! Java signers (BouncyCastle's `getEncoded()`) write them with indefinite lengths and
//! chunked OCTET STRINGs. What is signed or hashed must be exactly what the signer
//! produced: the signed attributes are required to have a definite length and are taken
//! as stored, embedded certificates are parsed as strict DER.

use der::asn1::ObjectIdentifier as Oid;

use super::error::CmsError;
use crate::x509::oid;
use crate::x509::tlv::{self, Reader, Tlv, TlvError, tag};

/// Most embedded certificates accepted.
pub(crate) const MAX_CERTIFICATES: usize = 32;

#[derive(Debug)]
pub(crate) struct SignedData<'a> {
    pub outer_type: Oid,
    /// Whether any indefinite length occurred.
    pub ber: bool,
    pub content_type: Oid,
    /// eContent, reassembled when chunked.
    pub content: Option<Vec<u8>>,
    /// Raw DER of each embedded `Certificate` (other CertificateChoices are skipped).
    pub certificates: Vec<&'a [u8]>,
    pub signer: SignerInfo<'a>,
}

#[derive(Debug)]
pub(crate) enum SignerId<'a> {
    IssuerSerial { issuer: &'a [u8], serial: &'a [u8] },
    KeyId(&'a [u8]),
}

#[derive(Debug)]
pub(crate) struct SignerInfo<'a> {
    pub sid: SignerId<'a>,
    pub digest_alg: Oid,
    /// The `[0] IMPLICIT SET OF Attribute` TLV as stored.
    pub signed_attrs: Option<Tlv<'a>>,
    pub signature_alg: Oid,
    pub signature: Vec<u8>,
}

struct Walk {
    ber: bool,
}

impl Walk {
    fn read<'a>(&mut self, r: &mut Reader<'a>, t: u8, what: &str) -> Result<Tlv<'a>, CmsError> {
        let tlv = r.expect(t).map_err(|e| err(e, what))?;
        self.ber |= tlv.indefinite;
        Ok(tlv)
    }

    fn optional<'a>(
        &mut self,
        r: &mut Reader<'a>,
        t: u8,
        what: &str,
    ) -> Result<Option<Tlv<'a>>, CmsError> {
        let tlv = r.optional(t).map_err(|e| err(e, what))?;
        if let Some(t) = &tlv {
            self.ber |= t.indefinite;
        }
        Ok(tlv)
    }
}

fn err(e: TlvError, what: &str) -> CmsError {
    CmsError::malformed(format!("{what}: {}", e.describe()))
}

fn children<'a>(t: &Tlv<'a>, depth: usize, what: &str) -> Result<Reader<'a>, CmsError> {
    t.children(true, depth).map_err(|e| err(e, what))
}

pub(crate) fn oid_of(t: &Tlv<'_>, what: &str) -> Result<Oid, CmsError> {
    Oid::from_bytes(t.value).map_err(|_| CmsError::malformed(format!("{what}: bad OID")))
}

/// AlgorithmIdentifier → its OID; parameters must be absent or NULL.
pub(crate) fn algorithm(t: &Tlv<'_>, depth: usize, what: &str) -> Result<Oid, CmsError> {
    let mut r = children(t, depth, what)?;
    let o = r.expect(tag::OID).map_err(|e| err(e, what))?;
    let o = oid_of(&o, what)?;
    if let Some(p) = r.optional(tag::NULL).map_err(|e| err(e, what))? {
        if !p.value.is_empty() {
            return Err(CmsError::malformed(format!("{what}: NULL with content")));
        }
    }
    if !r.is_empty() {
        return Err(CmsError::UnsupportedAlgorithm(format!(
            "{what} {o} with parameters"
        )));
    }
    Ok(o)
}

pub(crate) fn parse(input: &[u8]) -> Result<SignedData<'_>, CmsError> {
    let mut w = Walk { ber: false };
    let mut top = Reader::ber(input);
    let ci = w.read(&mut top, tag::SEQUENCE, "ContentInfo")?;
    if !top.is_empty() {
        return Err(CmsError::malformed("trailing bytes after the ContentInfo"));
    }
    let mut ci_r = children(&ci, 0, "ContentInfo")?;
    let ct = w.read(&mut ci_r, tag::OID, "ContentInfo contentType")?;
    let outer_type = oid_of(&ct, "ContentInfo contentType")?;
    if outer_type != oid::PKCS7_SIGNED_DATA && outer_type != oid::GM_SIGNED_DATA {
        return Err(CmsError::malformed(format!(
            "ContentInfo type {outer_type} is not signedData"
        )));
    }
    let explicit = w.read(&mut ci_r, tag::context(0), "ContentInfo content")?;
    ci_r.finish().map_err(|e| err(e, "ContentInfo"))?;
    let mut ex = children(&explicit, 1, "ContentInfo content")?;
    let sd = w.read(&mut ex, tag::SEQUENCE, "SignedData")?;
    ex.finish().map_err(|e| err(e, "ContentInfo content"))?;

    let mut sd_r = children(&sd, 2, "SignedData")?;
    w.read(&mut sd_r, tag::INTEGER, "SignedData version")?;
    let digests = w.read(&mut sd_r, tag::SET, "SignedData digestAlgorithms")?;
    let mut d = children(&digests, 3, "digestAlgorithms")?;
    while !d.is_empty() {
        let alg = w.read(&mut d, tag::SEQUENCE, "digestAlgorithms")?;
        algorithm(&alg, 4, "digest algorithm")?;
    }

    let eci = w.read(&mut sd_r, tag::SEQUENCE, "encapContentInfo")?;
    let mut eci_r = children(&eci, 3, "encapContentInfo")?;
    let ect = w.read(&mut eci_r, tag::OID, "eContentType")?;
    let content_type = oid_of(&ect, "eContentType")?;
    let content = match w.optional(&mut eci_r, tag::context(0), "eContent")? {
        Some(explicit) => {
            let mut e = children(&explicit, 4, "eContent")?;
            let s = e.read().map_err(|x| err(x, "eContent"))?;
            w.ber |= s.indefinite;
            e.finish().map_err(|x| err(x, "eContent"))?;
            Some(tlv::octet_string_content(&s, 5).map_err(|x| err(x, "eContent"))?)
        }
        None => None,
    };
    eci_r.finish().map_err(|e| err(e, "encapContentInfo"))?;

    let mut certificates = Vec::new();
    if let Some(set) = w.optional(&mut sd_r, tag::context(0), "certificates")? {
        let mut c = children(&set, 3, "certificates")?;
        while !c.is_empty() {
            let item = c.read().map_err(|e| err(e, "certificates"))?;
            // Only plain Certificates; attribute and other certificate formats are skipped.
            if item.tag == tag::SEQUENCE {
                if item.indefinite {
                    return Err(CmsError::malformed(
                        "embedded certificate with an indefinite length",
                    ));
                }
                if certificates.len() == MAX_CERTIFICATES {
                    return Err(CmsError::malformed(format!(
                        "more than {MAX_CERTIFICATES} embedded certificates"
                    )));
                }
                certificates.push(item.raw);
            }
        }
    }
    // CRLs are not used: revocation is not checked.
    w.optional(&mut sd_r, tag::context(1), "crls")?;

    let infos = w.read(&mut sd_r, tag::SET, "signerInfos")?;
    sd_r.finish().map_err(|e| err(e, "SignedData"))?;
    let mut infos_r = children(&infos, 3, "signerInfos")?;
    let info = w.read(&mut infos_r, tag::SEQUENCE, "SignerInfo")?;
    if !infos_r.is_empty() {
        return Err(CmsError::malformed(
            "more than one SignerInfo (only single-signer SignedData is supported)",
        ));
    }
    let signer = signer_info(&mut w, &info)?;
    Ok(SignedData {
        outer_type,
        ber: w.ber,
        content_type,
        content,
        certificates,
        signer,
    })
}

fn signer_info<'a>(w: &mut Walk, info: &Tlv<'a>) -> Result<SignerInfo<'a>, CmsError> {
    let mut r = children(info, 4, "SignerInfo")?;
    w.read(&mut r, tag::INTEGER, "SignerInfo version")?;
    let sid = match r.peek_tag() {
        Some(tag::SEQUENCE) => {
            let ias = w.read(&mut r, tag::SEQUENCE, "issuerAndSerialNumber")?;
            if ias.indefinite {
                return Err(CmsError::malformed("issuerAndSerialNumber must be DER"));
            }
            let mut ias_r = ias
                .children(false, 5)
                .map_err(|e| err(e, "issuerAndSerialNumber"))?;
            let issuer = ias_r
                .expect(tag::SEQUENCE)
                .map_err(|e| err(e, "issuerAndSerialNumber issuer"))?;
            let serial = ias_r
                .expect(tag::INTEGER)
                .map_err(|e| err(e, "issuerAndSerialNumber serial"))?;
            ias_r
                .finish()
                .map_err(|e| err(e, "issuerAndSerialNumber"))?;
            SignerId::IssuerSerial {
                issuer: issuer.raw,
                serial: serial.value,
            }
        }
        Some(t) if t == tag::context_primitive(0) => {
            let ski = w.read(&mut r, t, "subjectKeyIdentifier")?;
            SignerId::KeyId(ski.value)
        }
        _ => return Err(CmsError::malformed("SignerInfo sid is neither form")),
    };
    let dalg = w.read(&mut r, tag::SEQUENCE, "SignerInfo digestAlgorithm")?;
    let digest_alg = algorithm(&dalg, 5, "digest algorithm")?;
    let signed_attrs = w.optional(&mut r, tag::context(0), "signedAttrs")?;
    if let Some(a) = &signed_attrs {
        if a.indefinite {
            return Err(CmsError::malformed(
                "signed attributes with an indefinite length (they must be DER)",
            ));
        }
    }
    let salg = w.read(&mut r, tag::SEQUENCE, "SignerInfo signatureAlgorithm")?;
    let signature_alg = algorithm(&salg, 5, "signature algorithm")?;
    let sig = r.read().map_err(|e| err(e, "SignerInfo signature"))?;
    w.ber |= sig.indefinite;
    let signature =
        tlv::octet_string_content(&sig, 5).map_err(|e| err(e, "SignerInfo signature"))?;
    // Unsigned attributes (countersignatures, timestamps) are not interpreted.
    w.optional(&mut r, tag::context(1), "unsignedAttrs")?;
    r.finish().map_err(|e| err(e, "SignerInfo"))?;
    Ok(SignerInfo {
        sid,
        digest_alg,
        signed_attrs,
        signature_alg,
        signature,
    })
}

/// The signed attributes CMS verification reads.
#[derive(Debug, Default)]
pub(crate) struct Attributes {
    pub content_type: Option<Oid>,
    pub message_digest: Option<Vec<u8>>,
    pub signing_time: Option<i64>,
    /// (digest, signature) algorithm OIDs from cmsAlgorithmProtection.
    pub algorithm_protection: Option<(Oid, Option<Oid>)>,
    /// Whether the SET is in DER order.
    pub sorted: bool,
}

pub(crate) fn attributes(set: &Tlv<'_>) -> Result<Attributes, CmsError> {
    let what = "signedAttrs";
    let mut r = set.children(false, 5).map_err(|e| err(e, what))?;
    let mut out = Attributes {
        sorted: true,
        ..Attributes::default()
    };
    let mut seen: Vec<Oid> = Vec::new();
    let mut previous: Option<&[u8]> = None;
    while !r.is_empty() {
        let attr = r.expect(tag::SEQUENCE).map_err(|e| err(e, what))?;
        if let Some(p) = previous {
            if tlv::der_set_order(p, attr.raw).is_gt() {
                out.sorted = false;
            }
        }
        previous = Some(attr.raw);
        let mut a = attr.children(false, 6).map_err(|e| err(e, what))?;
        let t = a.expect(tag::OID).map_err(|e| err(e, what))?;
        let attr_type = oid_of(&t, what)?;
        let values = a.expect(tag::SET).map_err(|e| err(e, what))?;
        a.finish().map_err(|e| err(e, what))?;
        if seen.contains(&attr_type) {
            return Err(CmsError::malformed(format!(
                "signed attribute {attr_type} appears twice"
            )));
        }
        seen.push(attr_type);
        let mut v = values.children(false, 7).map_err(|e| err(e, what))?;
        let single = |v: &mut Reader<'_>, name: &str| -> Result<(), CmsError> {
            if v.is_empty() {
                Ok(())
            } else {
                Err(CmsError::malformed(format!(
                    "{name} has more than one value"
                )))
            }
        };
        match attr_type {
            oid::ATTR_CONTENT_TYPE => {
                let o = v.expect(tag::OID).map_err(|e| err(e, "contentType"))?;
                single(&mut v, "contentType")?;
                out.content_type = Some(oid_of(&o, "contentType")?);
            }
            oid::ATTR_MESSAGE_DIGEST => {
                let d = v
                    .expect(tag::OCTET_STRING)
                    .map_err(|e| err(e, "messageDigest"))?;
                single(&mut v, "messageDigest")?;
                out.message_digest = Some(d.value.to_vec());
            }
            oid::ATTR_SIGNING_TIME => {
                let t = v.read().map_err(|e| err(e, "signingTime"))?;
                single(&mut v, "signingTime")?;
                out.signing_time = Some(time(&t)?);
            }
            oid::ATTR_CMS_ALGORITHM_PROTECTION => {
                let p = v
                    .expect(tag::SEQUENCE)
                    .map_err(|e| err(e, "cmsAlgorithmProtection"))?;
                single(&mut v, "cmsAlgorithmProtection")?;
                let mut pr = p
                    .children(false, 8)
                    .map_err(|e| err(e, "cmsAlgorithmProtection"))?;
                let d = pr
                    .expect(tag::SEQUENCE)
                    .map_err(|e| err(e, "cmsAlgorithmProtection"))?;
                let digest = first_oid(&d)?;
                let sig = match pr
                    .optional(tag::context(1))
                    .map_err(|e| err(e, "cmsAlgorithmProtection"))?
                {
                    Some(s) => Some(first_oid(&s)?),
                    None => None,
                };
                out.algorithm_protection = Some((digest, sig));
            }
            // Other signed attributes are covered by the signature but not interpreted.
            _ => {}
        }
    }
    Ok(out)
}

fn first_oid(alg: &Tlv<'_>) -> Result<Oid, CmsError> {
    let mut r = alg
        .children(false, 9)
        .map_err(|e| err(e, "cmsAlgorithmProtection"))?;
    let o = r
        .expect(tag::OID)
        .map_err(|e| err(e, "cmsAlgorithmProtection"))?;
    oid_of(&o, "cmsAlgorithmProtection")
}

// signingTime: UTCTime or GeneralizedTime (RFC 5652 §11.3), Unix seconds.
fn time(t: &Tlv<'_>) -> Result<i64, CmsError> {
    use der::Decode;
    if t.tag != tag::UTC_TIME && t.tag != tag::GENERALIZED_TIME {
        return Err(CmsError::malformed("signingTime is not a time"));
    }
    let parsed = x509_cert::time::Time::from_der(t.raw)
        .map_err(|_| CmsError::malformed("signingTime malformed"))?;
    i64::try_from(parsed.to_unix_duration().as_secs())
        .map_err(|_| CmsError::malformed("signingTime out of range"))
}
