//! One verdict JSON schema for every command (`docs/verdict-json.md`): with `--json`, each
//! command that gives a verdict prints the head `passed`, `code`, `code_name`, `message` on
//! a passing and on a failing vector, and every other command prints the same head with
//! `passed: false` when it fails.

#[path = "../../tests/common/mod.rs"]
mod common;

use std::process::Output;

use common::TempDir;
use govcred::ErrorCode;
use govcred::sm2::{DEFAULT_ID, PrivateKey, SignatureFormat, SigningKey};

const BIN: &str = env!("CARGO_BIN_EXE_govcred");

fn govcred(args: &[&str]) -> Output {
    common::run_in_repo(BIN, args)
}

/// Runs `args` with `--json` and checks the one line it prints: the head of a verdict with
/// `code`, and the exit status that goes with it (0 pass, 1 refused, 2 usage or I/O).
fn head(args: &[&str], code: ErrorCode, status: i32) -> serde_json::Value {
    let mut with_json = vec!["--json"];
    with_json.extend_from_slice(args);
    let out = govcred(&with_json);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(status), "{args:?}: {stdout}");
    let mut lines = stdout.lines();
    let line = lines.next().unwrap_or_default();
    assert_eq!(lines.next(), None, "{args:?}: one line");
    let v: serde_json::Value =
        serde_json::from_str(line).unwrap_or_else(|e| panic!("{args:?}: {e}: {line}"));
    // The head comes first, as the library writes it.
    assert!(line.starts_with("{\"passed\":"), "{args:?}: {line}");
    assert_eq!(v["passed"], code == ErrorCode::Ok, "{args:?}: {v}");
    assert_eq!(v["code"], code.as_u32(), "{args:?}: {v}");
    assert_eq!(v["code_name"], code.name(), "{args:?}: {v}");
    assert!(
        v["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{args:?}: {v}"
    );
    v
}

fn passes(args: &[&str]) -> serde_json::Value {
    head(args, ErrorCode::Ok, 0)
}

fn refused(args: &[&str], code: ErrorCode) -> serde_json::Value {
    head(args, code, 1)
}

fn path(p: &std::path::Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

#[test]
fn identifier_checks() {
    for (kind, good, bad, code) in [
        (
            "uscc",
            "91310115591693856A",
            "91310115591693856B",
            ErrorCode::BadUscc,
        ),
        (
            "resident-id",
            "11010519491231002X",
            "110105194912310021",
            ErrorCode::BadResidentId,
        ),
        (
            "license-id",
            "",
            "1.2.156.3005.2.x",
            ErrorCode::BadLicenseId,
        ),
    ] {
        if !good.is_empty() {
            passes(&["check", kind, good]);
        }
        refused(&["check", kind, bad], code);
    }
}

#[test]
fn signature_verify() {
    let dir = TempDir::new("verdict-sig");
    let key = PrivateKey::generate().expect("key");
    let pubkey = dir.write("key.pub", key.public_key().to_spki_pem().as_bytes());
    let message = dir.write("msg.txt", b"govcred");
    let other = dir.write("other.txt", b"govcreD");
    let sig = SigningKey::new(key, DEFAULT_ID)
        .and_then(|s| s.sign_encoded(b"govcred", SignatureFormat::Der))
        .expect("sign");
    let sig = dir.write("msg.sig", &sig);
    let args = |file| ["verify", "--pub", path(&pubkey), "--sig", path(&sig), file];
    passes(&args(path(&message)));
    refused(&args(path(&other)), ErrorCode::SignatureInvalid);
}

struct Verifier {
    dir: TempDir,
    setup: serde_json::Value,
    cases: Vec<serde_json::Value>,
}

fn verifier_vectors() -> Verifier {
    let setup: serde_json::Value =
        serde_json::from_str(&common::vector_file("verifier/setup.json")).expect("setup");
    let cases = common::vector_file("verifier/cases.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("case"))
        .collect();
    Verifier {
        dir: TempDir::new("verdict-qr"),
        setup,
        cases,
    }
}

impl Verifier {
    fn case(&self, name: &str) -> &serde_json::Value {
        self.cases
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("case {name}"))
    }
}

#[test]
fn verify_qr_and_verify_license() {
    let v = verifier_vectors();
    let hex = |s: &serde_json::Value| govcred::internal::hex::decode(s.as_str().expect("hex"));
    let bundle = v.dir.write(
        "default.cose",
        &hex(&v.setup["bundles"]["default"]).expect("bundle"),
    );
    let mut roots = Vec::new();
    for (i, r) in v.setup["roots"]
        .as_array()
        .expect("roots")
        .iter()
        .enumerate()
    {
        roots.push(
            v.dir
                .write(&format!("root{i}.hex"), r.as_str().expect("hex").as_bytes()),
        );
    }
    let qr = |case: &serde_json::Value| {
        let mut args = vec!["verify-qr", "--trust", path(&bundle)];
        for r in &roots {
            args.extend(["--root", path(r)]);
        }
        let now = case["now"].to_string();
        let text = case["qr"].as_str().expect("qr").to_owned();
        (args, now, text)
    };
    for (name, code) in [
        ("valid-license", ErrorCode::Ok),
        ("refused-health-code-red", ErrorCode::ColorNotAccepted),
    ] {
        let (mut args, now, text) = qr(v.case(name));
        args.extend(["--now", &now, &text]);
        let out = head(&args, code, i32::from(code != ErrorCode::Ok));
        assert!(out.get("kind").is_some() && out.get("credential").is_some());
    }

    // verify-license: the same schema (`passed`, never `valid`).
    let key = PrivateKey::from_hex(
        v.setup["issuing"]["license_issuer_key"]
            .as_str()
            .expect("key"),
    )
    .expect("key");
    let pubkey = v
        .dir
        .write("license.pub", key.public_key().to_spki_pem().as_bytes());
    for (name, code) in [
        ("valid-license", ErrorCode::Ok),
        ("expired-license", ErrorCode::Expired),
    ] {
        let case = v.case(name);
        let now = case["now"].to_string();
        let text = case["qr"].as_str().expect("qr");
        let args = [
            "verify-license",
            "--pub",
            path(&pubkey),
            "--now",
            &now,
            text,
        ];
        let out = head(&args, code, i32::from(code != ErrorCode::Ok));
        assert!(out.get("valid").is_none(), "{out}");
        let kind = if code == ErrorCode::Ok {
            serde_json::json!("license")
        } else {
            serde_json::Value::Null
        };
        assert_eq!(out["kind"], kind, "{out}");
    }
}

#[test]
fn cert_cms_and_ofd_verdicts() {
    let x509 = |n: &str| format!("tests/vectors/x509/govcred/{n}");
    let root = x509("openssl-root.pem");
    let (ca, signer) = (x509("openssl-ca.pem"), x509("openssl-ca-signer.pem"));
    let now = "1800000000";
    passes(&[
        "cert", "verify", "--root", &root, "--chain", &ca, "--now", now, &signer,
    ]);
    refused(
        &["cert", "verify", "--root", &root, "--now", now, &signer],
        ErrorCode::UntrustedCertificate,
    );

    let cms_args = |content: &'static str| {
        [
            "cms",
            "verify",
            "--root",
            "tests/vectors/x509/ok-root.pem",
            "--content",
            content,
            "--now",
            "1767225600",
            "tests/vectors/cms/ok-detached-gbt-attrs-isn.p7s",
        ]
    };
    let ok = passes(&cms_args("tests/vectors/cms/content.txt"));
    assert!(ok.get("signer").is_some());
    refused(
        &cms_args("tests/vectors/cms/content-changed.txt"),
        ErrorCode::ContentDigestMismatch,
    );

    let peer_root = "tests/vectors/ofd/peer/certs/root.cert.pem";
    let ofd = "tests/vectors/ofd/peer/sign-gbt35275.ofd";
    passes(&["verify-ofd", "--root", peer_root, "--now", now, ofd]);
    refused(
        &["verify-ofd", "--now", now, ofd],
        ErrorCode::UntrustedCertificate,
    );
}

/// Commands without a verdict of their own print the head with `passed: false` when they
/// fail: a refused input (exit 1) or a usage or I/O error (exit 2).
#[test]
fn every_failure_prints_the_head() {
    let dir = TempDir::new("verdict-fail");
    let missing = dir.file("missing");
    let missing = path(&missing);
    let key = PrivateKey::generate().expect("key");
    let key_file = dir.write("key.pem", key.to_pkcs8_pem().expect("pem").as_bytes());
    let key_file = path(&key_file);
    let bad_json = dir.write("bad.json", b"{");
    let bad_json = path(&bad_json);
    let not_a_key = dir.write("not-a-key", b"not a key");
    let not_a_key = path(&not_a_key);
    let usage = |args: &[&str]| head(args, ErrorCode::InvalidArgument, 2);

    usage(&["sm3", missing]);
    usage(&["key", "public", "--in", missing]);
    usage(&["sign", "--nope"]);
    refused(&["key", "public", "--in", not_a_key], ErrorCode::BadHex);
    refused(&["sign", "--key", not_a_key, missing], ErrorCode::BadHex);
    refused(
        &[
            "issue",
            "color-code",
            "--key",
            key_file,
            "--issuer-code",
            "91310115591693856A",
            "--in",
            bad_json,
            "--now",
            "0",
        ],
        ErrorCode::BadJson,
    );
    refused(
        &[
            "issue", "license", "--key", key_file, "--in", bad_json, "--now", "0",
        ],
        ErrorCode::BadJson,
    );
    refused(&["inspect", "XX1:abc"], ErrorCode::UnknownFormat);
    refused(
        &[
            "trust", "build", "--root", key_file, "--in", bad_json, "--out", missing,
        ],
        ErrorCode::BadJson,
    );
}
