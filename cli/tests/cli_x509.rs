//! `govcred cert` and `govcred cms`: JSON verdicts, exit codes 0/1/2, and a sign/verify
//! round trip over the openssl-made chain in tests/vectors/x509/govcred/.

#[path = "../../tests/common/mod.rs"]
mod common;

use std::process::{Command, Output, Stdio};

use common::{TempDir, repo_root};

const BIN: &str = env!("CARGO_BIN_EXE_govcred");
const NOW: &str = "1800000000";

fn govcred(args: &[&str]) -> Output {
    common::run_in_repo(BIN, args)
}

fn v(name: &str) -> String {
    format!("tests/vectors/x509/govcred/{name}")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

#[test]
fn cert_inspect_prints_the_fields() {
    let out = govcred(&["cert", "inspect", &v("openssl-leaf.pem")]);
    assert_eq!(out.status.code(), Some(0));
    let j = json(&out);
    assert_eq!(j["subject"], "CN=leaf");
    assert_eq!(j["issuer"], "CN=Root CA,O=测试,C=CN");
    assert_eq!(j["serial"], "292711940f03bce088cfa9a7fa32b2d3d9dae166");
    assert_eq!(j["not_before"], 1_796_192_975);
    assert_eq!(j["not_after"], 1_827_728_975);
    assert_eq!(
        j["key_usage"],
        serde_json::json!(["digitalSignature", "nonRepudiation"])
    );
    assert_eq!(j["is_ca"], false);
    assert_eq!(j["public_key"].as_str().map(str::len), Some(130));
    // DER reads the same.
    let der = json(&govcred(&["cert", "inspect", &v("openssl-leaf.der")]));
    assert_eq!(der, j);
    // A CA.
    let ca = json(&govcred(&["cert", "inspect", &v("openssl-ca.pem")]));
    assert_eq!(ca["is_ca"], true);
    assert_eq!(ca["path_len"], 0);
    assert_eq!(
        ca["key_usage"],
        serde_json::json!(["keyCertSign", "cRLSign"])
    );
    // Not a certificate: refused (1), with --json as {code, code_name, message}.
    let out = govcred(&[
        "cert",
        "inspect",
        "--json",
        "tests/vectors/x509/govcred/README.md",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["code_name"], "BadPem");
    let out = govcred(&["cert", "inspect", "no-such-file"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn cert_verify_verdicts() {
    let root = v("openssl-root.pem");
    let out = govcred(&[
        "cert",
        "verify",
        "--root",
        &root,
        "--chain",
        &v("openssl-ca.pem"),
        "--now",
        NOW,
        &v("openssl-ca-signer.pem"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let j = json(&out);
    assert_eq!(j["passed"], true);
    assert_eq!(j["code"], 0);
    assert_eq!(j["code_name"], "Ok");
    assert_eq!(j["chain"].as_array().map(Vec::len), Some(3));
    assert_eq!(j["chain"][1]["subject"], "CN=Issuing CA,O=govcred test");

    let refused = |args: &[&str], name: &str, number: u64| {
        let out = govcred(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let j = json(&out);
        assert_eq!(j["passed"], false, "{args:?}");
        assert_eq!(j["code_name"], name, "{args:?}: {j}");
        assert_eq!(j["code"], number);
        assert!(j["message"].as_str().is_some_and(|m| !m.is_empty()));
    };
    let signer = v("openssl-ca-signer.pem");
    refused(
        &["cert", "verify", "--root", &root, "--now", NOW, &signer],
        "UntrustedCertificate",
        7002,
    );
    refused(
        &[
            "cert",
            "verify",
            "--root",
            &root,
            "--chain",
            &v("openssl-ca.pem"),
            "--now",
            "1700000000",
            &signer,
        ],
        "CertificateExpired",
        7003,
    );
    // The leaf itself as an intermediate is not a CA.
    refused(
        &[
            "cert",
            "verify",
            "--root",
            &root,
            "--chain",
            &v("openssl-leaf.pem"),
            "--now",
            NOW,
            &signer,
        ],
        "UntrustedCertificate",
        7002,
    );
    // A CA as a signer: keyUsage keyCertSign only; passes with --purpose any.
    let ca = v("openssl-ca.pem");
    refused(
        &["cert", "verify", "--root", &root, "--now", NOW, &ca],
        "KeyUsageNotAllowed",
        7007,
    );
    let out = govcred(&[
        "cert",
        "verify",
        "--root",
        &root,
        "--now",
        NOW,
        "--purpose",
        "any",
        &ca,
    ]);
    assert_eq!(out.status.code(), Some(0));
    // A bad certificate file is a verdict too.
    refused(
        &[
            "cert",
            "verify",
            "--root",
            &root,
            "--now",
            NOW,
            &v("README.md"),
        ],
        "BadPem",
        2010,
    );
    // Usage errors exit 2.
    assert_eq!(govcred(&["cert", "verify", &signer]).status.code(), Some(2));
    assert_eq!(
        govcred(&["cert", "verify", "--root", "missing.pem", &signer])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn cms_sign_then_verify() {
    let dir = TempDir::new("cms");
    let content = dir.path().join("content.txt");
    std::fs::write(&content, "电子证照 content\n").expect("write");
    let sig = dir.path().join("content.p7s");
    let content_s = content.to_str().expect("utf8");
    let sig_s = sig.to_str().expect("utf8");
    let out = govcred(&[
        "cms",
        "sign",
        "--key",
        &v("openssl-ca-signer.key.pem"),
        "--cert",
        &v("openssl-ca-signer.pem"),
        "--chain",
        &v("openssl-ca.pem"),
        "--now",
        NOW,
        "--out",
        sig_s,
        content_s,
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let p7 = std::fs::read(&sig).expect("signature written");
    assert_eq!(p7[0], 0x30);

    let root = v("openssl-root.pem");
    let out = govcred(&[
        "cms",
        "verify",
        "--root",
        &root,
        "--content",
        content_s,
        "--now",
        "1900000000",
        sig_s,
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let j = json(&out);
    assert_eq!(j["passed"], true);
    assert_eq!(j["signer"]["subject"], "CN=Signer,O=govcred test");
    assert_eq!(j["chain"].as_array().map(Vec::len), Some(3));
    assert_eq!(j["signing_time"], 1_800_000_000);
    assert_eq!(j["time_used"], 1_800_000_000);
    assert_eq!(j["time_source"], "signing_time");
    assert_eq!(j["attached"], false);
    assert_eq!(j["outer_type"], "1.2.156.10197.6.1.4.2.2");
    assert_eq!(j["leniencies"], serde_json::json!([]));

    // Changed content; no content; wrong root.
    let other = dir.path().join("other.txt");
    std::fs::write(&other, "changed").expect("write");
    let out = govcred(&[
        "cms",
        "verify",
        "--root",
        &root,
        "--content",
        other.to_str().expect("utf8"),
        sig_s,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["code_name"], "ContentDigestMismatch");
    let out = govcred(&["cms", "verify", "--root", &root, sig_s]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["code_name"], "InvalidArgument");
    let out = govcred(&[
        "cms",
        "verify",
        "--root",
        &v("openssl-ca.pem"),
        "--content",
        content_s,
        sig_s,
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "the CA pinned as the trust anchor"
    );
    let out = govcred(&[
        "cms",
        "verify",
        "--root",
        &v("openssl-leaf.pem"),
        "--content",
        content_s,
        sig_s,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["code_name"], "UntrustedCertificate");

    // PKCS#7 OIDs, from stdin to stdout, the signer certificate given at verify time.
    let mut child = Command::new(BIN)
        .args([
            "cms",
            "sign",
            "--key",
            &v("openssl-leaf.key.pem"),
            "--cert",
            &v("openssl-leaf.pem"),
            "--oids",
            "pkcs7",
            "--now",
            NOW,
        ])
        .current_dir(repo_root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), b"hello").expect("in");
    let signed = child.wait_with_output().expect("wait");
    assert_eq!(signed.status.code(), Some(0));
    let sig2 = dir.path().join("hello.p7s");
    std::fs::write(&sig2, &signed.stdout).expect("write");
    let hello = dir.path().join("hello.txt");
    std::fs::write(&hello, "hello").expect("write");
    let out = govcred(&[
        "cms",
        "verify",
        "--root",
        &root,
        "--content",
        hello.to_str().expect("utf8"),
        sig2.to_str().expect("utf8"),
    ]);
    let j = json(&out);
    assert_eq!(j["passed"], true, "{j}");
    assert_eq!(j["outer_type"], "1.2.840.113549.1.7.2");

    // Key and certificate that do not belong together: refused.
    let out = govcred(&[
        "cms",
        "sign",
        "--key",
        &v("openssl-leaf.key.pem"),
        "--cert",
        &v("openssl-ca-signer.pem"),
        "--out",
        sig_s,
        content_s,
    ]);
    assert_eq!(out.status.code(), Some(1));
    // No --root: usage.
    assert_eq!(govcred(&["cms", "verify", sig_s]).status.code(), Some(2));
}
