//! One SM2 X.509 certificate (GM/T 0015 / RFC 5280 profile): parsing and the issuer's
//! signature over the TBS bytes as received.

use std::ops::Range;
use std::sync::Arc;

use der::Decode;
use der::asn1::ObjectIdentifier;

use super::error::CertError;
use super::extensions::{self, KeyUsage};
use super::oid;
use super::tlv::{self, Reader, tag};
use crate::error::Result;
use crate::sm2::{DEFAULT_ID, PublicKey, Signature, VerifyingKey};

/// Largest certificate accepted, in bytes of DER. National CA certificates are 0.5–2 KiB;
/// the limit leaves room for large policy and logo extensions.
pub const MAX_CERT_LEN: usize = 64 * 1024;

/// A parsed SM2 certificate. Cheap to clone (the bytes are shared).
///
/// Parsing checks the structure (strict DER, nothing after it), that the key is an SM2
/// key (id-ecPublicKey on the SM2 curve) and that the signature algorithm is SM2-with-SM3
/// (`1.2.156.10197.1.501`, parameters absent or NULL) in both places it is written; any
/// other algorithm is `UnsupportedAlgorithm`. It does not check the signature, validity or
/// extensions' meaning: that is [`CertVerifier`](super::CertVerifier)'s job.
#[derive(Clone)]
pub struct Certificate {
    inner: Arc<Inner>,
}

struct Inner {
    der: Vec<u8>,
    tbs: Range<usize>,
    signature: Range<usize>,
    issuer_der: Vec<u8>,
    subject_der: Vec<u8>,
    serial: Vec<u8>,
    version: u8,
    subject: String,
    issuer: String,
    not_before: i64,
    not_after: i64,
    public_key: PublicKey,
    verifying_key: VerifyingKey,
    ext: extensions::Parsed,
}

impl std::fmt::Debug for Certificate {
    // The subject may name a person; Debug shows what identifies the certificate without it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Certificate")
            .field("serial", &crate::hex::encode(&self.inner.serial))
            .field("not_before", &self.inner.not_before)
            .field("not_after", &self.inner.not_after)
            .field("is_ca", &self.is_ca())
            .finish_non_exhaustive()
    }
}

impl PartialEq for Certificate {
    fn eq(&self, other: &Self) -> bool {
        self.inner.der == other.inner.der
    }
}

impl Eq for Certificate {}

impl Certificate {
    /// From DER.
    pub fn from_der(der: &[u8]) -> Result<Certificate> {
        Ok(parse(der)?)
    }

    /// From the first `CERTIFICATE` block of PEM text.
    pub fn from_pem(text: &str) -> Result<Certificate> {
        let mut all = Self::pem_blocks(text, 1)?;
        all.pop()
            .ok_or_else(|| CertError::BadPem("no CERTIFICATE block").into())
    }

    /// Every `CERTIFICATE` block of PEM text, in order (a bundle of roots or a chain file).
    pub fn from_pem_all(text: &str) -> Result<Vec<Certificate>> {
        Self::pem_blocks(text, usize::MAX)
    }

    /// From DER or PEM, recognised from the contents.
    pub fn decode(input: &[u8]) -> Result<Certificate> {
        match input.first() {
            Some(0x30) => Self::from_der(input),
            Some(_) => {
                let text = std::str::from_utf8(input)
                    .map_err(|_| CertError::malformed("neither DER nor PEM"))?;
                Self::from_pem(text)
            }
            None => Err(CertError::malformed("empty input").into()),
        }
    }

    /// Every certificate in DER (one) or PEM (one or more blocks) input.
    pub fn decode_all(input: &[u8]) -> Result<Vec<Certificate>> {
        match input.first() {
            Some(0x30) => Ok(vec![Self::from_der(input)?]),
            Some(_) => {
                let text = std::str::from_utf8(input)
                    .map_err(|_| CertError::malformed("neither DER nor PEM"))?;
                let all = Self::from_pem_all(text)?;
                if all.is_empty() {
                    return Err(CertError::BadPem("no CERTIFICATE block").into());
                }
                Ok(all)
            }
            None => Err(CertError::malformed("empty input").into()),
        }
    }

    fn pem_blocks(text: &str, limit: usize) -> Result<Vec<Certificate>> {
        let mut out = Vec::new();
        let mut rest = text;
        while out.len() < limit {
            let Some(start) = rest.find("-----BEGIN ") else {
                break;
            };
            let after = &rest[start..];
            let end = after
                .find("-----END ")
                .and_then(|e| after[e + 9..].find("-----").map(|c| e + 9 + c + 5))
                .ok_or(CertError::BadPem("unterminated PEM block"))?;
            let block = &after[..end];
            rest = &after[end..];
            if block.len() > MAX_CERT_LEN * 2 {
                return Err(CertError::TooLarge { max: MAX_CERT_LEN }.into());
            }
            let (label, der) = der::pem::decode_vec(block.as_bytes())
                .map_err(|_| CertError::BadPem("malformed PEM block"))?;
            // OpenSSL's "TRUSTED CERTIFICATE" carries trust settings after the DER.
            match label {
                "CERTIFICATE" | "X509 CERTIFICATE" => out.push(parse(&der)?),
                _ => continue,
            }
        }
        if out.is_empty() && text.contains("-----BEGIN ") && limit == 1 {
            return Err(CertError::BadPem("no CERTIFICATE block").into());
        }
        Ok(out)
    }

    /// The DER bytes, exactly as received.
    pub fn to_der(&self) -> &[u8] {
        &self.inner.der
    }

    /// PEM `CERTIFICATE`.
    pub fn to_pem(&self) -> String {
        der::pem::encode_string("CERTIFICATE", der::pem::LineEnding::LF, &self.inner.der)
            .unwrap_or_default()
    }

    /// The TBSCertificate bytes as received: what the issuer signed.
    pub fn tbs_der(&self) -> &[u8] {
        &self.inner.der[self.inner.tbs.clone()]
    }

    /// The signatureValue BIT STRING content (DER `SEQUENCE { r, s }` for SM2).
    pub fn signature_value(&self) -> &[u8] {
        &self.inner.der[self.inner.signature.clone()]
    }

    /// Subject name, RFC 4514 string form (most specific attribute first).
    pub fn subject(&self) -> String {
        self.inner.subject.clone()
    }

    /// Issuer name, RFC 4514 string form.
    pub fn issuer(&self) -> String {
        self.inner.issuer.clone()
    }

    /// The subject Name's DER, as received (what issuer matching compares).
    pub fn subject_der(&self) -> &[u8] {
        &self.inner.subject_der
    }

    /// The issuer Name's DER, as received.
    pub fn issuer_der(&self) -> &[u8] {
        &self.inner.issuer_der
    }

    /// The serial number's INTEGER content bytes as encoded (big-endian, two's complement;
    /// a leading 0x00 is kept).
    pub fn serial(&self) -> &[u8] {
        &self.inner.serial
    }

    /// X.509 version as written: 1 or 3 (2 is accepted without extensions).
    pub fn version(&self) -> u8 {
        self.inner.version
    }

    /// notBefore, Unix seconds.
    pub fn not_before(&self) -> i64 {
        self.inner.not_before
    }

    /// notAfter, Unix seconds.
    pub fn not_after(&self) -> i64 {
        self.inner.not_after
    }

    /// Whether `now` lies in [notBefore, notAfter] (both inclusive, RFC 5280 §4.1.2.5).
    pub fn is_valid_at(&self, now: i64) -> bool {
        self.inner.not_before <= now && now <= self.inner.not_after
    }

    /// subjectKeyIdentifier, if present.
    pub fn subject_key_id(&self) -> Option<&[u8]> {
        self.inner.ext.subject_key_id.as_deref()
    }

    /// The keyIdentifier of authorityKeyIdentifier, if present.
    pub fn authority_key_id(&self) -> Option<&[u8]> {
        self.inner.ext.authority_key_id.as_deref()
    }

    /// keyUsage, if present (absent means any usage).
    pub fn key_usage(&self) -> Option<KeyUsage> {
        self.inner.ext.key_usage
    }

    /// extKeyUsage purposes as dotted OIDs, if present.
    pub fn extended_key_usage(&self) -> Option<&[String]> {
        self.inner.ext.extended_key_usage.as_deref()
    }

    /// basicConstraints cA.
    pub fn is_ca(&self) -> bool {
        matches!(self.inner.ext.basic_constraints, Some((true, _)))
    }

    /// basicConstraints pathLenConstraint (meaningful for CAs only).
    pub fn path_len(&self) -> Option<u32> {
        self.inner.ext.basic_constraints.and_then(|(_, p)| p)
    }

    /// Whether subject and issuer names are the same (self-issued, RFC 5280 §6.1).
    pub fn is_self_issued(&self) -> bool {
        self.inner.subject_der == self.inner.issuer_der
    }

    /// The first critical extension this library does not understand, by OID.
    pub fn unknown_critical_extension(&self) -> Option<&str> {
        self.inner.ext.unknown_critical.as_deref()
    }

    /// The subject's SM2 public key.
    pub fn public_key(&self) -> PublicKey {
        self.inner.public_key
    }

    /// The subject key with the default ID, as certificate and CMS signatures use it.
    pub fn verifying_key(&self) -> &VerifyingKey {
        &self.inner.verifying_key
    }

    /// Verifies that `issuer`'s key (default ID) signed this certificate's TBS bytes as
    /// received. Only the signature: names, validity and constraints are the chain's.
    pub fn verify_signed_by(&self, issuer: &Certificate) -> Result<()> {
        Ok(self.check_signed_by(issuer, 0)?)
    }

    pub(crate) fn check_signed_by(
        &self,
        issuer: &Certificate,
        depth: usize,
    ) -> Result<(), CertError> {
        let sig = Signature::from_der(self.signature_value())
            .map_err(|_| CertError::SignatureInvalid { depth })?;
        issuer
            .inner
            .verifying_key
            .verify(self.tbs_der(), &sig)
            .map_err(|_| CertError::SignatureInvalid { depth })
    }
}

fn parse(der: &[u8]) -> Result<Certificate, CertError> {
    if der.len() > MAX_CERT_LEN {
        return Err(CertError::TooLarge { max: MAX_CERT_LEN });
    }
    let malformed = |e: tlv::TlvError| CertError::malformed(e.describe());

    // The outer walk finds the byte ranges that are signed and compared.
    let mut top = Reader::der(der);
    let cert = top.expect(tag::SEQUENCE).map_err(malformed)?;
    if !top.is_empty() {
        return Err(CertError::malformed("trailing bytes after the certificate"));
    }
    let mut parts = cert.children(false, 0).map_err(malformed)?;
    let tbs = parts.expect(tag::SEQUENCE).map_err(malformed)?;
    let outer_alg = parts.expect(tag::SEQUENCE).map_err(malformed)?;
    let sig_value = parts.expect(tag::BIT_STRING).map_err(malformed)?;
    parts.finish().map_err(malformed)?;

    let mut fields = tbs.children(false, 1).map_err(malformed)?;
    fields.optional(tag::context(0)).map_err(malformed)?;
    fields.expect(tag::INTEGER).map_err(malformed)?;
    let inner_alg = fields.expect(tag::SEQUENCE).map_err(malformed)?;
    let issuer = fields.expect(tag::SEQUENCE).map_err(malformed)?;
    fields.expect(tag::SEQUENCE).map_err(malformed)?;
    let subject = fields.expect(tag::SEQUENCE).map_err(malformed)?;

    // The algorithm first: an RSA or ECDSA certificate is "unsupported", not "malformed",
    // whatever else x509-cert would say about it.
    check_signature_algorithm(outer_alg.raw)?;
    if outer_alg.raw != inner_alg.raw {
        return Err(CertError::malformed(
            "signatureAlgorithm differs from the TBS signature field",
        ));
    }

    let parsed = x509_cert::Certificate::from_der(der)
        .map_err(|e| CertError::malformed(format!("{}", e.kind())))?;
    let tbs_cert = parsed.tbs_certificate();

    let spki = tbs_cert.subject_public_key_info();
    if spki.algorithm.oid != oid::EC_PUBLIC_KEY {
        return Err(CertError::UnsupportedAlgorithm(format!(
            "public key algorithm {}",
            spki.algorithm.oid
        )));
    }
    let curve = spki
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
    if curve != Some(oid::SM2_CURVE) {
        return Err(CertError::UnsupportedAlgorithm(match curve {
            Some(c) => format!("elliptic curve {c}"),
            None => "elliptic curve parameters other than a named curve".to_owned(),
        }));
    }
    let key_bytes = spki
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| CertError::malformed("public key BIT STRING has unused bits"))?;
    let public_key = PublicKey::from_sec1(key_bytes)
        .map_err(|_| CertError::malformed("invalid SM2 public key"))?;
    let verifying_key = VerifyingKey::new(public_key, DEFAULT_ID)
        .map_err(|_| CertError::malformed("invalid SM2 public key"))?;

    let version = match tbs_cert.version() {
        x509_cert::certificate::Version::V1 => 1,
        x509_cert::certificate::Version::V2 => 2,
        x509_cert::certificate::Version::V3 => 3,
    };
    let ext = match tbs_cert.extensions() {
        Some(list) if version != 3 => {
            let _ = list;
            return Err(CertError::malformed("extensions in a v1/v2 certificate"));
        }
        Some(list) => extensions::parse(list)?,
        None => extensions::Parsed::default(),
    };

    let validity = tbs_cert.validity();
    let unix = |t: x509_cert::time::Time| {
        i64::try_from(t.to_unix_duration().as_secs())
            .map_err(|_| CertError::malformed("validity time out of range"))
    };
    let not_before = unix(validity.not_before)?;
    let not_after = unix(validity.not_after)?;

    let sig_content = sig_value.value;
    if sig_content.first() != Some(&0) {
        return Err(CertError::malformed("signature BIT STRING has unused bits"));
    }
    let sig_start = offset_in(der, sig_content) + 1;
    let tbs_start = offset_in(der, tbs.raw);

    Ok(Certificate {
        inner: Arc::new(Inner {
            der: der.to_vec(),
            tbs: tbs_start..tbs_start + tbs.raw.len(),
            signature: sig_start..sig_start + sig_content.len() - 1,
            issuer_der: issuer.raw.to_vec(),
            subject_der: subject.raw.to_vec(),
            serial: tbs_cert.serial_number().as_bytes().to_vec(),
            version,
            subject: tbs_cert.subject().to_string(),
            issuer: tbs_cert.issuer().to_string(),
            not_before,
            not_after,
            public_key,
            verifying_key,
            ext,
        }),
    })
}

// AlgorithmIdentifier { 1.2.156.10197.1.501, parameters absent | NULL }.
fn check_signature_algorithm(raw: &[u8]) -> Result<(), CertError> {
    let malformed = |e: tlv::TlvError| CertError::malformed(e.describe());
    let mut top = Reader::der(raw);
    let seq = top.expect(tag::SEQUENCE).map_err(malformed)?;
    let mut items = seq.children(false, 1).map_err(malformed)?;
    let alg = items.expect(tag::OID).map_err(malformed)?;
    let alg = ObjectIdentifier::from_bytes(alg.value)
        .map_err(|_| CertError::malformed("bad algorithm OID"))?;
    if alg != oid::SM2_WITH_SM3 {
        return Err(CertError::UnsupportedAlgorithm(format!(
            "signature algorithm {alg}"
        )));
    }
    if let Some(params) = items.optional(tag::NULL).map_err(malformed)? {
        if !params.value.is_empty() {
            return Err(CertError::malformed("NULL parameters with content"));
        }
    }
    if !items.is_empty() {
        return Err(CertError::malformed(
            "SM2-with-SM3 takes no parameters other than NULL",
        ));
    }
    Ok(())
}

// Where `sub` (a subslice of `base`, as the TLV walker returns) starts in `base`.
fn offset_in(base: &[u8], sub: &[u8]) -> usize {
    (sub.as_ptr() as usize).saturating_sub(base.as_ptr() as usize)
}
