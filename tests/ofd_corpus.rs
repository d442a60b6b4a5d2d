//! Every corpus file (tests/vectors/ofd/, copied from the shared OFD corpus, see the README
//! there) gives the outcome `EXPECTED.tsv` asks of a full verifier, with the trust the
//! corpus README describes: the peer/ root pinned for peer/ files, no root for ofdrw/ files
//! (whose CA roots are not published), so an intact ofdrw/ signature is
//! `UntrustedCertificate`.

mod ofd_common;

use govcred::ErrorCode;
use govcred::ofd::{OfdVerdict, OfdVerifier};
use govcred::x509::Certificate;
use ofd_common::{pem_der, vector};

const NOW: i64 = 1_800_000_000;
const SESV4_SIGN_DOC: &str = "ofdrw/ofdrw-reader__SESV4SignDoc.ofd";

fn cert(name: &str) -> Certificate {
    Certificate::from_der(&pem_der(name)).unwrap()
}

fn verify(file: &str, roots: &[&str], certs: &[&str]) -> OfdVerdict {
    let mut v = OfdVerifier::new();
    for r in roots {
        v.add_root(cert(r)).unwrap();
    }
    for c in certs {
        v.add_signer_certificate(cert(c));
    }
    v.verify(&vector(file), NOW)
}

/// govcred's outcome for each EXPECTED.tsv row under the corpus's trust: the document code
/// and each signature's code.
fn expected(file: &str) -> (ErrorCode, Vec<ErrorCode>) {
    use ErrorCode::*;
    let intact = UntrustedCertificate;
    match file {
        "peer/base-unsigned.ofd" => (NotSigned, vec![]),
        "peer/seal-v4-tamper-content.ofd" => (DigestMismatch, vec![DigestMismatch]),
        "peer/seal-v4.ofd" => (Ok, vec![Ok]),
        "peer/sign-gbt35275.ofd" => (Ok, vec![Ok]),
        "ofdrw/ofdrw-converter__h.ofd" => (DigestMismatch, vec![DigestMismatch, intact]),
        "ofdrw/ofdrw-converter__n.ofd" => (DigestMismatch, vec![DigestMismatch]),
        "ofdrw/ofdrw-converter__zsbk.ofd" => (DigestMismatch, vec![DigestMismatch; 2]),
        "ofdrw/ofdrw-layout__keyword.ofd" | "ofdrw/ofdrw-reader__keyword.ofd" => {
            (DigestMismatch, vec![DigestMismatch; 2])
        }
        // gomain: two intact GB/T 35275 signatures each.
        "ofdrw/ofdrw-converter__testImageNotFound.ofd"
        | "ofdrw/ofdrw-converter__testImageOverridePage.ofd"
        | "ofdrw/ofdrw-converter__testPathClip.ofd" => (intact, vec![intact; 2]),
        // EXPECTED.tsv says VALID (as ofdrw, which never checks a seal's validity), but the
        // file was signed on 2026-08-04 (timeInfo 20260804020809Z, and SignatureDateTime and
        // the zip entries agree) with a seal valid 2020-04-22 – 2022-04-22: a full verifier
        // must refuse it (ofd.md: "the seal's validStart ≤ timeInfo ≤ validEnd"). See
        // `sesv4_sign_doc_postdates_its_seal_and_certificates`.
        SESV4_SIGN_DOC => (SealNotValid, vec![SealNotValid]),
        // A bare signature: no certificate in the file.
        "ofdrw/ofdrw-sign__DigitalSign.ofd" => {
            (SignerCertificateMissing, vec![SignerCertificateMissing])
        }
        _ => (intact, vec![intact]),
    }
}

#[test]
fn every_expected_tsv_row() {
    let tsv = String::from_utf8(vector("EXPECTED.tsv")).unwrap();
    let mut rows = 0;
    for line in tsv.lines().skip(1) {
        let mut cols = line.split('\t');
        let file = cols.next().unwrap();
        let want = cols.next().unwrap();
        let roots: &[&str] = if file.starts_with("peer/") {
            &["peer/certs/root.cert.pem"]
        } else {
            &[]
        };
        let v = verify(file, roots, &[]);
        let got = (
            v.code,
            v.signatures.iter().map(|s| s.code).collect::<Vec<_>>(),
        );
        assert_eq!(got, expected(file), "{file} (EXPECTED.tsv: {want}): {v:#?}");
        // The corpus's own words, where they are checkable by outcome.
        match want {
            "VALID" => assert!(
                matches!(v.code, ErrorCode::Ok | ErrorCode::UntrustedCertificate)
                    || file == SESV4_SIGN_DOC,
                "{file}"
            ),
            "NOT SIGNED" => assert_eq!(v.code, ErrorCode::NotSigned),
            w if w.starts_with("INVALID") => assert!(!v.passed(), "{file}"),
            _ => {}
        }
        rows += 1;
    }
    assert_eq!(rows, 23);
}

#[test]
fn the_peer_files_are_untrusted_without_their_root() {
    let v = verify("peer/seal-v4.ofd", &[], &[]);
    assert_eq!(v.code, ErrorCode::UntrustedCertificate);
    // A root that issued neither certificate.
    let v = verify(
        "peer/seal-v4.ofd",
        &["ofdrw/keys/ofdrw-gm__ROOT.cert.pem"],
        &[],
    );
    assert_eq!(v.code, ErrorCode::UntrustedCertificate);
}

#[test]
fn the_peer_seal_reports_its_parts() {
    let v = verify("peer/seal-v4.ofd", &["peer/certs/root.cert.pem"], &[]);
    assert!(v.passed(), "{v:?}");
    let s = &v.signatures[0];
    assert_eq!(s.id, "s001");
    assert_eq!(s.format.unwrap().as_str(), "ses-v4");
    assert_eq!(s.seal_name.as_deref(), Some("govcred 测试专用章 v4"));
    assert!(s.signer.as_deref().unwrap().contains("govcred Test Signer"));
    assert!(s.signed_at.is_some());
    assert!(s.leniencies.is_empty());
}

#[test]
fn digital_sign_is_valid_only_with_its_certificate() {
    let file = "ofdrw/ofdrw-sign__DigitalSign.ofd";
    let v = verify(file, &[], &["ofdrw/keys/ofdrw-sign__USER.cert.pem"]);
    assert!(v.passed(), "{v:?}");
    assert_eq!(v.signatures[0].format.unwrap().as_str(), "sm2");
    // Another certificate does not make it verify.
    let v = verify(file, &[], &["peer/certs/signer.cert.pem"]);
    assert_eq!(v.code, ErrorCode::SignatureInvalid);
}

#[test]
fn ofdrw_test_seals_with_the_ofdrw_root_fail_on_its_key_usage() {
    // ofdrw publishes the root of its own "OFD R&W" test PKI (ofdrw-gm__main__ROOT.p12), but
    // that root's keyUsage is digitalSignature + nonRepudiation without keyCertSign: a
    // chain through it is refused even though the seals are intact.
    let root = ["ofdrw/keys/ofdrw-gm__ROOT.cert.pem"];
    for file in [
        "ofdrw/ofdrw-converter__V4RideRight.ofd",
        "ofdrw/ofdrw-sign__allprotected.ofd",
    ] {
        let v = verify(file, &root, &[]);
        assert_eq!(v.code, ErrorCode::KeyUsageNotAllowed, "{file}: {v:#?}");
        assert!(v.message.contains("keyCertSign"), "{}", v.message);
    }
    let v = verify("ofdrw/ofdrw-converter__h.ofd", &root, &[]);
    let codes: Vec<_> = v.signatures.iter().map(|s| s.code).collect();
    assert_eq!(
        codes,
        [ErrorCode::DigestMismatch, ErrorCode::KeyUsageNotAllowed]
    );
}

#[test]
fn sesv4_sign_doc_postdates_its_seal_and_certificates() {
    // No reading of the file makes it valid: it carries no timestamp token, so timeInfo is
    // the only signing time; the seal's validity, the signer's certificate and the seal
    // maker's certificate all ended in April 2022, years before it.
    let v = verify(SESV4_SIGN_DOC, &[], &[]);
    let s = &v.signatures[0];
    assert_eq!(s.signed_at, Some(1_785_809_289)); // 2026-08-04T02:08:09Z
    assert_eq!(s.time_source.as_str(), "asserted");
    assert!(s.message.contains("20220422020900Z"), "{}", s.message);
    for c in ["ofdrw-sign__USER", "ofdrw-gm__SealBuilder"] {
        let cert = cert(&format!("ofdrw/keys/{c}.cert.pem"));
        assert!(cert.not_after() < 1_650_585_600, "{c}"); // before 2022-04-22
    }
    // The signer certificate in the file is the published USER certificate.
    assert!(s.signer.as_deref().unwrap().contains("Test Certificate"));
    // Trusting ofdrw's published root does not change the outcome.
    let v = verify(SESV4_SIGN_DOC, &["ofdrw/keys/ofdrw-gm__ROOT.cert.pem"], &[]);
    assert_eq!(v.code, ErrorCode::SealNotValid);
}

#[test]
fn corpus_signatures_report_their_forms() {
    let v = verify("peer/sign-gbt35275.ofd", &["peer/certs/root.cert.pem"], &[]);
    let s = &v.signatures[0];
    assert_eq!(s.format.unwrap().as_str(), "gbt35275");
    assert!(s.signer.as_deref().unwrap().contains("govcred Test Signer"));
    for file in [
        "ofdrw/ofdrw-converter__testImageNotFound.ofd",
        "ofdrw/ofdrw-converter__testImageOverridePage.ofd",
        "ofdrw/ofdrw-converter__testPathClip.ofd",
    ] {
        let v = verify(file, &[], &[]);
        for s in &v.signatures {
            assert_eq!(s.format.unwrap().as_str(), "gbt35275", "{file}");
            assert!(s.signer.is_some(), "{file}");
        }
    }
}

#[test]
fn outcomes_tsv_is_this_table() {
    // outcomes.tsv holds `expected` for the other doors' tests (C), which read it beside
    // EXPECTED.tsv: it must say what this test says, row for row.
    let tsv = String::from_utf8(vector("outcomes.tsv")).unwrap();
    let corpus = String::from_utf8(vector("EXPECTED.tsv")).unwrap();
    let files: Vec<&str> = corpus
        .lines()
        .skip(1)
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    let by_name = |name: &str| {
        *ErrorCode::ALL
            .iter()
            .find(|c| c.name() == name)
            .unwrap_or_else(|| panic!("unknown code {name}"))
    };
    let mut rows = Vec::new();
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 3, "{line}");
        let sigs: Vec<ErrorCode> = cols[2]
            .split(',')
            .filter(|s| !s.is_empty())
            .map(by_name)
            .collect();
        assert_eq!((by_name(cols[1]), sigs), expected(cols[0]), "{line}");
        rows.push(cols[0]);
    }
    assert_eq!(rows, files);
}
