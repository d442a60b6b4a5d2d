//! Verifying a GB/T 35275 / PKCS#7 SignedData.

use super::error::CmsError;
use super::parse::{self, SignerId};
use super::{CmsVerdict, Leniency, MAX_CMS_LEN, TimeSource};
use crate::error::Result;
use crate::sm2::Signature;
use crate::x509::{CertVerifier, Certificate, KeyPurpose, oid};

/// Verifies a CMS / PKCS#7 SignedData signature (GB/T 35275) and its signer's chain.
///
/// `signature` is DER, BER or PEM (`PKCS7` / `CMS`). `detached_content` is the signed
/// content of a detached signature (for an attached one it may be given too and must then
/// be identical). `extra_certs` supplies certificates the signature does not embed: the
/// signer's and intermediates. The signer's certificate is checked by `verifier` for
/// signing use at the signing time: the signingTime attribute when present, else `now`;
/// the verdict says which.
///
/// Accepted: ContentInfo `1.2.840.113549.1.7.2` or `1.2.156.10197.6.1.4.2.2`; eContentType
/// `1.2.840.113549.1.7.1` or `1.2.156.10197.6.1.4.2.1`; digest SM3 `1.2.156.10197.1.401`;
/// signature `1.2.156.10197.1.501` or `1.2.156.10197.1.301.1`; one SignerInfo, identified by
/// issuerAndSerialNumber or subjectKeyIdentifier; signed attributes optional (when present,
/// messageDigest = SM3(content) and the signature is over the attribute SET as stored,
/// sorted or not); signature values DER `SEQUENCE { r, s }` or raw 64-byte `r ‖ s`; BER
/// indefinite lengths in the structural layers. Refused: anything else, with its code.
pub fn verify(
    signature: &[u8],
    detached_content: Option<&[u8]>,
    extra_certs: &[Certificate],
    verifier: &CertVerifier,
    now: i64,
) -> Result<CmsVerdict> {
    Ok(verify_inner(
        signature,
        detached_content,
        extra_certs,
        verifier,
        now,
    )?)
}

fn verify_inner(
    input: &[u8],
    detached_content: Option<&[u8]>,
    extra_certs: &[Certificate],
    verifier: &CertVerifier,
    now: i64,
) -> Result<CmsVerdict, CmsError> {
    let checked = check_signature(input, Content::Supplied(detached_content), extra_certs)?;
    let (time_used, time_source) = match checked.signing_time {
        Some(t) => (t, TimeSource::SigningTime),
        None => (now, TimeSource::Now),
    };
    let chain = verifier
        .verify_chain(
            &checked.signer,
            &checked.others,
            time_used,
            KeyPurpose::Signing,
        )
        .map_err(CmsError::Certificate)?;
    Ok(CmsVerdict {
        signer: checked.signer,
        chain,
        signing_time: checked.signing_time,
        time_used,
        time_source,
        content: checked.content,
        content_type: checked.content_type,
        outer_type: checked.outer_type,
        leniencies: checked.leniencies,
    })
}

/// What the caller knows of the signed content.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Content<'a> {
    /// [`verify`]'s rule: the content of a detached signature, which must equal the
    /// attached content when the signature has one.
    Supplied(Option<&'a [u8]>),
    /// The content of a detached signature; an attached signature is checked over its own
    /// content, which the caller then judges (an OFD signature attaches a digest of the
    /// document rather than the document).
    IfDetached(&'a [u8]),
}

/// A signature whose value verified under its signer's key; the chain is not checked yet.
#[derive(Debug)]
pub(crate) struct SignatureChecked {
    /// The signer's certificate.
    pub signer: Certificate,
    /// The other embedded and supplied certificates, candidates for the chain.
    pub others: Vec<Certificate>,
    /// The signingTime attribute, Unix seconds.
    pub signing_time: Option<i64>,
    /// The attached content.
    pub content: Option<Vec<u8>>,
    /// eContentType, dotted.
    pub content_type: String,
    /// The ContentInfo contentType, dotted.
    pub outer_type: String,
    /// Departures from strict CMS that were accepted.
    pub leniencies: Vec<Leniency>,
}

/// Everything [`verify`] checks but the signer's chain: structure, algorithms, the signer
/// among the embedded and `extra_certs` certificates, messageDigest and the signature.
pub(crate) fn check_signature(
    input: &[u8],
    content: Content<'_>,
    extra_certs: &[Certificate],
) -> Result<SignatureChecked, CmsError> {
    let der = unarmor(input)?;
    let bytes: &[u8] = der.as_deref().unwrap_or(input);
    if bytes.len() > MAX_CMS_LEN {
        return Err(CmsError::TooLarge { max: MAX_CMS_LEN });
    }
    let sd = parse::parse(bytes)?;
    let mut leniencies = Vec::new();
    if sd.ber {
        leniencies.push(Leniency::BerIndefiniteLength);
    }
    if sd.content_type != oid::PKCS7_DATA && sd.content_type != oid::GM_DATA {
        return Err(CmsError::UnsupportedAlgorithm(format!(
            "content type {}",
            sd.content_type
        )));
    }

    let content: &[u8] = match (&sd.content, content) {
        (Some(attached), Content::Supplied(Some(given))) if attached.as_slice() != given => {
            return Err(CmsError::DigestMismatch(
                "the supplied content differs from the attached content",
            ));
        }
        (Some(attached), _) => attached,
        (None, Content::Supplied(Some(given)) | Content::IfDetached(given)) => given,
        (None, Content::Supplied(None)) => return Err(CmsError::MissingContent),
    };

    // Algorithms.
    if sd.signer.digest_alg != oid::SM3 {
        return Err(CmsError::UnsupportedAlgorithm(format!(
            "digest algorithm {}",
            sd.signer.digest_alg
        )));
    }
    match sd.signer.signature_alg {
        oid::SM2_WITH_SM3 => {}
        oid::SM2_SIGN => leniencies.push(Leniency::Sm2SignatureOid),
        other => {
            return Err(CmsError::UnsupportedAlgorithm(format!(
                "signature algorithm {other}"
            )));
        }
    }

    // Certificates: embedded, then the caller's.
    let mut pool: Vec<Certificate> = Vec::with_capacity(sd.certificates.len() + extra_certs.len());
    for raw in &sd.certificates {
        match Certificate::from_der(raw) {
            Ok(c) => pool.push(c),
            // A bag may carry an RSA/ECDSA cross-certificate the SM2 chain does not need.
            Err(e) if e.code() == crate::ErrorCode::UnsupportedAlgorithm => {}
            Err(e) => {
                return Err(CmsError::malformed(format!(
                    "embedded certificate: {}",
                    e.message()
                )));
            }
        }
    }
    for c in extra_certs {
        if !pool.contains(c) {
            pool.push(c.clone());
        }
    }
    let signer = pool
        .iter()
        .find(|c| match &sd.signer.sid {
            SignerId::IssuerSerial { issuer, serial } => {
                c.issuer_der() == *issuer && c.serial() == *serial
            }
            SignerId::KeyId(id) => c.subject_key_id() == Some(*id),
        })
        .cloned()
        .ok_or(CmsError::SignerNotFound)?;

    // What was signed: the attribute SET as stored (tag [0] read as SET), or the content.
    let mut signing_time = None;
    let signed_bytes: std::borrow::Cow<'_, [u8]> = match &sd.signer.signed_attrs {
        Some(set) => {
            let attrs = parse::attributes(set)?;
            if !attrs.sorted {
                leniencies.push(Leniency::UnsortedSignedAttributes);
            }
            let digest = attrs
                .message_digest
                .ok_or_else(|| CmsError::malformed("signed attributes without messageDigest"))?;
            match attrs.content_type {
                Some(ct) if ct == sd.content_type => {}
                Some(ct) if is_data(ct) && is_data(sd.content_type) => {
                    leniencies.push(Leniency::DataOidFlavourMismatch);
                }
                Some(_) => {
                    return Err(CmsError::malformed(
                        "contentType attribute differs from eContentType",
                    ));
                }
                None => {
                    return Err(CmsError::malformed("signed attributes without contentType"));
                }
            }
            if let Some((d, s)) = attrs.algorithm_protection {
                if d != sd.signer.digest_alg || s.is_some_and(|s| s != sd.signer.signature_alg) {
                    return Err(CmsError::malformed(
                        "cmsAlgorithmProtection does not match the SignerInfo algorithms",
                    ));
                }
            }
            if digest.as_slice() != crate::sm3::sm3(content).as_slice() {
                return Err(CmsError::DigestMismatch(
                    "content does not match the signed messageDigest",
                ));
            }
            signing_time = attrs.signing_time;
            let mut bytes = set.raw.to_vec();
            bytes[0] = crate::x509::tlv::tag::SET;
            std::borrow::Cow::Owned(bytes)
        }
        None => std::borrow::Cow::Borrowed(content),
    };

    let sig = match Signature::from_der(&sd.signer.signature) {
        Ok(s) => s,
        Err(_) if sd.signer.signature.len() == 64 => {
            leniencies.push(Leniency::RawSignatureValue);
            Signature::from_raw(&sd.signer.signature).map_err(|_| CmsError::SignatureInvalid)?
        }
        Err(_) => {
            return Err(CmsError::malformed(
                "signature value is neither DER SEQUENCE { r, s } nor 64 bytes r||s",
            ));
        }
    };
    signer
        .verifying_key()
        .verify(&signed_bytes, &sig)
        .map_err(|_| CmsError::SignatureInvalid)?;

    let others: Vec<Certificate> = pool.into_iter().filter(|c| *c != signer).collect();
    Ok(SignatureChecked {
        signer,
        others,
        signing_time,
        content: sd.content,
        content_type: sd.content_type.to_string(),
        outer_type: sd.outer_type.to_string(),
        leniencies,
    })
}

fn is_data(o: der::asn1::ObjectIdentifier) -> bool {
    o == oid::PKCS7_DATA || o == oid::GM_DATA
}

// PEM `PKCS7` / `CMS` → DER; binary input is returned as None (used as is).
fn unarmor(input: &[u8]) -> Result<Option<Vec<u8>>, CmsError> {
    if input.first() == Some(&0x30) {
        return Ok(None);
    }
    let Ok(text) = std::str::from_utf8(input) else {
        return Err(CmsError::malformed("neither DER/BER nor PEM"));
    };
    let Some(start) = text.find("-----BEGIN ") else {
        return Err(CmsError::malformed("neither DER/BER nor PEM"));
    };
    if text.len() > MAX_CMS_LEN * 2 {
        return Err(CmsError::TooLarge { max: MAX_CMS_LEN });
    }
    let (label, der) = der::pem::decode_vec(text[start..].trim_end().as_bytes())
        .map_err(|_| CmsError::BadPem("malformed PEM block"))?;
    match label {
        "PKCS7" | "CMS" | "PKCS #7 SIGNED DATA" => Ok(Some(der)),
        _ => Err(CmsError::BadPem("PEM block is not PKCS7 or CMS")),
    }
}
