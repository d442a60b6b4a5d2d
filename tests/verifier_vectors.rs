//! Runs the shared verifier vectors (every binding runs the same files) and checks that the
//! committed files are exactly what the fixture in `tests/common/verifier_fixture.rs` writes.

#[path = "common/verifier_fixture.rs"]
mod generator;

use std::collections::HashMap;

use govcred::colorcode::{ColorCodeIssuer, ColorCodeRequest};
use govcred::license::{License, LicenseIssuer};
use govcred::sm2::{PrivateKey, PublicKey};
use govcred::verify::{Policy, Verifier};
use govcred::{ErrorCode, TrustBundle};

const SETUP: &str = include_str!("vectors/verifier/setup.json");
const CASES: &str = include_str!("vectors/verifier/cases.jsonl");
const COLOR_CODE_REQUEST: &str = include_str!("vectors/verifier/color-code-request.json");

fn verifiers() -> HashMap<String, Result<Verifier, govcred::Error>> {
    let setup: serde_json::Value = serde_json::from_str(SETUP).expect("setup.json");
    let roots: Vec<PublicKey> = setup["roots"]
        .as_array()
        .expect("roots")
        .iter()
        .map(|r| PublicKey::from_hex(r.as_str().expect("root hex")).expect("root key"))
        .collect();
    setup["bundles"]
        .as_object()
        .expect("bundles")
        .iter()
        .map(|(name, hex)| {
            let bytes =
                govcred::internal::hex::decode(hex.as_str().expect("bundle hex")).expect("hex");
            let verifier =
                TrustBundle::load(&bytes, &roots).and_then(|b| Verifier::new(b, Policy::default()));
            (name.clone(), verifier)
        })
        .collect()
}

#[test]
fn every_case_gives_its_expected_code() {
    let verifiers = verifiers();
    let mut seen = 0;
    for line in CASES.lines().filter(|l| !l.trim().is_empty()) {
        let case: serde_json::Value = serde_json::from_str(line).expect("case line");
        let name = case["name"].as_str().expect("name");
        let expected = u32::try_from(case["expected_code"].as_u64().expect("code")).expect("u32");
        let now = case["now"].as_i64().expect("now");
        let qr = case["qr"].as_str().expect("qr");
        let got = match &verifiers[case["bundle"].as_str().expect("bundle")] {
            Err(e) => e.code(),
            Ok(v) => {
                let verdict = v.verify(qr, now);
                assert_eq!(verdict.passed, verdict.code == ErrorCode::Ok, "{name}");
                verdict.code
            }
        };
        assert_eq!(got.as_u32(), expected, "case {name}: got {got:?}");
        assert_eq!(
            ErrorCode::from_u32(expected).map(ErrorCode::name),
            case["expected"].as_str(),
            "{name}"
        );
        seen += 1;
    }
    assert!(seen >= 20, "only {seen} cases");
}

/// The issuing inputs in setup.json (what the C and Java doors feed their issuers) give the
/// QR text of their cases byte for byte.
#[test]
fn issuing_inputs_reproduce_their_cases() {
    let setup: serde_json::Value = serde_json::from_str(SETUP).expect("setup.json");
    let issuing = &setup["issuing"];
    let text = |k: &str| issuing[k].as_str().expect(k).to_owned();
    let at = |k: &str| issuing[k].as_i64().expect(k);
    let cases: HashMap<String, String> = CASES
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("case"))
        .map(|c| {
            (
                c["name"].as_str().expect("name").to_owned(),
                c["qr"].as_str().expect("qr").to_owned(),
            )
        })
        .collect();

    let key = PrivateKey::from_hex(&text("license_issuer_key")).expect("key");
    let license: License = serde_json::from_str(&text("license_json")).expect("license JSON");
    let qr = LicenseIssuer::new(key)
        .expect("issuer")
        .issue(&license, at("license_issued_at"));
    assert_eq!(qr.as_ref(), Ok(&cases[&text("license_case")]));

    let key = PrivateKey::from_hex(&text("color_code_issuer_key")).expect("key");
    let issuer =
        ColorCodeIssuer::with_derived_salt(key, &text("color_code_issuer_code")).expect("issuer");
    // The shared request file, passed through as every door passes it.
    let qr = issuer.issue_json(COLOR_CODE_REQUEST, at("color_code_issued_at"));
    assert_eq!(qr.as_ref(), Ok(&cases[&text("color_code_case")]));
    // setup.json's copy of the request is the same request.
    let from_setup: ColorCodeRequest =
        serde_json::from_str(&text("color_code_request_json")).expect("request JSON");
    let qr = issuer.issue(&from_setup, at("color_code_issued_at"));
    assert_eq!(qr.as_ref(), Ok(&cases[&text("color_code_case")]));
}

/// `UPDATE_VECTORS=1 cargo test --test verifier_vectors` rewrites the files instead.
#[test]
fn committed_vectors_match_the_generator() {
    let (setup, cases) = generator::generate().expect("generate");
    let request = generator::color_code_request_file().expect("request");
    if std::env::var_os("UPDATE_VECTORS").is_some() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/verifier");
        std::fs::write(dir.join("setup.json"), &setup).expect("write setup.json");
        std::fs::write(dir.join("cases.jsonl"), &cases).expect("write cases.jsonl");
        std::fs::write(dir.join("color-code-request.json"), &request)
            .expect("write color-code-request.json");
        return;
    }
    assert!(
        setup == SETUP && cases == CASES && request == COLOR_CODE_REQUEST,
        "vectors drifted: run `UPDATE_VECTORS=1 cargo test --test verifier_vectors`"
    );
}

/// A license issued before the switch to fixed Huffman codes carries the same COSE bytes in
/// a dynamic-code zlib stream, decodes to what today's `valid-license` decodes to, and
/// still passes.
#[test]
fn license_with_dynamic_huffman_codes_still_verifies() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/vectors/verifier/valid-license-dynamic-huffman.txt"),
    )
    .expect("vector");
    let old = text
        .lines()
        .find(|l| l.starts_with("EL1:"))
        .expect("a QR line");
    let cases = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/verifier/cases.jsonl"),
    )
    .expect("cases");
    let current = cases
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json"))
        .find(|c| c["name"] == "valid-license")
        .expect("valid-license");
    let new = current["qr"].as_str().expect("qr");
    assert_ne!(old, new, "the vector predates the fixed-code issuer");
    assert!(new.len() < old.len(), "fixed codes are the shorter QR here");
    let (_, old_cose) = govcred::codec::decode_qr(old).expect("old decodes");
    let (_, new_cose) = govcred::codec::decode_qr(new).expect("new decodes");
    assert_eq!(old_cose, new_cose);
}
