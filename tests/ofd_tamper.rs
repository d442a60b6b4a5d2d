//! Tampering each protected part of a sealed OFD is caught with its own code.
//!
//! The base file is `ofdrw-converter__V4RideRight.ofd` (a v4 seal by ofdrw's published test
//! keys, see tests/vectors/ofd/README.md). Edits that only a key holder could make
//! consistently (a changed certList or validity) are made with those keys: the seal maker
//! re-signs the seal and the signer re-signs the document, so exactly one check fails.

mod ofd_common;

use govcred::ErrorCode;
use govcred::ofd::OfdVerifier;
use govcred::seal::{Leniencies, ses};
use govcred::sm2::{DEFAULT_ID, PrivateKey, SigningKey};
use govcred::sm3::sm3;
use ofd_common::{INTACT_UNTRUSTED, rezip, unzip, vector};

const BASE: &str = "ofdrw/ofdrw-converter__V4RideRight.ofd";
const SIG_XML: &str = "Doc_0/Signs/Sign_0/Signature.xml";
const SIGNED_VALUE: &str = "Doc_0/Signs/Sign_0/SignedValue.dat";
const SEAL_ESL: &str = "Doc_0/Signs/Sign_0/Seal.esl";
const CONTENT: &str = "Doc_0/Pages/Page_0/Content.xml";

fn code_of(ofd: &[u8]) -> ErrorCode {
    let v = OfdVerifier::new().verify(ofd, 1_700_000_000);
    assert_eq!(v.signatures.len(), 1, "{v:?}");
    v.signatures[0].code
}

fn offset(outer: &[u8], inner: &[u8]) -> std::ops::Range<usize> {
    let start = inner.as_ptr() as usize - outer.as_ptr() as usize;
    start..start + inner.len()
}

fn key(name: &str) -> SigningKey {
    let pem = String::from_utf8(vector(&format!("ofdrw/keys/{name}.key.pem"))).unwrap();
    SigningKey::new(PrivateKey::from_pem(&pem).unwrap(), DEFAULT_ID).unwrap()
}

// A new signature by `key` over `msg` in the same encoding and length as `old`, so that no
// enclosing DER length changes.
fn resign(key: &SigningKey, msg: &[u8], old: &[u8]) -> Vec<u8> {
    for _ in 0..200 {
        let sig = key.sign_randomized(msg).unwrap();
        let enc = if old.len() == 64 {
            sig.to_raw().to_vec()
        } else {
            sig.to_der()
        };
        if enc.len() == old.len() {
            return enc;
        }
    }
    panic!("no signature of length {}", old.len());
}

fn b64(bytes: &[u8]) -> String {
    use base64ct::{Base64, Encoding};
    Base64::encode_string(bytes)
}

/// Applies `edit` to the SES_SealInfo inside SignedValue.dat, then re-signs as the seal
/// maker and the signer would, updating Seal.esl and its CheckValue on the way.
fn reseal(edit: impl Fn(&mut [u8])) -> Vec<u8> {
    let ofd = vector(BASE);
    let files = unzip(&ofd);
    let mut sv = files[SIGNED_VALUE].clone();
    let old_esl = files[SEAL_ESL].clone();
    let (info, maker_sig, seal_raw, tbs) = {
        let mut notes = Leniencies::default();
        let s = ses::parse_signature(&sv, &mut notes).unwrap();
        (
            offset(&sv, s.seal.info_raw),
            offset(&sv, s.seal.maker_signature),
            offset(&sv, s.seal.raw),
            offset(&sv, s.tbs_raw),
        )
    };
    edit(&mut sv[info.clone()]);
    let maker = key("ofdrw-gm__SealBuilder");
    let new_maker = resign(&maker, &sv[info], &sv[maker_sig.clone()]);
    sv[maker_sig].copy_from_slice(&new_maker);
    let new_esl = sv[seal_raw].to_vec();
    let xml = String::from_utf8(files[SIG_XML].clone()).unwrap();
    let xml = xml.replace(&b64(&sm3(&old_esl)), &b64(&sm3(&new_esl)));
    let (hash, sig) = {
        let mut notes = Leniencies::default();
        let s = ses::parse_signature(&sv, &mut notes).unwrap();
        (offset(&sv, s.data_hash), offset(&sv, s.signature))
    };
    sv[hash].copy_from_slice(&sm3(xml.as_bytes()));
    let signer = key("ofdrw-gm__USER");
    let new_sig = resign(&signer, &sv[tbs], &sv[sig.clone()]);
    sv[sig].copy_from_slice(&new_sig);
    rezip(
        &ofd,
        &[
            (SIG_XML, xml.into_bytes()),
            (SIGNED_VALUE, sv),
            (SEAL_ESL, new_esl),
        ],
    )
}

// The byte range of the first occurrence of `needle`.
fn find(hay: &[u8], needle: &[u8]) -> std::ops::Range<usize> {
    let i = hay
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("needle");
    i..i + needle.len()
}

#[test]
fn the_untouched_file_is_intact() {
    assert_eq!(code_of(&vector(BASE)), INTACT_UNTRUSTED);
}

#[test]
fn resealing_without_an_edit_keeps_it_intact() {
    assert_eq!(code_of(&reseal(|_| {})), INTACT_UNTRUSTED);
}

#[test]
fn page_content() {
    let ofd = vector(BASE);
    let mut content = unzip(&ofd)[CONTENT].clone();
    content.extend_from_slice(b" ");
    let t = rezip(&ofd, &[(CONTENT, content)]);
    assert_eq!(code_of(&t), ErrorCode::DigestMismatch);
}

#[test]
fn signature_xml() {
    let ofd = vector(BASE);
    let xml = String::from_utf8(unzip(&ofd)[SIG_XML].clone()).unwrap();
    let t = rezip(
        &ofd,
        &[(SIG_XML, xml.replacen("?>", "?> ", 1).into_bytes())],
    );
    assert_eq!(code_of(&t), ErrorCode::DigestMismatch);
}

#[test]
fn signed_value_signature() {
    let ofd = vector(BASE);
    let mut sv = unzip(&ofd)[SIGNED_VALUE].clone();
    let n = sv.len();
    sv[n - 5] ^= 0x01;
    let t = rezip(&ofd, &[(SIGNED_VALUE, sv)]);
    assert_eq!(code_of(&t), ErrorCode::SignatureInvalid);
}

#[test]
fn signed_value_truncated() {
    let ofd = vector(BASE);
    let mut sv = unzip(&ofd)[SIGNED_VALUE].clone();
    sv.truncate(sv.len() - 10);
    let t = rezip(&ofd, &[(SIGNED_VALUE, sv)]);
    assert_eq!(code_of(&t), ErrorCode::BadSeal);
}

#[test]
fn seal_esl() {
    let ofd = vector(BASE);
    let mut esl = unzip(&ofd)[SEAL_ESL].clone();
    esl[100] ^= 0x01;
    let t = rezip(&ofd, &[(SEAL_ESL, esl)]);
    assert_eq!(code_of(&t), ErrorCode::SealMismatch);
}

#[test]
fn seal_maker_signature() {
    // Flip a bit of the maker's signature and carry the change everywhere a forger can
    // (Seal.esl, its CheckValue, dataHash, the signer's signature): only the maker's
    // signature is left to catch it.
    let ofd = vector(BASE);
    let files = unzip(&ofd);
    let mut sv = files[SIGNED_VALUE].clone();
    let maker_sig = {
        let mut notes = Leniencies::default();
        let s = ses::parse_signature(&sv, &mut notes).unwrap();
        offset(&sv, s.seal.maker_signature)
    };
    let i = maker_sig.end - 3;
    sv[i] ^= 0x01;
    let t = forge_consistent(&ofd, sv);
    assert_eq!(code_of(&t), ErrorCode::SealSignatureInvalid);
}

// Carries an edited SignedValue.dat through Seal.esl, its CheckValue, dataHash and the
// signer's signature (the signer's key is the forger's here).
fn forge_consistent(ofd: &[u8], mut sv: Vec<u8>) -> Vec<u8> {
    let files = unzip(ofd);
    let old_esl = files[SEAL_ESL].clone();
    let (seal_raw, tbs) = {
        let mut notes = Leniencies::default();
        let s = ses::parse_signature(&sv, &mut notes).unwrap();
        (offset(&sv, s.seal.raw), offset(&sv, s.tbs_raw))
    };
    let new_esl = sv[seal_raw].to_vec();
    let xml = String::from_utf8(files[SIG_XML].clone()).unwrap();
    let xml = xml.replace(&b64(&sm3(&old_esl)), &b64(&sm3(&new_esl)));
    let (hash, sig) = {
        let mut notes = Leniencies::default();
        let s = ses::parse_signature(&sv, &mut notes).unwrap();
        (offset(&sv, s.data_hash), offset(&sv, s.signature))
    };
    sv[hash].copy_from_slice(&sm3(xml.as_bytes()));
    let signer = key("ofdrw-gm__USER");
    let new_sig = resign(&signer, &sv[tbs], &sv[sig.clone()]);
    sv[sig].copy_from_slice(&new_sig);
    rezip(
        ofd,
        &[
            (SIG_XML, xml.into_bytes()),
            (SIGNED_VALUE, sv),
            (SEAL_ESL, new_esl),
        ],
    )
}

#[test]
fn cert_list_without_the_maker() {
    // A changed certList breaks the maker's signature.
    let ofd = vector(BASE);
    let mut sv = unzip(&ofd)[SIGNED_VALUE].clone();
    let list_cert = {
        let mut notes = Leniencies::default();
        let s = ses::parse_signature(&sv, &mut notes).unwrap();
        let ses::CertList::Certificates(list) = &s.seal.cert_list else {
            panic!("certificates")
        };
        offset(&sv, list[0])
    };
    sv[list_cert.end - 4] ^= 0x01;
    assert_eq!(
        code_of(&forge_consistent(&ofd, sv)),
        ErrorCode::SealSignatureInvalid
    );
}

#[test]
fn cert_list_re_signed_by_the_maker() {
    // The maker issues the seal to another certificate: the signer is not in it.
    let t = reseal(|info| {
        // The certificate's own signature sits at its end; any changed byte makes it a
        // different certificate.
        let sv_cert = find(
            info,
            &[
                0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x83, 0x75, 0x03,
            ],
        );
        info[sv_cert.end + 4] ^= 0x01;
    });
    assert_eq!(code_of(&t), ErrorCode::SignerNotInSeal);
}

#[test]
fn seal_validity_re_signed_by_the_maker() {
    // The maker shortens the seal's validity so that it ends before the signing time.
    let t = reseal(|info| {
        // validEnd is the third GeneralizedTime of the property; move its year back.
        let times: Vec<usize> = (0..info.len() - 2)
            .filter(|&i| info[i] == 0x18 && info[i + 1] == 0x0f)
            .collect();
        let end = times[2] + 2;
        info[end..end + 4].copy_from_slice(b"2001");
    });
    assert_eq!(code_of(&t), ErrorCode::SealNotValid);
}
