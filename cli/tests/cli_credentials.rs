//! The credential and terminal commands of the `govcred` binary: check, issue, inspect,
//! verify-license, trust build, verify-qr (single and batch) and demo.

#[path = "../../tests/common/mod.rs"]
mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use common::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_govcred");
const NOW: &str = "1795305600";

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(common::repo_root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run govcred");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("stdin");
    let out = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("panicked") && out.status.code() != Some(101),
        "panic: {err}"
    );
    out
}

fn ok(args: &[&str]) -> String {
    let out = run(args, b"");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text.trim()).expect("JSON output")
}

#[test]
fn check_commands() {
    assert_eq!(ok(&["check", "uscc", "91310115591693856A"]), "OK\n");
    assert_eq!(ok(&["check", "resident-id", "11010519491231002X"]), "OK\n");
    assert_eq!(
        ok(&[
            "check",
            "license-id",
            "1.2.156.3005.2.11100000000013338W001.1133010000250187XG.330106000202611200001.001.5"
        ]),
        "OK\n"
    );
    for (kind, value, code) in [
        ("uscc", "91310115591693856B", "4001"),
        ("resident-id", "110105194904310021", "4002"),
        (
            "license-id",
            "1.2.156.3005.2.11100000000013338W001.1133010000250187XG.330106000202611200001.001.6",
            "4003",
        ),
    ] {
        let out = run(&["check", kind, value], b"");
        assert_eq!(out.status.code(), Some(1));
        let line = String::from_utf8_lossy(&out.stdout);
        assert!(line.starts_with(&format!("FAIL {code} ")), "{line}");
    }
    assert_eq!(run(&["check", "uscc"], b"").status.code(), Some(2));
    assert_eq!(
        run(&["check", "passport", "E123"], b"").status.code(),
        Some(2)
    );
}

#[test]
fn issue_inspect_and_verify_a_license() {
    let qr = ok(&[
        "issue",
        "license",
        "--key",
        "examples/keys/hangzhou-amr.pem",
        "--in",
        "examples/business_license.json",
        "--now",
        NOW,
    ]);
    let qr = qr.trim();
    assert!(qr.starts_with("EL1:") && qr.len() < 600, "{qr}");
    let inspected = json(&ok(&["inspect", qr]));
    assert_eq!(inspected["verified"], false);
    assert_eq!(
        inspected["credential"]["holder_name"],
        "杭州云栖数据科技有限公司"
    );
    // From stdin too.
    let out = run(&["inspect", "-"], qr.as_bytes());
    assert_eq!(
        json(&String::from_utf8_lossy(&out.stdout))["format"],
        "EL1:"
    );

    let verdict = json(&ok(&[
        "verify-license",
        "--pub",
        "examples/keys/hangzhou-amr.pub.pem",
        "--now",
        NOW,
        qr,
    ]));
    // The verdict of verify-qr, without an issuer name: never "valid".
    assert_eq!(verdict["passed"], true);
    assert_eq!(verdict["code_name"], "Ok");
    assert_eq!(verdict["kind"], "license");
    assert_eq!(verdict["credential"]["type"], "license");
    assert_eq!(verdict["credential"]["number"], "91330106MA2H0K1T4H");
    assert!(verdict.get("valid").is_none() && verdict.get("license").is_none());
    let out = run(
        &[
            "verify-license",
            "--pub",
            "examples/keys/root.pub.pem",
            "--now",
            NOW,
            qr,
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    let verdict = json(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(
        (&verdict["passed"], &verdict["code"], &verdict["code_name"]),
        (&false.into(), &6001.into(), &"UnknownIssuer".into())
    );
    // An inconsistent license is refused with its code, nothing printed on stdout.
    let dir = TempDir::new("cli-credentials");
    let bad = std::fs::read_to_string(common::repo_root().join("examples/business_license.json"))
        .expect("example")
        .replace("\"valid_until\": null", "\"valid_until\": \"2019-01-01\"");
    let bad_path = dir.path().join("bad.json");
    std::fs::write(&bad_path, bad).expect("write");
    let out = run(
        &[
            "issue",
            "license",
            "--key",
            "examples/keys/hangzhou-amr.pem",
            "--in",
            bad_path.to_str().expect("path"),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("4005"));
    assert_eq!(
        run(
            &["issue", "license", "--in", "examples/business_license.json"],
            b""
        )
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn trust_build_and_verify_qr_single_and_batch() {
    let dir = TempDir::new("cli-credentials");
    let bundle = dir.path().join("bundle.cose");
    let bundle = bundle.to_str().expect("path");
    ok(&[
        "trust",
        "build",
        "--root",
        "examples/keys/root.pem",
        "--in",
        "examples/issuers.json",
        "--out",
        bundle,
        "--now",
        NOW,
    ]);
    let license = ok(&[
        "issue",
        "license",
        "--key",
        "examples/keys/hangzhou-amr.pem",
        "--in",
        "examples/business_license.json",
        "--now",
        NOW,
    ]);
    let code = ok(&[
        "issue",
        "color-code",
        "--key",
        "examples/keys/guangdong-health.pem",
        "--in",
        "examples/health_code.json",
        "--now",
        NOW,
    ]);
    let red = {
        let text = std::fs::read_to_string(common::repo_root().join("examples/health_code.json"))
            .expect("example")
            .replace("\"green\"", "\"red\"");
        let path = dir.path().join("red.json");
        std::fs::write(&path, text).expect("write");
        ok(&[
            "issue",
            "color-code",
            "--key",
            "examples/keys/guangdong-health.pem",
            "--in",
            path.to_str().expect("path"),
            "--now",
            NOW,
        ])
    };
    let verify = [
        "verify-qr",
        "--trust",
        bundle,
        "--root",
        "examples/keys/root.pub.pem",
        "--root",
        "examples/keys/hangzhou-amr.pub.pem",
        "--now",
        NOW,
    ];

    let v = json(&ok(&[&verify[..], &[license.trim()]].concat()));
    assert_eq!(
        (v["passed"].clone(), v["kind"].clone()),
        (true.into(), "license".into())
    );
    let v = json(&ok(&[&verify[..], &[code.trim()]].concat()));
    assert_eq!(v["credential"]["color"], "green");
    let out = run(&[&verify[..], &[red.trim()]].concat(), b"");
    assert_eq!(out.status.code(), Some(1));
    let v = json(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(
        (v["code"].clone(), v["credential"]["color"].clone()),
        (5004.into(), "red".into())
    );
    let out = run(
        &[&verify[..], &["--accept-colors", "green,red", red.trim()]].concat(),
        b"",
    );
    assert_eq!(out.status.code(), Some(0));

    // Batch: one verdict per line, blank lines skipped, exit 1 when any fails.
    let input = format!("{license}\n{code}\n\n{red}garbage\n");
    let out = run(&[&verify[..], &["--batch", "-"]].concat(), input.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let codes: Vec<u64> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| json(l)["code"].as_u64().expect("code"))
        .collect();
    assert_eq!(codes, [0, 0, 5004, 2001]);
    let batch_file = dir.path().join("ok.txt");
    std::fs::write(&batch_file, format!("{license}{code}")).expect("write");
    let out = ok(&[
        &verify[..],
        &["--batch", batch_file.to_str().expect("path")],
    ]
    .concat());
    assert_eq!(out.lines().count(), 2);

    // A bundle under a root that is not pinned, and usage errors.
    let out = run(
        &[
            "verify-qr",
            "--trust",
            bundle,
            "--root",
            "examples/keys/hangzhou-amr.pub.pem",
            license.trim(),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("6005"));
    assert_eq!(
        run(&["verify-qr", "--trust", bundle, license.trim()], b"")
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(&[&verify[..], &["--batch", "-", "EL1:X"]].concat(), b"")
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn demo_tells_the_whole_story() {
    let out = ok(&["demo", "--now", NOW]);
    for expected in [
        "business license (浙江)",
        "PASS   0",
        "REFUSE 5004",
        "REFUSE 6001",
        "REFUSE 3004",
        "REFUSE 5001",
        "EL1:",
        "CC1:",
    ] {
        assert!(
            out.contains(expected),
            "demo output lacks {expected:?}:\n{out}"
        );
    }
    assert_eq!(out.matches("PASS").count(), 2, "{out}");
}
