//! Interoperability of the SM2 certificate vectors (tests/vectors/x509) with OpenSSL 3:
//! the generator reproduces the committed files, libcrypto's own chain verdicts agree with
//! the table (where they differ, the difference is the documented one), and the OpenSSL
//! command-line facts the vectors' README states still hold.
//!
//! Peers: `openssl` (OpenSSL 3), `python3` (the generator's byte edits), `cc` with the
//! libcrypto headers. Under CI a missing peer fails the test; elsewhere the test is skipped
//! with a note.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{TempDir, in_ci};

fn x509_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/x509")
}

/// `tool` if `tool --version` (or `args`) runs; a failure under CI, a note elsewhere.
fn peer(tool: &str, args: &[&str]) -> Option<PathBuf> {
    let ok = Command::new(tool)
        .args(args)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if ok {
        return Some(PathBuf::from(tool));
    }
    assert!(
        !in_ci(),
        "`{tool}` is required for the X.509 interop tests under CI"
    );
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "note: `{tool}` not found; skipping an X.509 interop test"
    );
    None
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

fn chain_cases() -> Vec<ChainCase> {
    let text = std::fs::read_to_string(x509_dir().join("chains.jsonl")).expect("chains.jsonl");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

fn files(list: &str) -> Vec<&str> {
    list.split_whitespace().collect()
}

#[test]
fn generator_reproduces_the_committed_vectors() {
    let (Some(_), Some(_)) = (common::openssl(), peer("python3", &["--version"])) else {
        return;
    };
    let out = Command::new("bash")
        .arg(x509_dir().join("make.sh"))
        .arg("--check")
        .output()
        .expect("run make.sh");
    assert!(
        out.status.success(),
        "make.sh --check: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Builds tests/peers/openssl/chain_verdict.c against libcrypto.
fn chain_verdict_tool(dir: &TempDir) -> Option<PathBuf> {
    peer("cc", &["--version"])?;
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peers/openssl/chain_verdict.c");
    let exe = dir.file("chain_verdict");
    let out = Command::new("cc")
        .arg("-Wall")
        .arg("-o")
        .arg(&exe)
        .arg(&src)
        .arg("-lcrypto")
        .output()
        .expect("spawn cc");
    if !out.status.success() {
        // No libcrypto headers (libssl-dev): a missing peer like any other.
        assert!(
            !in_ci(),
            "cannot build chain_verdict.c against libcrypto: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        eprintln!("note: libcrypto headers missing; skipping the libcrypto chain verdicts");
        return None;
    }
    Some(exe)
}

/// libcrypto's verdict for a case: "ok", or "error CODE DEPTH".
fn openssl_verdict(tool: &Path, case: &ChainCase) -> String {
    let out = Command::new(tool)
        .current_dir(x509_dir())
        .arg(case.now.to_string())
        .arg(&case.usage)
        .arg(files(&case.roots).join(","))
        .arg(files(&case.chain).join(","))
        .arg(&case.leaf)
        .output()
        .expect("run chain_verdict");
    assert!(
        out.status.success(),
        "chain_verdict failed on {}",
        case.name
    );
    let line = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    line.split(' ').take(3).collect::<Vec<_>>().join(" ")
}

/// The govcred codes an OpenSSL X509_V_ERR_* verdict corresponds to.
fn codes_for_openssl(verdict: &str) -> &'static [&'static str] {
    let code = verdict.split(' ').nth(1).unwrap_or("");
    match (verdict, code) {
        ("ok", _) => &["Ok"],
        (_, "load") => &["BadCertificate"],
        // X509_V_ERR_CERT_NOT_YET_VALID, X509_V_ERR_CERT_HAS_EXPIRED
        (_, "9" | "10") => &["CertificateExpired"],
        // unable to get issuer (locally), self-signed in chain / at depth 0
        (_, "2" | "18" | "19" | "20") => &["UntrustedCertificate"],
        // X509_V_ERR_INVALID_CA (24, and 79 in 3.0): CA:FALSE or no keyCertSign alike
        (_, "24" | "79") => &["CertificateNotCa", "KeyUsageNotAllowed"],
        (_, "25") => &["PathTooLong"],
        // X509_V_ERR_INVALID_PURPOSE, X509_V_ERR_KEYUSAGE_NO_CERTSIGN
        (_, "26" | "32") => &["KeyUsageNotAllowed"],
        (_, "34") => &["UnknownCriticalExtension"],
        // X509_V_ERR_CERT_SIGNATURE_FAILURE
        (_, "7") => &["SignatureInvalid"],
        _ => &[],
    }
}

/// Cases where OpenSSL's verdict differs from the table on purpose, with OpenSSL's verdict
/// (README "OpenSSL facts", item 4).
const OPENSSL_DIFFERS: &[(&str, &str)] = &[
    // notAfter is inclusive in RFC 5280; OpenSSL treats it as exclusive.
    ("ok-signer-last-second-of-validity", "error 10 1"),
    // d2i_X509 ignores trailing bytes.
    ("bad-der-trailing-byte", "ok"),
    // OpenSSL verifies ECDSA and RSA; it refuses these as signers by their keyUsage only.
    ("unsupported-ecdsa-p256", "error 26 0"),
    ("unsupported-rsa-2048", "error 26 0"),
];

#[test]
fn libcrypto_with_the_id_on_every_certificate_agrees_with_the_table() {
    if common::openssl().is_none() {
        return;
    }
    let dir = TempDir::new("chain-verdict");
    let Some(tool) = chain_verdict_tool(&dir) else {
        return;
    };
    let cases = chain_cases();
    assert!(cases.len() >= 30, "chains.jsonl has {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let verdict = openssl_verdict(&tool, case);
        if let Some((_, documented)) = OPENSSL_DIFFERS.iter().find(|(n, _)| *n == case.name) {
            if verdict != *documented {
                failures.push(format!(
                    "{}: OpenSSL now says {verdict:?}, the README documents {documented:?}",
                    case.name
                ));
            }
            continue;
        }
        if !codes_for_openssl(&verdict).contains(&case.expected.as_str()) {
            failures.push(format!(
                "{}: OpenSSL says {verdict:?}, the table expects {} ({})",
                case.name, case.expected, case.expected_code
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn openssl_in_vectors(openssl: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(openssl)
        .current_dir(x509_dir())
        .args(args)
        .output()
        .expect("spawn openssl");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// README fact 1: `-vfyopt distid:` reaches the target certificate only.
#[test]
fn openssl_cli_sets_the_id_on_the_target_only() {
    let Some(openssl) = common::openssl() else {
        return;
    };
    let id = "distid:1234567812345678";
    let (ok, text) = openssl_in_vectors(
        &openssl,
        &[
            "verify",
            "-vfyopt",
            id,
            "-CAfile",
            "ok-root.pem",
            "-untrusted",
            "ok-intermediate.pem",
            "ok-signer.pem",
        ],
    );
    assert!(!ok, "three levels unexpectedly verify on the CLI: {text}");
    assert!(
        text.contains("error 7 at 1 depth lookup"),
        "not the depth-1 signature failure: {text}"
    );
    let (ok, text) = openssl_in_vectors(
        &openssl,
        &[
            "verify",
            "-vfyopt",
            id,
            "-CAfile",
            "ok-root.pem",
            "ok-signer-under-root.pem",
        ],
    );
    assert!(ok, "two levels should verify on the CLI: {text}");
    // README fact 2: without -vfyopt the empty ID is used and the default-ID signature fails.
    let (ok, text) = openssl_in_vectors(
        &openssl,
        &[
            "verify",
            "-CAfile",
            "ok-root.pem",
            "ok-signer-under-root.pem",
        ],
    );
    assert!(!ok && text.contains("error 7 at 0 depth lookup"), "{text}");
}

/// README fact 3: OpenSSL 3.0 cannot make SM2 CMS.
#[test]
fn openssl_cannot_make_sm2_cms() {
    let Some(openssl) = common::openssl() else {
        return;
    };
    let dir = TempDir::new("openssl-cms");
    let content = dir.write("content.txt", b"hello\n");
    let sig = dir.file("content.p7s");
    let out = Command::new(&openssl)
        .current_dir(x509_dir())
        .args(["cms", "-sign", "-binary", "-md", "sm3"])
        .args(["-signer", "ok-signer.pem", "-inkey", "keys/signer.key.pem"])
        .arg("-in")
        .arg(&content)
        .args(["-outform", "DER", "-out"])
        .arg(&sig)
        .output()
        .expect("spawn openssl");
    let made = std::fs::metadata(&sig).map(|m| m.len()).unwrap_or(0);
    if !openssl_version(&openssl).starts_with("OpenSSL 3.0.") {
        // Later OpenSSL releases may gain SM2 CMS; the fact is about 3.0.
        return;
    }
    assert!(
        !out.status.success() && made == 0,
        "OpenSSL 3.0 made an SM2 CMS signature ({made} bytes): the README's fact is stale"
    );
}

fn openssl_version(openssl: &Path) -> String {
    let out = Command::new(openssl)
        .arg("version")
        .output()
        .expect("openssl version");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

// ---------------------------------------------------------------- BouncyCastle (CMS)

fn cms_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/cms")
}

/// tests/peers/bc/bc.sh, built once (the first build fetches BouncyCastle unless ~/.m2 has
/// it). `None` when java or mvn is missing outside CI.
fn bc_peer() -> Option<PathBuf> {
    static READY: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    READY
        .get_or_init(|| {
            peer("java", &["-version"])?;
            peer("mvn", &["-v"])?;
            let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peers/bc/bc.sh");
            let (ok, text) = run_bc(&script, &["facts", "ok-attached-gbt-attrs-isn.p7s"]);
            assert!(ok, "building the BouncyCastle peer failed: {text}");
            Some(script)
        })
        .clone()
}

fn run_bc(script: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new("bash")
        .arg(script)
        .args(args)
        .current_dir(cms_dir())
        .output()
        .expect("run bc.sh");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// One line of tests/vectors/cms/cases.jsonl.
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

fn cms_cases() -> Vec<CmsCase> {
    let text = std::fs::read_to_string(cms_dir().join("cases.jsonl")).expect("cases.jsonl");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

#[test]
fn bc_generator_reproduces_the_committed_cms_vectors() {
    let Some(bc) = bc_peer() else {
        return;
    };
    let dir = TempDir::new("bc-make");
    let x509 = x509_dir();
    let (ok, text) = run_bc(
        &bc,
        &[
            "make",
            dir.path().to_str().expect("utf-8 temp path"),
            x509.to_str().expect("utf-8 path"),
        ],
    );
    assert!(ok, "bc.sh make: {text}");
    let names = |d: &Path| {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .expect("read dir")
            .map(|e| {
                e.expect("dir entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|n| n != "README.md")
            .collect();
        v.sort();
        v
    };
    let (committed, made) = (names(&cms_dir()), names(dir.path()));
    assert_eq!(committed, made, "file sets differ");
    assert!(committed.len() >= 30, "{} files", committed.len());
    for name in &committed {
        let a = std::fs::read(cms_dir().join(name)).expect("read committed");
        let b = std::fs::read(dir.file(name)).expect("read regenerated");
        assert!(
            a == b,
            "{name}: regenerated bytes differ from the committed file"
        );
    }
}

/// README "BouncyCastle 1.87 facts": outer OID, BER, cmsAlgorithmProtection.
#[test]
fn bc_writes_pkcs7_outer_oid_ber_and_cms_algorithm_protection() {
    let Some(bc) = bc_peer() else {
        return;
    };
    let (ok, text) = run_bc(&bc, &["facts", "ok-attached-gbt-attrs-isn.p7s"]);
    assert!(ok, "{text}");
    let facts: serde_json::Value = serde_json::from_str(text.trim()).expect("facts JSON");
    assert_eq!(facts["outer_content_type"], "1.2.840.113549.1.7.2");
    assert_eq!(
        facts["encapsulated_content_type"],
        "1.2.156.10197.6.1.4.2.1"
    );
    assert_eq!(facts["outer_length"], "indefinite");
    assert_eq!(facts["signature_algorithm"], "1.2.156.10197.1.501");
    let attrs = facts["signed_attributes"].as_str().expect("attributes");
    assert!(
        attrs.split(' ').any(|a| a == "1.2.840.113549.1.9.52"),
        "{attrs}"
    );
    // The committed file starts with indefinite lengths: 30 80 06 09 <1.2.840.113549.1.7.2> a0 80.
    let bytes = std::fs::read(cms_dir().join("ok-attached-gbt-attrs-isn.p7s")).expect("read");
    assert!(bytes.starts_with(&[
        0x30, 0x80, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02, 0xa0, 0x80
    ]));
}

/// What BouncyCastle's own verifier says about each case: it checks signatures, not chains,
/// and it refuses three encodings govcred accepts (README "BouncyCastle 1.87 facts").
fn bc_expected_ok(case: &CmsCase) -> bool {
    const BC_REFUSES: &[&str] = &[
        "ok-detached-gbt-attrs-isn-sigalg-sm2-1",
        "ok-detached-gbt-attrs-unsorted",
        "ok-detached-gbt-attrs-raw-rs-signature",
    ];
    match case.expected.as_str() {
        "Ok" => !BC_REFUSES.contains(&case.name.as_str()),
        "UntrustedCertificate" | "CertificateExpired" | "UnsupportedAlgorithm" => true,
        _ => false,
    }
}

/// BouncyCastle's verdict on every case, in one JVM run: name -> (ok, message).
fn bc_verify_all(bc: &Path) -> std::collections::BTreeMap<String, (bool, String)> {
    let cases = cms_dir().join("cases.jsonl");
    let (ok, text) = run_bc(
        bc,
        &[
            "verify-cases",
            cases.to_str().expect("utf-8 path"),
            x509_dir().to_str().expect("utf-8 path"),
        ],
    );
    assert!(ok, "bc.sh verify-cases: {text}");
    text.lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| {
            let v: serde_json::Value =
                serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}"));
            let name = v["name"].as_str().expect("name").to_owned();
            let message = v["message"].as_str().unwrap_or("").to_owned();
            (name, (v["ok"] == true, message))
        })
        .collect()
}

#[test]
fn bc_verifier_verdicts_on_the_cms_table() {
    let Some(bc) = bc_peer() else {
        return;
    };
    let cases = cms_cases();
    assert!(cases.len() >= 30);
    let verdicts = bc_verify_all(&bc);
    assert_eq!(verdicts.len(), cases.len(), "one verdict per case");
    let mut failures = Vec::new();
    for case in &cases {
        // The table names files that exist, and one fixed time.
        assert_eq!(case.roots, "ok-root.pem");
        assert_eq!(case.now, 1_767_225_600, "{}", case.name);
        assert!(
            cms_dir().join(&case.sig).is_file(),
            "{}: no {}",
            case.name,
            case.sig
        );
        if !case.content.is_empty() {
            assert!(cms_dir().join(&case.content).is_file(), "{}", case.name);
        }
        for cert in files(&case.certs) {
            assert!(x509_dir().join(cert).is_file(), "{}: no {cert}", case.name);
        }
        let (ok, message) = verdicts
            .get(&case.name)
            .cloned()
            .unwrap_or_else(|| panic!("no BouncyCastle verdict for {}", case.name));
        if ok != bc_expected_ok(case) {
            failures.push(format!(
                "{}: BouncyCastle says ok={ok} ({message}); expected ok={} for {} {}",
                case.name,
                bc_expected_ok(case),
                case.expected,
                case.expected_code
            ));
        }
        if case.name == "ok-detached-gbt-attrs-isn-sigalg-sm2-1" {
            assert!(
                message.contains("SM3with1.2.156.10197.1.301.1"),
                "BouncyCastle's refusal of sm2-1 changed: {message}"
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------- govcred against the peers

use govcred::ErrorCode;
use govcred::x509::{CertVerifier, Certificate, KeyPurpose};

fn decode_in(dir: &Path, list: &str) -> govcred::Result<Vec<Certificate>> {
    list.split_whitespace()
        .map(|f| {
            let bytes = std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
            Certificate::decode(&bytes)
        })
        .collect()
}

/// govcred's code for a chain case whose files are in `dir`.
fn govcred_chain_code(dir: &Path, case: &ChainCase) -> ErrorCode {
    let usage = match case.usage.as_str() {
        "sign" => KeyPurpose::Signing,
        _ => KeyPurpose::Any,
    };
    let result = (|| {
        let verifier = CertVerifier::new(decode_in(dir, &case.roots)?)?;
        let chain = decode_in(dir, &case.chain)?;
        let leaf = decode_in(dir, &case.leaf)?.remove(0);
        verifier.verify(&leaf, &chain, case.now, usage)
    })();
    result.map_or_else(|e| e.code(), |_| ErrorCode::Ok)
}

/// A fresh set from the OpenSSL CLI (new signatures every run, same keys and TBS) verifies in
/// govcred with the table's codes.
#[test]
fn fresh_openssl_made_chains_verify_in_govcred() {
    let (Some(_), Some(_)) = (common::openssl(), peer("python3", &["--version"])) else {
        return;
    };
    let dir = TempDir::new("x509-fresh");
    let out = Command::new("bash")
        .arg(x509_dir().join("make.sh"))
        .arg("--out")
        .arg(dir.path())
        .output()
        .expect("run make.sh");
    assert!(
        out.status.success(),
        "make.sh --out: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut failures = Vec::new();
    for case in chain_cases() {
        let got = govcred_chain_code(dir.path(), &case);
        if got.as_u32() != case.expected_code {
            failures.push(format!(
                "{}: {got:?}, expected {}",
                case.name, case.expected
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Case by case, govcred's verdict is libcrypto's (ID on every certificate), or the
/// documented difference.
#[test]
fn govcred_agrees_with_libcrypto_case_by_case() {
    if common::openssl().is_none() {
        return;
    }
    let dir = TempDir::new("chain-verdict-govcred");
    let Some(tool) = chain_verdict_tool(&dir) else {
        return;
    };
    let mut failures = Vec::new();
    let mut agreed = 0;
    for case in chain_cases() {
        let ours = govcred_chain_code(&x509_dir(), &case);
        let theirs = openssl_verdict(&tool, &case);
        if OPENSSL_DIFFERS.iter().any(|(n, _)| *n == case.name) {
            continue;
        }
        if codes_for_openssl(&theirs).contains(&ours.name()) {
            agreed += 1;
        } else {
            failures.push(format!("{}: govcred {ours:?}, OpenSSL {theirs}", case.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(agreed >= 30, "{agreed} cases compared");
}

/// The fields govcred reads are the ones `openssl x509` prints.
#[test]
fn certificate_fields_match_openssl() {
    let Some(openssl) = common::openssl() else {
        return;
    };
    let mut checked = 0;
    for entry in std::fs::read_dir(x509_dir()).expect("read dir") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if !(name.ends_with(".pem") || name.ends_with(".der")) || name.starts_with("bad-der") {
            continue;
        }
        let bytes = std::fs::read(x509_dir().join(&name)).expect("read");
        let Ok(cert) = Certificate::decode(&bytes) else {
            assert!(name.starts_with("unsupported-"), "{name} does not decode");
            continue;
        };
        let form = if name.ends_with(".der") { "DER" } else { "PEM" };
        let (ok, text) = openssl_in_vectors(
            &openssl,
            &[
                "x509",
                "-inform",
                form,
                "-in",
                &name,
                "-noout",
                "-serial",
                "-dateopt",
                "iso_8601",
                "-startdate",
                "-enddate",
                "-ext",
                "subjectKeyIdentifier,authorityKeyIdentifier,basicConstraints",
            ],
        );
        assert!(ok, "{name}: {text}");
        let value = |key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(key))
                .unwrap_or_else(|| panic!("{name}: no {key} in {text}"))
                .to_owned()
        };
        let serial = value("serial=");
        assert_eq!(
            govcred::internal::hex::encode(cert.serial())
                .to_uppercase()
                .trim_start_matches("00"),
            serial.trim_start_matches("00"),
            "{name}: serial"
        );
        assert_eq!(
            cert.not_before(),
            iso_to_unix(&value("notBefore=")),
            "{name}"
        );
        assert_eq!(cert.not_after(), iso_to_unix(&value("notAfter=")), "{name}");
        let hex_after = |header: &str| {
            let mut lines = text.lines();
            lines.find(|l| l.contains(header))?;
            Some(lines.next()?.trim().replace(':', "").to_lowercase())
        };
        assert_eq!(
            cert.subject_key_id().map(govcred::internal::hex::encode),
            hex_after("Subject Key Identifier"),
            "{name}: SKI"
        );
        assert_eq!(
            cert.authority_key_id().map(govcred::internal::hex::encode),
            hex_after("Authority Key Identifier"),
            "{name}: AKI"
        );
        assert_eq!(cert.is_ca(), text.contains("CA:TRUE"), "{name}: is_ca");
        checked += 1;
    }
    assert!(checked >= 30, "{checked} certificates compared");
}

/// "2049-12-31 23:59:59Z" as Unix seconds.
fn iso_to_unix(text: &str) -> i64 {
    let n = |r: std::ops::Range<usize>| -> i64 { text[r].parse().expect("digits") };
    let (y, m, d) = (n(0..4), n(5..7), n(8..10));
    let (hh, mm, ss) = (n(11..13), n(14..16), n(17..19));
    // Days from civil (H. Hinnant).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + hh * 3600 + mm * 60 + ss
}

/// README fact: `openssl cms -verify` verifies no SM2 CMS, not even with -noverify.
#[test]
fn openssl_cannot_verify_sm2_cms() {
    let Some(openssl) = common::openssl() else {
        return;
    };
    if !openssl_version(&openssl).starts_with("OpenSSL 3.0.") {
        return;
    }
    for sig in [
        "ok-detached-gbt-attrs-isn-der.p7s",
        "ok-detached-pkcs7-attrs-isn.p7s",
    ] {
        let out = Command::new(&openssl)
            .current_dir(cms_dir())
            .args(["cms", "-verify", "-noverify", "-binary", "-inform", "DER"])
            .args(["-in", sig, "-content", "content.txt", "-out", "/dev/null"])
            .output()
            .expect("spawn openssl");
        assert!(
            !out.status.success(),
            "OpenSSL 3.0 verified {sig}: the README's fact is stale"
        );
    }
}

/// govcred's signatures (sign_detached, both OID sets, with and without the chain, three
/// signers, contents from empty to 100 kB) verify in BouncyCastle's verifier, and in govcred.
#[test]
fn govcred_signed_cms_verify_in_bouncycastle() {
    use govcred::cms::{CmsOids, TimeSource, sign_detached, sign_detached_with};
    use govcred::sm2::PrivateKey;

    let Some(bc) = bc_peer() else {
        return;
    };
    let read = |name: &str| std::fs::read(x509_dir().join(name)).expect("read");
    let inter = Certificate::decode(&read("ok-intermediate.pem")).expect("intermediate");
    let verifier =
        CertVerifier::new(decode_in(&x509_dir(), "ok-root.pem").expect("root")).expect("verifier");
    let signers = [
        ("ok-signer.pem", "keys/signer.key.pem"),
        ("ok-signer2.pem", "keys/signer2.key.pem"),
        ("ok-seal-maker.pem", "keys/seal-maker.key.pem"),
    ];
    let mut rng = common::Rng::from_env("govcred_signed_cms_verify_in_bouncycastle");
    let contents: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"a".to_vec(),
        std::fs::read(cms_dir().join("content.txt")).expect("content"),
        rng.bytes(64),
        rng.bytes(5000),
        rng.bytes(100_000),
    ];
    let signing_time = 1_748_736_000; // 2025-06-01T00:00:00Z
    let dir = TempDir::new("govcred-cms");
    let mut lines = Vec::new();
    for (s, (cert_file, key_file)) in signers.iter().enumerate() {
        let cert = Certificate::decode(&read(cert_file)).expect("cert");
        let key_pem = String::from_utf8(read(key_file)).expect("PEM");
        let key = PrivateKey::from_pem(&key_pem).expect("key");
        for (c, content) in contents.iter().enumerate() {
            for (o, oids) in [CmsOids::GbT35275, CmsOids::Pkcs7].into_iter().enumerate() {
                let chain: &[Certificate] = if c % 2 == 0 {
                    std::slice::from_ref(&inter)
                } else {
                    &[]
                };
                let sig = if o == 0 {
                    sign_detached(content, &key, &cert, chain, signing_time)
                } else {
                    sign_detached_with(content, &key, &cert, chain, signing_time, oids)
                }
                .unwrap_or_else(|e| panic!("sign {cert_file} {c} {o}: {e}"));
                // govcred verifies its own signature at the signing time.
                let extra = if chain.is_empty() {
                    vec![inter.clone()]
                } else {
                    Vec::new()
                };
                let verdict =
                    govcred::cms::verify(&sig, Some(content), &extra, &verifier, 1_767_225_600)
                        .unwrap_or_else(|e| panic!("govcred verify {cert_file} {c} {o}: {e}"));
                assert_eq!(verdict.time_source, TimeSource::SigningTime);
                assert_eq!(verdict.time_used, signing_time);
                assert_eq!(verdict.signer.to_der(), cert.to_der());
                let name = format!("govcred-{s}-{c}-{o}");
                std::fs::write(dir.file(&format!("{name}.p7s")), &sig).expect("write sig");
                std::fs::write(dir.file(&format!("{name}.bin")), content).expect("write content");
                lines.push(format!(
                    "{{\"certs\":\"\",\"content\":\"{name}.bin\",\"name\":\"{name}\",\"sig\":\"{name}.p7s\"}}"
                ));
            }
        }
    }
    let cases = dir.write("cases.jsonl", (lines.join("\n") + "\n").as_bytes());
    let (ok, text) = run_bc(
        &bc,
        &[
            "verify-cases",
            cases.to_str().expect("utf-8"),
            x509_dir().to_str().expect("utf-8"),
        ],
    );
    assert!(ok, "bc.sh verify-cases: {text}");
    let refused: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with('{') && !l.contains("\"ok\":true"))
        .collect();
    let verified = text.lines().filter(|l| l.contains("\"ok\":true")).count();
    assert!(
        refused.is_empty(),
        "BouncyCastle refuses govcred signatures:\n{}",
        refused.join("\n")
    );
    assert_eq!(verified, lines.len(), "{text}");
}

/// govcred verifies every BouncyCastle signature its table expects to pass, including the
/// three BouncyCastle's own verifier refuses (sm2-1, unsorted attributes, raw r||s).
#[test]
fn bouncycastle_made_cms_verify_in_govcred() {
    let verifier =
        CertVerifier::new(decode_in(&x509_dir(), "ok-root.pem").expect("root")).expect("verifier");
    let mut passed = 0;
    for case in cms_cases().iter().filter(|c| c.expected == "Ok") {
        let sig = std::fs::read(cms_dir().join(&case.sig)).expect("read");
        let content = (!case.content.is_empty())
            .then(|| std::fs::read(cms_dir().join(&case.content)).expect("read content"));
        let extra = decode_in(&x509_dir(), &case.certs).expect("certs");
        govcred::cms::verify(&sig, content.as_deref(), &extra, &verifier, case.now)
            .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        passed += 1;
    }
    assert!(passed >= 15, "{passed}");
}
