//! The GB/T 35275 vectors of tests/vectors/cms (made by BouncyCastle 1.87, see its README):
//! every case of cases.jsonl gives its expected code, verdicts say which time the chain was
//! checked at, the README lists every file, and mutations of the vectors never panic the CMS
//! decoder or verifier.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use govcred::ErrorCode;
use govcred::cms::{CmsVerdict, TimeSource};
use govcred::x509::{CertVerifier, Certificate};
use proptest::prelude::*;

fn cms_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/cms")
}

fn x509_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/x509")
}

fn read(dir: &Path, name: &str) -> Vec<u8> {
    let path = dir.join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One line of cases.jsonl.
#[derive(serde::Deserialize, Debug)]
struct CmsCase {
    name: String,
    sig: String,
    content: String,
    certs: String,
    roots: String,
    now: i64,
    expected: String,
    expected_code: u32,
}

fn cases() -> Vec<CmsCase> {
    let text = String::from_utf8(read(&cms_dir(), "cases.jsonl")).expect("UTF-8");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

fn case(name: &str) -> CmsCase {
    cases()
        .into_iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no case {name}"))
}

fn certs(list: &str) -> govcred::Result<Vec<Certificate>> {
    list.split_whitespace()
        .map(|f| Certificate::decode(&read(&x509_dir(), f)))
        .collect()
}

fn verifier() -> CertVerifier {
    CertVerifier::new(certs("ok-root.pem").expect("root")).expect("verifier")
}

/// What a door does with a case: load the roots and extra certificates, then verify.
fn run(case: &CmsCase, sig: &[u8]) -> govcred::Result<CmsVerdict> {
    let verifier = CertVerifier::new(certs(&case.roots)?)?;
    let extra = certs(&case.certs)?;
    let content = (!case.content.is_empty()).then(|| read(&cms_dir(), &case.content));
    govcred::cms::verify(sig, content.as_deref(), &extra, &verifier, case.now)
}

fn run_case(name: &str) -> govcred::Result<CmsVerdict> {
    let case = case(name);
    run(&case, &read(&cms_dir(), &case.sig))
}

#[test]
fn every_cms_case_gives_its_expected_code() {
    let cases = cases();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let expected = ErrorCode::from_u32(case.expected_code)
            .unwrap_or_else(|| panic!("{}: no code {}", case.name, case.expected_code));
        assert_eq!(
            expected.name(),
            case.expected,
            "{}: name and number",
            case.name
        );
        let sig = read(&cms_dir(), &case.sig);
        let result = run(case, &sig);
        let got = result.as_ref().map_or_else(|e| e.code(), |_| ErrorCode::Ok);
        if got != expected {
            let detail = result.err().map(|e| e.to_string()).unwrap_or_default();
            failures.push(format!(
                "{}: expected {expected:?}, got {got:?} {detail}",
                case.name
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn the_chain_is_checked_at_the_signing_time_when_there_is_one() {
    // signingTime 2020-06-01, inside the expired certificate's validity.
    let v = run_case("ok-expired-signer-signing-time-in-validity").expect("verifies");
    assert_eq!(v.time_source, TimeSource::SigningTime);
    assert_eq!(v.signing_time, Some(1_590_969_600));
    assert_eq!(v.time_used, 1_590_969_600);
    // BouncyCastle's default signingTime of every vector: 2025-06-01.
    let v = run_case("ok-detached-gbt-attrs-isn").expect("verifies");
    assert_eq!(v.time_source, TimeSource::SigningTime);
    assert_eq!(v.time_used, 1_748_736_000);
    // No signed attributes: `now`.
    let v = run_case("ok-attached-pkcs7-noattrs-isn").expect("verifies");
    assert_eq!(v.time_source, TimeSource::Now);
    assert_eq!(v.signing_time, None);
    assert_eq!(v.time_used, 1_767_225_600);
}

#[test]
fn verdicts_name_the_signer_chain_and_attached_content() {
    let content = read(&cms_dir(), "content.txt");
    let signer = Certificate::decode(&read(&x509_dir(), "ok-signer.pem")).expect("signer");
    let root = Certificate::decode(&read(&x509_dir(), "ok-root.pem")).expect("root");
    for name in [
        "ok-attached-gbt-attrs-isn",
        "ok-attached-gbt-attrs-isn-gbt-outer",
        "ok-attached-pkcs7-attrs-ski",
        "ok-attached-gbt-noattrs-isn",
    ] {
        let v = run_case(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(v.content.as_deref(), Some(content.as_slice()), "{name}");
        assert_eq!(v.signer.to_der(), signer.to_der(), "{name}");
        assert_eq!(v.chain.len(), 3, "{name}");
        assert_eq!(v.chain[0].to_der(), signer.to_der(), "{name}");
        assert_eq!(v.chain[2].to_der(), root.to_der(), "{name}");
    }
    for name in [
        "ok-detached-gbt-attrs-isn",
        "ok-detached-gbt-attrs-isn-no-certs",
        "ok-detached-gbt-attrs-unsorted",
    ] {
        let v = run_case(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(v.content, None, "{name}: detached");
        assert_eq!(v.signer.to_der(), signer.to_der(), "{name}");
    }
}

#[test]
fn detached_signatures_need_their_content() {
    let sig = read(&cms_dir(), "ok-detached-gbt-attrs-isn.p7s");
    let result = govcred::cms::verify(&sig, None, &[], &verifier(), 1_767_225_600);
    assert!(
        result.is_err(),
        "a detached signature verified without content"
    );
}

/// Every vector file is in the README and used by a case.
#[test]
fn readme_and_table_cover_every_file() {
    let readme = String::from_utf8(read(&cms_dir(), "README.md")).expect("UTF-8");
    let mut used = BTreeSet::new();
    for case in cases() {
        assert!(
            readme.contains(&case.name),
            "README lacks case {}",
            case.name
        );
        used.insert(case.sig.clone());
        if !case.content.is_empty() {
            used.insert(case.content.clone());
        }
        for cert in case
            .certs
            .split_whitespace()
            .chain(case.roots.split_whitespace())
        {
            assert!(x509_dir().join(cert).is_file(), "{}: no {cert}", case.name);
        }
    }
    let mut files = BTreeSet::new();
    for entry in std::fs::read_dir(cms_dir()).expect("read dir") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.ends_with(".p7s") || name.ends_with(".txt") {
            assert!(readme.contains(&name), "README lacks {name}");
            files.insert(name);
        }
    }
    assert_eq!(files, used, "files and cases differ");
}

/// Codes a mutated signature may produce.
const CMS_CODES: &[ErrorCode] = &[
    ErrorCode::BadCms,
    ErrorCode::BadPem,
    ErrorCode::TooLarge,
    ErrorCode::InvalidArgument,
    ErrorCode::CmsSignerNotFound,
    ErrorCode::ContentDigestMismatch,
    ErrorCode::UnsupportedAlgorithm,
    ErrorCode::SignatureInvalid,
    ErrorCode::BadCertificate,
    ErrorCode::UntrustedCertificate,
    ErrorCode::CertificateExpired,
    ErrorCode::CertificateNotCa,
    ErrorCode::PathTooLong,
    ErrorCode::UnknownCriticalExtension,
    ErrorCode::KeyUsageNotAllowed,
];

/// Seeds: BER as BouncyCastle emits it, DER, attached, detached, GB/T outer OID, unsorted,
/// raw r||s, no signed attributes, SKI.
const SEEDS: &[(&str, bool)] = &[
    ("ok-attached-gbt-attrs-isn.p7s", false),
    ("ok-detached-gbt-attrs-isn.p7s", true),
    ("ok-detached-gbt-attrs-isn-der.p7s", true),
    ("ok-attached-gbt-attrs-isn-gbt-outer.p7s", false),
    ("ok-detached-gbt-attrs-unsorted.p7s", true),
    ("ok-detached-gbt-attrs-raw-rs-signature.p7s", true),
    ("ok-attached-gbt-noattrs-isn.p7s", false),
    ("ok-detached-gbt-attrs-ski.p7s", true),
];

#[derive(Debug, Clone)]
enum Mutation {
    Flip { at: usize, mask: u8 },
    Truncate { at: usize },
    Insert { at: usize, byte: u8 },
    Remove { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1u8..).prop_map(|(at, mask)| Mutation::Flip { at, mask }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Insert { at, byte }),
        any::<usize>().prop_map(|at| Mutation::Remove { at }),
    ]
}

fn apply(mut data: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        if data.is_empty() {
            break;
        }
        match *m {
            Mutation::Flip { at, mask } => {
                let i = at % data.len();
                data[i] ^= mask;
            }
            Mutation::Truncate { at } => data.truncate(at % data.len()),
            Mutation::Insert { at, byte } => data.insert(at % (data.len() + 1), byte),
            Mutation::Remove { at } => {
                data.remove(at % data.len());
            }
        }
    }
    data
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A mutated signature verifies (a mutation in unsigned bytes) or fails with a CMS or
    /// certificate code, never a panic; with and without the detached content.
    #[test]
    fn mutated_signatures_never_panic(
        seed in 0usize..SEEDS.len(),
        mutations in proptest::collection::vec(mutation(), 1..4),
        give_content in any::<bool>(),
    ) {
        let (file, detached) = SEEDS[seed];
        let sig = apply(read(&cms_dir(), file), &mutations);
        let content = read(&cms_dir(), "content.txt");
        let content = (detached || give_content).then_some(content.as_slice());
        let extra = certs("ok-signer.pem ok-intermediate.pem").expect("certs");
        if let Err(e) = govcred::cms::verify(&sig, content, &extra, &verifier(), 1_767_225_600) {
            prop_assert!(CMS_CODES.contains(&e.code()), "{:?}: {}", e.code(), e);
        }
    }

    /// Arbitrary bytes: an error, never a panic.
    #[test]
    fn random_bytes_never_panic(input in proptest::collection::vec(any::<u8>(), 0..800)) {
        if let Err(e) = govcred::cms::verify(&input, None, &[], &verifier(), 1_767_225_600) {
            prop_assert!(CMS_CODES.contains(&e.code()), "{:?}", e.code());
        }
    }
}
