//! The certificate vectors of tests/vectors/x509 (made by the OpenSSL CLI, see its README):
//! every case of chains.jsonl gives its expected code, the chains that pass come back leaf to
//! root, the README lists every file, and mutations of the vectors never panic the decoder
//! or the verifier.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use govcred::ErrorCode;
use govcred::x509::{CertVerifier, Certificate, KeyPurpose};
use proptest::prelude::*;

fn x509_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/x509")
}

fn read(name: &str) -> Vec<u8> {
    let path = x509_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One line of chains.jsonl.
#[derive(serde::Deserialize, Debug)]
struct ChainCase {
    name: String,
    leaf: String,
    chain: String,
    roots: String,
    now: i64,
    usage: String,
    expected: String,
    expected_code: u32,
}

fn cases() -> Vec<ChainCase> {
    let text = String::from_utf8(read("chains.jsonl")).expect("UTF-8");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

fn decode_list(list: &str) -> govcred::Result<Vec<Certificate>> {
    list.split_whitespace()
        .map(|f| Certificate::decode(&read(f)))
        .collect()
}

fn usage(name: &str) -> KeyPurpose {
    match name {
        "sign" => KeyPurpose::Signing,
        "any" => KeyPurpose::Any,
        other => panic!("unknown usage {other}"),
    }
}

/// The whole operation a door performs: load the roots, the intermediates and the leaf,
/// then verify. The first failure is the case's result.
fn run(case: &ChainCase) -> govcred::Result<Vec<Certificate>> {
    let verifier = CertVerifier::new(decode_list(&case.roots)?)?;
    let chain = decode_list(&case.chain)?;
    let leaf = Certificate::decode(&read(&case.leaf))?;
    verifier.verify(&leaf, &chain, case.now, usage(&case.usage))
}

#[test]
fn every_chain_case_gives_its_expected_code() {
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
        let got = match run(case) {
            Ok(_) => ErrorCode::Ok,
            Err(e) => e.code(),
        };
        if got != expected {
            let detail = run(case).err().map(|e| e.to_string()).unwrap_or_default();
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
fn passing_chains_come_back_leaf_first_root_last() {
    let lengths = [
        ("ok-signer", 3),
        ("ok-signer-under-root", 2),
        ("ok-signer-4-level", 4),
        ("ok-signer-4-level-chain-reversed-with-extras", 4),
        ("ok-signer-under-root-pathlen0", 2),
        ("ok-signer-two-roots-pinned", 3),
    ];
    let cases = cases();
    for (name, len) in lengths {
        let case = cases.iter().find(|c| c.name == name).expect("case");
        let chain = run(case).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(chain.len(), len, "{name}");
        let leaf = Certificate::decode(&read(&case.leaf)).expect("leaf");
        assert_eq!(chain[0].to_der(), leaf.to_der(), "{name}: leaf first");
        let root_file = if case.roots.contains("ok-root-pathlen0.pem") {
            "ok-root-pathlen0.pem"
        } else {
            "ok-root.pem"
        };
        let root = Certificate::decode(&read(root_file)).expect("root");
        let last = chain.last().expect("root");
        assert_eq!(last.to_der(), root.to_der(), "{name}: pinned root last");
        // Each certificate is issued by the next one.
        for pair in chain.windows(2) {
            assert_eq!(pair[0].issuer(), pair[1].subject(), "{name}");
        }
    }
}

#[test]
fn pem_and_der_are_the_same_certificate_and_der_is_kept_as_received() {
    let pem = Certificate::decode(&read("ok-signer.pem")).expect("PEM");
    let der_bytes = read("ok-signer.der");
    let der = Certificate::decode(&der_bytes).expect("DER");
    assert_eq!(pem.to_der(), der.to_der());
    assert_eq!(der.to_der(), &der_bytes[..]);
    assert_eq!(
        Certificate::from_der(&der_bytes)
            .expect("from_der")
            .to_der(),
        &der_bytes[..]
    );
    let text = String::from_utf8(read("ok-signer.pem")).expect("UTF-8");
    assert_eq!(
        Certificate::from_pem(&text).expect("from_pem").to_der(),
        &der_bytes[..]
    );
}

#[test]
fn signer_fields_are_the_ones_make_sh_wrote() {
    let c = Certificate::decode(&read("ok-signer.der")).expect("decode");
    // INTEGER content as encoded: the top bit of 9A is set, so DER puts a 00 in front.
    assert_eq!(
        c.serial(),
        &[
            0x00, 0x9a, 0x8b, 0x7c, 0x6d, 0x5e, 0x4f, 0x30, 0x21, 0x12, 0x03
        ]
    );
    assert_eq!(c.not_before(), 1_577_836_800); // 2020-01-01T00:00:00Z
    assert_eq!(c.not_after(), 2_524_607_999); // 2049-12-31T23:59:59Z
    assert!(!c.is_ca());
    assert!(
        c.subject().contains("Govcred Test Signer"),
        "{}",
        c.subject()
    );
    assert!(
        c.issuer().contains("Govcred Test Intermediate CA"),
        "{}",
        c.issuer()
    );
    let inter = Certificate::decode(&read("ok-intermediate.pem")).expect("decode");
    assert!(inter.is_ca());
    assert_eq!(c.authority_key_id(), inter.subject_key_id());
    assert!(c.subject_key_id().is_some());
    // The root's validity ends in 2050: GeneralizedTime.
    let root = Certificate::decode(&read("ok-root.pem")).expect("decode");
    assert_eq!(root.not_after(), 2_524_608_000);
}

/// Every vector file is in the README, and every certificate is used by a case.
#[test]
fn readme_and_table_cover_every_file() {
    let readme = String::from_utf8(read("README.md")).expect("UTF-8");
    let mut used = BTreeSet::new();
    for case in cases() {
        assert!(
            readme.contains(&case.name),
            "README lacks case {}",
            case.name
        );
        used.insert(case.leaf.clone());
        used.extend(case.chain.split_whitespace().map(str::to_owned));
        used.extend(case.roots.split_whitespace().map(str::to_owned));
    }
    let mut files = BTreeSet::new();
    for entry in std::fs::read_dir(x509_dir()).expect("read dir") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.ends_with(".pem") || name.ends_with(".der") {
            assert!(readme.contains(&name), "README lacks {name}");
            files.insert(name);
        }
    }
    let unused: Vec<_> = files.difference(&used).collect();
    assert!(unused.is_empty(), "files no case uses: {unused:?}");
    let missing: Vec<_> = used.difference(&files).collect();
    assert!(missing.is_empty(), "cases name missing files: {missing:?}");
}

/// Codes a mutated certificate or chain may produce.
const CERT_CODES: &[ErrorCode] = &[
    ErrorCode::BadCertificate,
    ErrorCode::BadPem,
    ErrorCode::TooLarge,
    ErrorCode::UnsupportedAlgorithm,
    ErrorCode::SignatureInvalid,
    ErrorCode::UntrustedCertificate,
    ErrorCode::CertificateExpired,
    ErrorCode::CertificateNotCa,
    ErrorCode::PathTooLong,
    ErrorCode::UnknownCriticalExtension,
    ErrorCode::KeyUsageNotAllowed,
];

fn seeds() -> Vec<Vec<u8>> {
    [
        "ok-signer.der",
        "ok-intermediate.pem",
        "ok-root.pem",
        "ok-signer-sigalg-params-null.der",
    ]
    .iter()
    .map(|f| read(f))
    .collect()
}

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

    /// A mutated certificate decodes or fails with a certificate code; a mutated leaf then
    /// verifies or fails with one, never a panic.
    #[test]
    fn mutated_certificates_never_panic(
        seed in 0usize..4,
        mutations in proptest::collection::vec(mutation(), 1..4),
    ) {
        let input = apply(seeds()[seed].clone(), &mutations);
        match Certificate::decode(&input) {
            Ok(cert) => {
                let root = Certificate::decode(&read("ok-root.pem")).expect("root");
                let inter = Certificate::decode(&read("ok-intermediate.pem")).expect("inter");
                let verifier = CertVerifier::new(vec![root]).expect("verifier");
                if let Err(e) = verifier.verify(&cert, &[inter], 1_767_225_600, KeyPurpose::Signing) {
                    prop_assert!(CERT_CODES.contains(&e.code()), "verify: {:?}", e.code());
                }
                // A mutated certificate as a pinned root or an intermediate.
                if let Ok(v) = CertVerifier::new(vec![cert.clone()]) {
                    let leaf = Certificate::decode(&read("ok-signer.pem")).expect("leaf");
                    let _ = v.verify(&leaf, &[cert], 1_767_225_600, KeyPurpose::Any);
                }
            }
            Err(e) => prop_assert!(CERT_CODES.contains(&e.code()), "decode: {:?}", e.code()),
        }
    }

    /// Arbitrary bytes: an error, never a panic.
    #[test]
    fn random_bytes_never_panic(input in proptest::collection::vec(any::<u8>(), 0..600)) {
        if let Err(e) = Certificate::decode(&input) {
            prop_assert!(CERT_CODES.contains(&e.code()), "{:?}", e.code());
        }
    }
}
