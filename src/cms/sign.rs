//! Making GB/T 35275 detached signatures with signed attributes.

use der::Encode;

use super::CmsOids;
use super::error::CmsError;
use crate::error::{Error, ErrorCode, Result};
use crate::sm2::{DEFAULT_ID, PrivateKey, SigningKey};
use crate::x509::Certificate;
use crate::x509::oid;
use crate::x509::tlv::{der_set_order, encode, encode_parts, tag};

/// Signs `content` as a detached CMS SignedData (DER) with the GB/T 35275 object
/// identifiers (`1.2.156.10197.6.1.4.2.2` / `…2.1`).
///
/// The SignerInfo identifies `cert` by issuerAndSerialNumber, uses SM3 and SM2-with-SM3
/// (`1.2.156.10197.1.501`) with the default ID, and signs the DER SET of contentType,
/// signingTime (`signing_time`, Unix seconds) and messageDigest = SM3(content). `cert` and
/// then `chain` are embedded. `key` must be the private key of `cert`. Signing is
/// deterministic (RFC 6979), so the same inputs give the same bytes.
pub fn sign_detached(
    content: &[u8],
    key: &PrivateKey,
    cert: &Certificate,
    chain: &[Certificate],
    signing_time: i64,
) -> Result<Vec<u8>> {
    sign_detached_with(content, key, cert, chain, signing_time, CmsOids::GbT35275)
}

/// [`sign_detached`] with a choice of object identifiers: GB/T 35275's or PKCS#7's
/// (`1.2.840.113549.1.7.2` / `…7.1`), for receivers that know only the latter.
pub fn sign_detached_with(
    content: &[u8],
    key: &PrivateKey,
    cert: &Certificate,
    chain: &[Certificate],
    signing_time: i64,
    oids: CmsOids,
) -> Result<Vec<u8>> {
    if *key.public_key() != cert.public_key() {
        return Err(Error::new(
            ErrorCode::BadPrivateKey,
            "the private key does not belong to the signer certificate",
        ));
    }
    let (signed_data_oid, data_oid) = match oids {
        CmsOids::GbT35275 => (oid::GM_SIGNED_DATA, oid::GM_DATA),
        CmsOids::Pkcs7 => (oid::PKCS7_SIGNED_DATA, oid::PKCS7_DATA),
    };
    let signer = SigningKey::new(key.clone(), DEFAULT_ID)?;

    let oid_der = |o: der::asn1::ObjectIdentifier| encode(tag::OID, o.as_bytes());
    let alg = |o: der::asn1::ObjectIdentifier| encode_parts(tag::SEQUENCE, &[&oid_der(o)]);
    let time = signing_time_der(signing_time)?;
    let digest = crate::sm3::sm3(content);

    let attribute = |t: der::asn1::ObjectIdentifier, value: &[u8]| {
        encode_parts(tag::SEQUENCE, &[&oid_der(t), &encode(tag::SET, value)])
    };
    let mut attrs = [
        attribute(oid::ATTR_CONTENT_TYPE, &oid_der(data_oid)),
        attribute(oid::ATTR_SIGNING_TIME, &time),
        attribute(
            oid::ATTR_MESSAGE_DIGEST,
            &encode(tag::OCTET_STRING, &digest),
        ),
    ];
    attrs.sort_by(|a, b| der_set_order(a, b));
    let attrs_content = attrs.concat();
    // Signed as a SET (RFC 5652 §5.4), stored as [0] IMPLICIT.
    let signed_set = encode(tag::SET, &attrs_content);
    let signature = signer
        .sign(&signed_set)
        .map_err(|e| CmsError::Signing(e.into()))?
        .to_der();

    let signer_info = encode_parts(
        tag::SEQUENCE,
        &[
            &encode(tag::INTEGER, &[1]),
            &encode_parts(
                tag::SEQUENCE,
                &[cert.issuer_der(), &encode(tag::INTEGER, cert.serial())],
            ),
            &alg(oid::SM3),
            &encode(tag::context(0), &attrs_content),
            &alg(oid::SM2_WITH_SM3),
            &encode(tag::OCTET_STRING, &signature),
        ],
    );

    let mut certs: Vec<&[u8]> = vec![cert.to_der()];
    for c in chain {
        if !certs.contains(&c.to_der()) {
            certs.push(c.to_der());
        }
    }
    certs.sort_by(|a, b| der_set_order(a, b));

    let signed_data = encode_parts(
        tag::SEQUENCE,
        &[
            &encode(tag::INTEGER, &[1]),
            &encode(tag::SET, &alg(oid::SM3)),
            &encode_parts(tag::SEQUENCE, &[&oid_der(data_oid)]),
            &encode(tag::context(0), &certs.concat()),
            &encode(tag::SET, &signer_info),
        ],
    );
    Ok(encode_parts(
        tag::SEQUENCE,
        &[
            &oid_der(signed_data_oid),
            &encode(tag::context(0), &signed_data),
        ],
    ))
}

// UTCTime through 2049, GeneralizedTime from 2050 (RFC 5652 §11.3).
fn signing_time_der(t: i64) -> Result<Vec<u8>> {
    let bad = || Error::new(ErrorCode::InvalidArgument, "signing time out of range");
    let secs = u64::try_from(t).map_err(|_| bad())?;
    let d = std::time::Duration::from_secs(secs);
    let der = if t < 2_524_608_000 {
        der::asn1::UtcTime::from_unix_duration(d)
            .and_then(|u| u.to_der())
            .map_err(|_| bad())?
    } else {
        der::asn1::GeneralizedTime::from_unix_duration(d)
            .and_then(|g| g.to_der())
            .map_err(|_| bad())?
    };
    Ok(der)
}
