//! Trust bundle and terminal verifier behaviour beyond the shared vectors: root rotation,
//! bundle specs, policy knobs, issuer windows and rights, threads, and no panics.

#[path = "common/verifier_fixture.rs"]
#[allow(dead_code)]
mod generator;

use std::sync::Arc;

use generator::{Fixture, NOW};
use govcred::ErrorCode;
use govcred::colorcode::{Color, ColorCodeIssuer};
use govcred::license::LicenseIssuer;
use govcred::sm2::{DEFAULT_ID, PrivateKey, SigningKey};
use govcred::trust::{BundleSpec, TrustBundle, TrustBundleBuilder};
use govcred::verify::{Policy, Verifier};
use proptest::prelude::*;

fn signer(key: &PrivateKey) -> SigningKey {
    SigningKey::new(key.clone(), DEFAULT_ID).expect("signer")
}

fn verifier(f: &Fixture, bundle: &TrustBundleBuilder, policy: Policy) -> Verifier {
    let bytes = bundle.sign(&signer(&f.roots[0])).expect("sign bundle");
    let roots: Vec<_> = f.roots.iter().map(|r| *r.public_key()).collect();
    Verifier::from_bundle_bytes(&bytes, &roots, policy).expect("verifier")
}

fn green(f: &Fixture, iat: i64) -> String {
    ColorCodeIssuer::with_derived_salt(f.gd.clone(), &f.gd_uscc)
        .expect("issuer")
        .issue(&f.color_request(Color::Green, "CC-T-1"), iat)
        .expect("issue")
}

#[test]
fn either_pinned_root_may_sign_the_bundle() {
    let f = Fixture::new();
    let bundle = f.bundle();
    let roots: Vec<_> = f.roots.iter().map(|r| *r.public_key()).collect();
    for root in &f.roots {
        let bytes = bundle.sign(&signer(root)).expect("sign");
        assert_eq!(TrustBundle::load(&bytes, &roots).expect("load"), bundle);
    }
    // The new root alone is not enough for a bundle signed by the old one.
    let old = bundle.sign(&signer(&f.roots[0])).expect("sign");
    assert_eq!(
        TrustBundle::load(&old, &roots[1..]).unwrap_err().code(),
        ErrorCode::BundleSignatureInvalid
    );
    assert_eq!(
        TrustBundle::load(b"\x01", &roots).unwrap_err().code(),
        ErrorCode::BadBundle
    );
    // A root-signed payload that is not a bundle.
    let junk = govcred::cose::sign(b"\xa0", &signer(&f.roots[0])).expect("sign");
    assert_eq!(
        TrustBundle::load(&junk, &roots).unwrap_err().code(),
        ErrorCode::BadBundle
    );
}

#[test]
fn bundle_spec_json_builds_the_same_bundle() {
    let f = Fixture::new();
    let json = format!(
        r#"{{"version": 3, "issuers": [{{"name": "浙江省市场监督管理局", "uscc": "{}", "region": "330000",
             "public_key": "{}", "kinds": ["license"], "license_types": ["{}"],
             "valid_from": {}, "valid_until": {}, "revoked": ["X1"]}}]}}"#,
        f.zj_uscc,
        f.zj.public_key().to_spki_pem().replace('\n', "\\n"),
        f.type_code,
        NOW - 10,
        NOW + 10
    );
    let bundle = BundleSpec::from_json(&json)
        .expect("spec")
        .to_bundle(NOW)
        .expect("bundle");
    assert_eq!(bundle.next_update, NOW + 7 * 86_400);
    assert_eq!(bundle.issuers[0].kid, f.zj.public_key().kid());
    assert!(bundle.issuers[0].revoked.contains("X1"));
    let bytes = bundle.sign(&signer(&f.roots[1])).expect("sign");
    assert_eq!(
        TrustBundle::load(&bytes, &[*f.roots[1].public_key()]).expect("load"),
        bundle
    );
    assert_eq!(
        BundleSpec::from_json("{").unwrap_err().code(),
        ErrorCode::BadJson
    );
    let bad_uscc = json.replace(&f.zj_uscc, "91310115591693856B");
    assert_eq!(
        BundleSpec::from_json(&bad_uscc)
            .expect("spec")
            .to_bundle(NOW)
            .unwrap_err()
            .code(),
        ErrorCode::BadUscc
    );
}

#[test]
fn policy_knobs() {
    let f = Fixture::new();
    let bundle = f.bundle();
    let yellow = ColorCodeIssuer::with_derived_salt(f.gd.clone(), &f.gd_uscc)
        .expect("issuer")
        .issue(&f.color_request(Color::Yellow, "CC-T-2"), NOW - 10)
        .expect("issue");
    let strict = verifier(&f, &bundle, Policy::default());
    let v = strict.verify(&yellow, NOW);
    assert_eq!(v.code, ErrorCode::ColorNotAccepted);
    assert!(
        v.display.contains("黄码") && v.credential.is_some() && v.issuer.is_some(),
        "{v:?}"
    );
    let mut policy = Policy::default();
    policy.accepted_colors = vec![Color::Green, Color::Yellow];
    let lenient = verifier(&f, &bundle, policy);
    assert!(lenient.verify(&yellow, NOW).passed);

    // Clock skew: exactly at the bound passes, one second beyond is suspect.
    let skew = Policy::default().clock_skew_secs;
    assert!(strict.verify(&green(&f, NOW + skew), NOW).passed);
    assert_eq!(
        strict.verify(&green(&f, NOW + skew + 1), NOW).code,
        ErrorCode::ClockSuspect
    );
    // Expiry with skew: a 300 s code issued at NOW−600 has exp NOW−300, the skew bound.
    assert_eq!(
        strict.verify(&green(&f, NOW - 600), NOW).code,
        ErrorCode::Expired
    );
    assert!(strict.verify(&green(&f, NOW - 599), NOW).passed);

    // Maximum age, with a lifetime longer than the age limit.
    let long_lived = {
        let mut r = f.color_request(Color::Green, "CC-T-3");
        r.lifetime_secs = Some(86_400);
        ColorCodeIssuer::with_derived_salt(f.gd.clone(), &f.gd_uscc)
            .expect("issuer")
            .issue(&r, NOW - 7200)
            .expect("issue")
    };
    assert_eq!(strict.verify(&long_lived, NOW).code, ErrorCode::TooOld);
    let mut policy = Policy::default();
    policy.max_color_code_age_secs = 10_000;
    let patient = verifier(&f, &bundle, policy);
    assert!(patient.verify(&long_lived, NOW).passed);
}

#[test]
fn issuer_windows_and_rights() {
    let f = Fixture::new();
    let mut bundle = f.bundle();
    bundle.issuers[1].valid_until = NOW - 100;
    let v = verifier(&f, &bundle, Policy::default());
    // Signed after the key's window closed.
    assert_eq!(
        v.verify(&green(&f, NOW - 50), NOW).code,
        ErrorCode::IssuerNotValid
    );

    // An issuer allowed licenses, but not this license type.
    let mut bundle = f.bundle();
    bundle.issuers[0].license_types = vec!["11100000000013127D002".into()];
    let v = verifier(&f, &bundle, Policy::default());
    let lic = f.license("LIC2026000321", None, "2026-01-01");
    let qr = LicenseIssuer::new(f.zj.clone())
        .expect("issuer")
        .issue(&lic, NOW - 10)
        .expect("issue");
    assert_eq!(v.verify(&qr, NOW).code, ErrorCode::IssuerNotAllowed);

    // A credential that names another issuer than the key's entry.
    let v = verifier(&f, &f.bundle(), Policy::default());
    let forged_iss = ColorCodeIssuer::with_derived_salt(f.gd.clone(), &f.zj_uscc)
        .expect("issuer")
        .issue(&f.color_request(Color::Green, "CC-T-4"), NOW - 10)
        .expect("issue");
    assert_eq!(v.verify(&forged_iss, NOW).code, ErrorCode::IssuerNotAllowed);
    assert!(v.verify(&qr, NOW).passed);
}

#[test]
fn verdict_json_has_the_stable_fields() {
    let f = Fixture::new();
    let v = verifier(&f, &f.bundle(), Policy::default());
    let json: serde_json::Value =
        serde_json::from_str(&v.verify(&green(&f, NOW), NOW).to_json()).expect("json");
    assert_eq!(json["passed"], true);
    assert_eq!(json["code"], 0);
    assert_eq!(json["code_name"], "Ok");
    assert_eq!(json["kind"], "health_code");
    assert_eq!(json["issuer"], "广东省卫生健康委员会");
    assert_eq!(json["credential"]["type"], "color_code");
    assert_eq!(json["credential"]["color"], "green");
    let bad: serde_json::Value =
        serde_json::from_str(&v.verify("EL1:", NOW).to_json()).expect("json");
    assert_eq!(bad["passed"], false);
    assert!(bad["code"].as_u64().is_some_and(|c| c >= 2000));
    assert!(bad["credential"].is_null());
}

#[test]
fn one_verifier_shared_by_eight_threads_gives_identical_verdicts() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Verifier>();
    let f = Fixture::new();
    let v = Arc::new(verifier(&f, &f.bundle(), Policy::default()));
    let qrs: Arc<Vec<String>> = Arc::new(
        generator::generate()
            .expect("vectors")
            .1
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).expect("line")["qr"]
                    .as_str()
                    .expect("qr")
                    .to_owned()
            })
            .collect(),
    );
    let expected: Vec<_> = qrs.iter().map(|q| v.verify(q, NOW)).collect();
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let (v, qrs) = (Arc::clone(&v), Arc::clone(&qrs));
            std::thread::spawn(move || {
                (0..5)
                    .flat_map(|_| qrs.iter().map(|q| v.verify(q, NOW)).collect::<Vec<_>>())
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for h in handles {
        let got = h.join().expect("thread");
        for chunk in got.chunks(expected.len()) {
            assert_eq!(chunk, expected.as_slice());
        }
    }
}

proptest! {
    #[test]
    fn no_input_panics(text in ".{0,400}", flips in proptest::collection::vec((0usize..2000, 0u8..8), 0..4)) {
        let f = Fixture::new();
        let v = verifier(&f, &f.bundle(), Policy::default());
        let verdict = v.verify(&text, NOW);
        prop_assert!(!verdict.passed);
        // Random bit flips in a genuine code's COSE bytes never pass and never panic.
        let qr = green(&f, NOW);
        let (prefix, mut cose) = govcred::codec::decode_qr(&qr).expect("decode");
        for (at, bit) in &flips {
            let i = at % cose.len();
            cose[i] ^= 1 << bit;
        }
        let mutated = govcred::codec::encode_qr(prefix, &cose);
        let verdict = v.verify(&mutated, NOW);
        prop_assert_eq!(verdict.passed, flips.is_empty() || mutated == qr);
    }
}
