//! SES_Signature and SESeal, GB/T 38540 ("v4") and GM/T 0031-2014 ("v1"), parsed into
//! slices of the stored bytes.
//!
//! The version is told by structure, as ofdrw does: an SES_Signature of two elements is v1,
//! of four or five is v4; an SESeal of two is v1, of four is v4.

use super::der::{self, DerError, Reader, Tlv, tag};
use super::time::{self, SealTime};
use super::{Leniencies, Leniency};

/// Which standard a seal follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SesVersion {
    /// GM/T 0031-2014.
    V1,
    /// GB/T 38540-2020.
    V4,
}

impl SesVersion {
    /// `"ses-v1"` or `"ses-v4"`.
    pub fn as_str(self) -> &'static str {
        match self {
            SesVersion::V1 => "ses-v1",
            SesVersion::V4 => "ses-v4",
        }
    }
}

/// The seal's certificate list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CertList<'a> {
    /// Certificates (certListType 1, or 3 read as 1; v1 always).
    Certificates(Vec<&'a [u8]>),
    /// Digests of certificates (certListType 2): (algorithm as written, digest).
    Digests(Vec<(&'a str, &'a [u8])>),
}

/// An electronic seal (SESeal): the seal information and its maker's signature.
#[derive(Clone, Debug)]
pub struct Seal<'a> {
    /// v1 or v4.
    pub version: SesVersion,
    /// The whole SESeal as stored.
    pub raw: &'a [u8],
    /// SES_SealInfo as stored.
    pub info_raw: &'a [u8],
    /// Header vendor ID (`vid`).
    pub vid: &'a str,
    /// Seal ID (`esID`).
    pub es_id: &'a str,
    /// Seal type (`property.type`).
    pub seal_type: u64,
    /// Seal name (`property.name`).
    pub name: &'a str,
    /// certListType as written (1 for v1).
    pub cert_list_type: u64,
    /// The certificate list.
    pub cert_list: CertList<'a>,
    /// createDate.
    pub created: SealTime,
    /// validStart.
    pub valid_start: SealTime,
    /// validEnd.
    pub valid_end: SealTime,
    /// The seal maker's certificate.
    pub maker_cert: &'a [u8],
    /// The maker's signature algorithm OID.
    pub maker_alg: String,
    /// The maker's signature bytes (unused bits dropped).
    pub maker_signature: &'a [u8],
    /// What the maker signed: v4 SES_SealInfo as stored; v1 SEQ{SealInfo, cert, alg} of the
    /// stored elements.
    pub maker_signed: Vec<u8>,
}

/// A signed seal (SES_Signature).
#[derive(Clone, Debug)]
pub struct SesSignature<'a> {
    /// v1 or v4.
    pub version: SesVersion,
    /// TBS_Sign as stored: what the signer signed.
    pub tbs_raw: &'a [u8],
    /// The embedded seal.
    pub seal: Seal<'a>,
    /// timeInfo: the signing time the signature asserts.
    pub time: SealTime,
    /// dataHash (unused bits dropped).
    pub data_hash: &'a [u8],
    /// propertyInfo (the Signature.xml path, as the signer wrote it).
    pub property_info: &'a str,
    /// The signer's certificate.
    pub signer_cert: &'a [u8],
    /// The signer's algorithm OID.
    pub signature_alg: String,
    /// The signer's signature bytes (unused bits dropped).
    pub signature: &'a [u8],
    /// The `[0]` timestamp, when present (v4).
    pub timestamp: Option<&'a [u8]>,
}

/// Why a seal could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealParseError(pub String);

impl From<DerError> for SealParseError {
    fn from(e: DerError) -> Self {
        SealParseError(e.0.to_owned())
    }
}

type R<T> = Result<T, SealParseError>;

fn err<T>(what: &str) -> R<T> {
    Err(SealParseError(what.to_owned()))
}

fn count(input: &[u8]) -> R<usize> {
    let mut r = Reader::new(input);
    let mut n = 0;
    while !r.is_empty() {
        r.any()?;
        n += 1;
        if n > 16 {
            return err("too many elements");
        }
    }
    Ok(n)
}

// A BIT STRING holding a signature or a digest: a non-zero unused-bits count is ignored
// (some signers write one) and recorded.
fn lenient_bits<'a>(t: &Tlv<'a>, notes: &mut Leniencies, what: &'static str) -> R<&'a [u8]> {
    if t.tag != tag::BIT_STRING {
        return err(what);
    }
    let (bits, unused) = der::bit_string(t)?;
    if unused != 0 {
        notes.add(Leniency::UnusedBits);
    }
    Ok(bits)
}

/// Parses an SES_Signature (SignedValue.dat of a `Type="Seal"` signature).
pub fn parse_signature<'a>(input: &'a [u8], notes: &mut Leniencies) -> R<SesSignature<'a>> {
    let outer = der::single(input, tag::SEQUENCE, "SES_Signature is not a SEQUENCE")?;
    match count(outer.value)? {
        2 => parse_v1(outer, notes),
        4 | 5 => parse_v4(outer, notes),
        _ => err("SES_Signature has neither the v1 nor the v4 shape"),
    }
}

fn parse_v4<'a>(outer: Tlv<'a>, notes: &mut Leniencies) -> R<SesSignature<'a>> {
    let mut r = outer.reader();
    let tbs = r.expect(tag::SEQUENCE, "TBS_Sign")?;
    let cert = r.expect(tag::OCTET_STRING, "signer cert")?;
    let alg = r.expect(tag::OID, "signatureAlgID")?;
    let sig = r.any()?;
    let signature = lenient_bits(&sig, notes, "signature")?;
    let timestamp = r.optional(0xa0)?.map(|t| t.value);
    r.finish("elements after SES_Signature")?;

    let mut t = tbs.reader();
    let version = der::small_uint(&t.expect(tag::INTEGER, "TBS_Sign version")?)?;
    if version != 4 {
        return err("TBS_Sign version is not 4");
    }
    let seal = parse_seal_tlv(t.expect(tag::SEQUENCE, "eseal")?, notes)?;
    if seal.version != SesVersion::V4 {
        return err("a v4 signature holds a v1 seal");
    }
    let time_tlv = t.any()?;
    let time = time::read(&time_tlv, notes)?;
    let hash = t.any()?;
    let data_hash = lenient_bits(&hash, notes, "dataHash")?;
    let property_info = der::string(&t.expect(tag::IA5_STRING, "propertyInfo")?)?;
    // extDatas: [0] EXPLICIT (GB/T 38540) or a bare SEQUENCE (some signers).
    if matches!(t.peek_tag(), Some(0xa0) | Some(tag::SEQUENCE)) {
        t.any()?;
    }
    t.finish("elements after TBS_Sign")?;
    Ok(SesSignature {
        version: SesVersion::V4,
        tbs_raw: tbs.raw,
        seal,
        time,
        data_hash,
        property_info,
        signer_cert: cert.value,
        signature_alg: der::oid_text(&alg)?,
        signature,
        timestamp,
    })
}

fn parse_v1<'a>(outer: Tlv<'a>, notes: &mut Leniencies) -> R<SesSignature<'a>> {
    let mut r = outer.reader();
    let tbs = r.expect(tag::SEQUENCE, "TBS_Sign")?;
    let sig = r.any()?;
    let signature = lenient_bits(&sig, notes, "signature")?;
    r.finish("elements after SES_Signature")?;

    let mut t = tbs.reader();
    let version = der::small_uint(&t.expect(tag::INTEGER, "TBS_Sign version")?)?;
    if version != 1 {
        return err("v1 TBS_Sign version is not 1");
    }
    let seal = parse_seal_tlv(t.expect(tag::SEQUENCE, "eseal")?, notes)?;
    if seal.version != SesVersion::V1 {
        return err("a v1 signature holds a v4 seal");
    }
    // timeInfo is a BIT STRING holding the time as text.
    let time_tlv = t.expect(tag::BIT_STRING, "timeInfo")?;
    let (text, _) = der::bit_string(&time_tlv)?;
    let text = std::str::from_utf8(text).map_err(|_| SealParseError("timeInfo text".into()))?;
    let time = time::parse_text(text, notes)?;
    let hash = t.any()?;
    let data_hash = lenient_bits(&hash, notes, "dataHash")?;
    let property_info = der::string(&t.expect(tag::IA5_STRING, "propertyInfo")?)?;
    let cert = t.expect(tag::OCTET_STRING, "signer cert")?;
    let alg = t.expect(tag::OID, "signatureAlgorithm")?;
    t.finish("elements after TBS_Sign")?;
    Ok(SesSignature {
        version: SesVersion::V1,
        tbs_raw: tbs.raw,
        seal,
        time,
        data_hash,
        property_info,
        signer_cert: cert.value,
        signature_alg: der::oid_text(&alg)?,
        signature,
        timestamp: None,
    })
}

/// Parses an SESeal on its own (Seal.esl).
pub fn parse_seal<'a>(input: &'a [u8], notes: &mut Leniencies) -> R<Seal<'a>> {
    let outer = der::single(input, tag::SEQUENCE, "SESeal is not a SEQUENCE")?;
    parse_seal_tlv(outer, notes)
}

fn parse_seal_tlv<'a>(outer: Tlv<'a>, notes: &mut Leniencies) -> R<Seal<'a>> {
    let mut r = outer.reader();
    let info = r.expect(tag::SEQUENCE, "SES_SealInfo")?;
    let n = count(outer.value)?;
    let (version, maker_cert, maker_alg, maker_signature, maker_signed) = match n {
        4 => {
            let cert = r.expect(tag::OCTET_STRING, "maker cert")?;
            let alg = r.expect(tag::OID, "signAlgID")?;
            let sig = r.any()?;
            let bits = lenient_bits(&sig, notes, "seal signedValue")?;
            (
                SesVersion::V4,
                cert.value,
                der::oid_text(&alg)?,
                bits,
                info.raw.to_vec(),
            )
        }
        2 => {
            let sign_info = r.expect(tag::SEQUENCE, "SES_SignInfo")?;
            let mut s = sign_info.reader();
            let cert = s.expect(tag::OCTET_STRING, "maker cert")?;
            let alg = s.expect(tag::OID, "signatureAlgorithm")?;
            let sig = s.any()?;
            let bits = lenient_bits(&sig, notes, "signData")?;
            s.finish("elements after SES_SignInfo")?;
            // GM/T 0031: the maker signs SEQUENCE{SES_SealInfo, cert, signatureAlgorithm}.
            let len = info.raw.len() + cert.raw.len() + alg.raw.len();
            let mut signed = der::header(tag::SEQUENCE, len);
            signed.extend_from_slice(info.raw);
            signed.extend_from_slice(cert.raw);
            signed.extend_from_slice(alg.raw);
            (
                SesVersion::V1,
                cert.value,
                der::oid_text(&alg)?,
                bits,
                signed,
            )
        }
        _ => return err("SESeal has neither the v1 nor the v4 shape"),
    };
    r.finish("elements after SESeal")?;

    let mut i = info.reader();
    let header = i.expect(tag::SEQUENCE, "seal header")?;
    let mut h = header.reader();
    let id = der::string(&h.expect(tag::IA5_STRING, "header ID")?)?;
    if id != "ES" {
        return err("seal header ID is not \"ES\"");
    }
    let header_version = der::small_uint(&h.expect(tag::INTEGER, "header version")?)?;
    let vid = der::string(&h.expect(tag::IA5_STRING, "header vid")?)?;
    h.finish("elements after the seal header")?;
    match (version, header_version) {
        (SesVersion::V4, 4) | (SesVersion::V1, 1..=3) => {}
        _ => return err("seal header version does not match its structure"),
    }
    let es_id = der::string(&i.expect(tag::IA5_STRING, "esID")?)?;
    let property = i.expect(tag::SEQUENCE, "property")?;
    let picture = i.expect(tag::SEQUENCE, "picture")?;
    check_picture(&picture)?;
    if i.peek_tag() == Some(tag::SEQUENCE) {
        i.any()?;
    }
    i.finish("elements after SES_SealInfo")?;

    let mut p = property.reader();
    let seal_type = der::small_uint(&p.expect(tag::INTEGER, "property type")?)?;
    let name = der::string(&p.expect(tag::UTF8_STRING, "property name")?)?;
    let (cert_list_type, cert_list, created, valid_start, valid_end) = match version {
        SesVersion::V4 => {
            let list_type = der::small_uint(&p.expect(tag::INTEGER, "certListType")?)?;
            let list = p.expect(tag::SEQUENCE, "certList")?;
            let cert_list = match list_type {
                1 => CertList::Certificates(certs(&list)?),
                3 => {
                    notes.add(Leniency::CertListType3);
                    CertList::Certificates(certs(&list)?)
                }
                2 => CertList::Digests(digests(&list)?),
                _ => return err("unknown certListType"),
            };
            let created = time::read(&p.any()?, notes)?;
            let start = time::read(&p.any()?, notes)?;
            let end = time::read(&p.any()?, notes)?;
            (list_type, cert_list, created, start, end)
        }
        SesVersion::V1 => {
            let list = p.expect(tag::SEQUENCE, "certList")?;
            let cert_list = CertList::Certificates(certs_any(&list)?);
            let created = time::read(&p.any()?, notes)?;
            let start = time::read(&p.any()?, notes)?;
            let end = time::read(&p.any()?, notes)?;
            (1, cert_list, created, start, end)
        }
    };
    p.finish("elements after the seal property")?;
    Ok(Seal {
        version,
        raw: outer.raw,
        info_raw: info.raw,
        vid,
        es_id,
        seal_type,
        name,
        cert_list_type,
        cert_list,
        created,
        valid_start,
        valid_end,
        maker_cert,
        maker_alg,
        maker_signature,
        maker_signed,
    })
}

fn check_picture(picture: &Tlv<'_>) -> R<()> {
    let mut p = picture.reader();
    der::string(&p.expect(tag::IA5_STRING, "picture type")?)?;
    p.expect(tag::OCTET_STRING, "picture data")?;
    der::small_uint(&p.expect(tag::INTEGER, "picture width")?)?;
    der::small_uint(&p.expect(tag::INTEGER, "picture height")?)?;
    p.finish("elements after the picture")?;
    Ok(())
}

const MAX_LIST: usize = 64;

fn certs<'a>(list: &Tlv<'a>) -> R<Vec<&'a [u8]>> {
    let mut r = list.reader();
    let mut out = Vec::new();
    while !r.is_empty() {
        if out.len() >= MAX_LIST {
            return err("certList too long");
        }
        out.push(r.expect(tag::OCTET_STRING, "certList entry")?.value);
    }
    Ok(out)
}

// v1 lists seen in the field hold elements other than OCTET STRINGs; they are kept (and
// match no certificate) rather than refused, so the verdict can name the real problem.
fn certs_any<'a>(list: &Tlv<'a>) -> R<Vec<&'a [u8]>> {
    let mut r = list.reader();
    let mut out = Vec::new();
    while !r.is_empty() {
        if out.len() >= MAX_LIST {
            return err("certList too long");
        }
        let t = r.any()?;
        if t.tag == tag::OCTET_STRING {
            out.push(t.value);
        }
    }
    Ok(out)
}

fn digests<'a>(list: &Tlv<'a>) -> R<Vec<(&'a str, &'a [u8])>> {
    let mut r = list.reader();
    let mut out = Vec::new();
    while !r.is_empty() {
        if out.len() >= MAX_LIST {
            return err("certList too long");
        }
        let obj = r.expect(tag::SEQUENCE, "CertDigestObj")?;
        let mut o = obj.reader();
        let ty = o.any()?;
        let alg = match ty.tag {
            tag::PRINTABLE_STRING | tag::IA5_STRING | tag::UTF8_STRING => der::string(&ty)?,
            _ => return err("CertDigestObj type"),
        };
        let value = o.expect(tag::OCTET_STRING, "CertDigestObj value")?;
        o.finish("elements after CertDigestObj")?;
        out.push((alg, value.value));
    }
    Ok(out)
}
