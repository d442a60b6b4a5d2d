//! The two facts a seal check needs from a certificate before its chain is judged: the
//! subject public key (to check a signature) and the subject's common name (to name the
//! signer in the verdict). Chains, validity and usage are judged by `crate::x509`.

use super::der::{self, Reader, tag};
use crate::error::CryptoError;
use crate::sm2::PublicKey;

const BAD: CryptoError = CryptoError::BadDer("malformed certificate");

struct Tbs<'a> {
    subject: &'a [u8],
    spki: &'a [u8],
}

fn tbs(cert: &[u8]) -> Result<Tbs<'_>, CryptoError> {
    let outer = der::single(cert, tag::SEQUENCE, "certificate").map_err(|_| BAD)?;
    let mut c = outer.reader();
    let tbs = c.expect(tag::SEQUENCE, "tbsCertificate").map_err(|_| BAD)?;
    let mut t: Reader<'_> = tbs.reader();
    t.optional(0xa0).map_err(|_| BAD)?;
    t.expect(tag::INTEGER, "serial").map_err(|_| BAD)?;
    t.expect(tag::SEQUENCE, "signature").map_err(|_| BAD)?;
    t.expect(tag::SEQUENCE, "issuer").map_err(|_| BAD)?;
    t.expect(tag::SEQUENCE, "validity").map_err(|_| BAD)?;
    let subject = t.expect(tag::SEQUENCE, "subject").map_err(|_| BAD)?;
    let spki = t
        .expect(tag::SEQUENCE, "subjectPublicKeyInfo")
        .map_err(|_| BAD)?;
    Ok(Tbs {
        subject: subject.value,
        spki: spki.raw,
    })
}

/// The SM2 public key of a DER certificate.
pub fn public_key(cert: &[u8]) -> Result<PublicKey, CryptoError> {
    PublicKey::from_spki_der(tbs(cert)?.spki)
}

/// The subject's common name (2.5.4.3), when there is one.
pub fn subject_common_name(cert: &[u8]) -> Option<String> {
    let subject = tbs(cert).ok()?.subject;
    let mut rdns = Reader::new(subject);
    let mut found = None;
    while !rdns.is_empty() {
        let set = rdns.expect(tag::SET, "rdn").ok()?;
        let mut r = set.reader();
        while !r.is_empty() {
            let atv = r.expect(tag::SEQUENCE, "atv").ok()?;
            let mut a = atv.reader();
            let oid = a.expect(tag::OID, "type").ok()?;
            let value = a.any().ok()?;
            if oid.value == [0x55, 0x04, 0x03] {
                found = der::string(&value).ok().map(str::to_owned);
            }
        }
    }
    found
}
