//! `govcred verify-ofd`: every corpus row (tests/vectors/ofd/EXPECTED.tsv) gives the codes of
//! tests/vectors/ofd/outcomes.tsv under the corpus's trust, the printed verdict is the
//! library's JSON, and `--cert` decides a bare signature.

#[path = "../../tests/common/mod.rs"]
mod common;

use std::process::Output;

use common::{TempDir, repo_root};

const BIN: &str = env!("CARGO_BIN_EXE_govcred");
/// tests/ofd_corpus.rs's NOW.
const NOW: i64 = 1_800_000_000;
const PEER_ROOT: &str = "tests/vectors/ofd/peer/certs/root.cert.pem";

fn govcred(args: &[&str]) -> Output {
    common::run_in_repo(BIN, args)
}

fn ofd(rel: &str) -> String {
    format!("tests/vectors/ofd/{rel}")
}

fn json(line: &[u8]) -> serde_json::Value {
    serde_json::from_slice(line)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(line)))
}

/// outcomes.tsv: (file, document code name, signature code names).
fn outcomes() -> Vec<(String, String, Vec<String>)> {
    common::vector_file("ofd/outcomes.tsv")
        .lines()
        .skip(1)
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let sigs = cols[2]
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            (cols[0].to_owned(), cols[1].to_owned(), sigs)
        })
        .collect()
}

#[test]
fn every_corpus_row_in_batch() {
    let rows = outcomes();
    let corpus = common::vector_file("ofd/EXPECTED.tsv");
    let files: Vec<&str> = corpus
        .lines()
        .skip(1)
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(rows.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), files);
    let dir = TempDir::new("cli-ofd");
    let now = NOW.to_string();
    for (group, roots) in [("peer/", vec!["--root", PEER_ROOT]), ("ofdrw/", vec![])] {
        let list: Vec<String> = rows
            .iter()
            .filter(|r| r.0.starts_with(group))
            .map(|r| ofd(&r.0))
            .collect();
        let path = dir.write("list", format!("{}\n", list.join("\n")).as_bytes());
        let mut args = vec!["verify-ofd", "--now", &now, "--batch"];
        let path = path.to_str().unwrap().to_owned();
        args.push(&path);
        args.extend(roots.iter().copied());
        let out = govcred(&args);
        // Some documents fail in every group.
        assert_eq!(out.status.code(), Some(1), "{group}");
        let lines: Vec<&[u8]> = out
            .stdout
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(lines.len(), list.len());
        for (line, (file, code, sigs)) in lines
            .iter()
            .zip(rows.iter().filter(|r| r.0.starts_with(group)))
        {
            let v = json(line);
            assert_eq!(v["file"], ofd(file));
            assert_eq!(v["code_name"], code.as_str(), "{file}: {v}");
            assert_eq!(v["passed"], code == "Ok", "{file}");
            let got: Vec<&str> = v["signatures"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["code_name"].as_str().unwrap())
                .collect();
            assert_eq!(got, *sigs, "{file}");
        }
    }
}

#[test]
fn one_file_prints_the_librarys_verdict() {
    let file = "peer/sign-gbt35275.ofd";
    let out = govcred(&[
        "verify-ofd",
        "--root",
        PEER_ROOT,
        "--now",
        "1800000000",
        &ofd(file),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let printed = json(&out.stdout);
    let mut verifier = govcred::ofd::OfdVerifier::new();
    let root = std::fs::read(repo_root().join(PEER_ROOT)).unwrap();
    verifier
        .add_root(govcred::x509::Certificate::decode(&root).unwrap())
        .unwrap();
    let bytes = std::fs::read(repo_root().join(ofd(file))).unwrap();
    let library: serde_json::Value =
        serde_json::from_str(&verifier.verify(&bytes, NOW).to_json()).unwrap();
    assert_eq!(printed, library);
    let s = &printed["signatures"][0];
    assert_eq!(s["type"], "sign");
    assert_eq!(s["format"], "gbt35275");
    assert_eq!(s["time_source"], "signature-date-time");
    assert_eq!(s["signed_at"], "2026-12-02T01:16:33+08:00");
}

#[test]
fn a_bare_signature_needs_cert() {
    let file = ofd("ofdrw/ofdrw-sign__DigitalSign.ofd");
    let out = govcred(&["verify-ofd", "--now", "1800000000", &file]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out.stdout)["code_name"], "SignerCertificateMissing");
    let cert = ofd("ofdrw/keys/ofdrw-sign__USER.cert.pem");
    let out = govcred(&["verify-ofd", "--cert", &cert, "--now", "1800000000", &file]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out.stdout);
    assert_eq!(v["signatures"][0]["format"], "sm2");
    let other = ofd("peer/certs/signer.cert.pem");
    let out = govcred(&["verify-ofd", "--cert", &other, "--now", "1800000000", &file]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out.stdout)["code_name"], "SignatureInvalid");
}
