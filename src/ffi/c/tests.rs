//! The C door gives the Rust API's answers: every shared verifier case through the exported
//! functions, compared with `Verifier::verify` verdict for verdict.

use std::ffi::c_char;
use std::ptr;

use super::crypto::{govcred_public_key, govcred_public_key_free, govcred_public_key_import};
use super::result::govcred_result;
use super::verify::*;
use crate::sm2::PublicKey;
use crate::verify::{Policy, Verifier};

const SETUP: &str = include_str!("../../../tests/vectors/verifier/setup.json");
const CASES: &str = include_str!("../../../tests/vectors/verifier/cases.jsonl");

fn verdict_json(v: *const govcred_verdict) -> String {
    let mut needed = 0usize;
    // SAFETY: a live verdict; NULL with capacity 0 asks for the size.
    let rc = unsafe { govcred_verdict_json(v, ptr::null_mut(), 0, &mut needed) };
    assert_eq!(rc, govcred_result::BufferTooSmall);
    let mut buf = vec![0u8; needed];
    let mut len = 0usize;
    // SAFETY: `buf` holds `needed` writable bytes.
    let rc =
        unsafe { govcred_verdict_json(v, buf.as_mut_ptr().cast::<c_char>(), needed, &mut len) };
    assert_eq!(rc, govcred_result::Ok);
    assert_eq!(buf.pop(), Some(0), "NUL-terminated");
    assert_eq!(buf.len(), len);
    String::from_utf8(buf).expect("UTF-8")
}

#[test]
fn every_case_through_the_c_abi_matches_the_rust_api() {
    let setup: serde_json::Value = serde_json::from_str(SETUP).expect("setup");
    let root_hex: Vec<&str> = setup["roots"]
        .as_array()
        .expect("roots")
        .iter()
        .map(|r| r.as_str().expect("hex"))
        .collect();
    let mut roots: Vec<*mut govcred_public_key> = Vec::new();
    for hex in &root_hex {
        let mut key = ptr::null_mut();
        // SAFETY: `hex` is readable for its length; `key` is a local out-pointer.
        let rc = unsafe { govcred_public_key_import(hex.as_ptr(), hex.len(), &mut key) };
        assert_eq!(rc, govcred_result::Ok);
        roots.push(key);
    }
    let rust_roots: Vec<PublicKey> = root_hex
        .iter()
        .map(|h| PublicKey::from_hex(h).expect("root"))
        .collect();
    let const_roots: Vec<*const govcred_public_key> =
        roots.iter().map(|&r| r.cast_const()).collect();

    let mut seen = 0;
    for line in CASES.lines() {
        let case: serde_json::Value = serde_json::from_str(line).expect("case");
        let bundle_hex = setup["bundles"][case["bundle"].as_str().expect("bundle")]
            .as_str()
            .expect("bundle hex");
        let bytes = crate::hex::decode(bundle_hex).expect("hex");
        let qr = case["qr"].as_str().expect("qr");
        let now = case["now"].as_i64().expect("now");
        let expected = u32::try_from(case["expected_code"].as_u64().expect("code")).expect("u32");
        let rust = Verifier::from_bundle_bytes(&bytes, &rust_roots, Policy::default());

        let mut bundle = ptr::null_mut();
        // SAFETY: `bytes` and the root array are live for the call; `bundle` is local.
        let rc = unsafe {
            govcred_trust_bundle_load(
                bytes.as_ptr(),
                bytes.len(),
                const_roots.as_ptr(),
                const_roots.len(),
                &mut bundle,
            )
        };
        match rust {
            Err(e) => {
                assert_eq!(rc as u32, e.code().as_u32());
                assert_eq!(rc as u32, expected);
                assert!(bundle.is_null(), "no handle on failure");
            }
            Ok(rust) => {
                assert_eq!(rc, govcred_result::Ok);
                let mut verifier = ptr::null_mut();
                // SAFETY: a live bundle; NULL policy is the default; `verifier` is local.
                let rc = unsafe { govcred_verifier_new(bundle, ptr::null(), &mut verifier) };
                assert_eq!(rc, govcred_result::Ok);
                let mut verdict = ptr::null_mut();
                // SAFETY: a live verifier; `qr` readable for its length; `verdict` is local.
                let rc = unsafe {
                    govcred_verifier_verify(
                        verifier,
                        qr.as_ptr().cast::<c_char>(),
                        qr.len(),
                        now,
                        &mut verdict,
                    )
                };
                assert_eq!(rc, govcred_result::Ok);
                let want = rust.verify(qr, now);
                // SAFETY: a live verdict.
                let code = unsafe { govcred_verdict_code(verdict) };
                assert_eq!(code as u32, expected, "{}", case["name"]);
                // SAFETY: a live verdict.
                assert_eq!(unsafe { govcred_verdict_passed(verdict) }, want.passed);
                assert_eq!(verdict_json(verdict), want.to_json());
                // SAFETY: each handle is live and freed once.
                unsafe {
                    govcred_verdict_free(verdict);
                    govcred_verifier_free(verifier);
                    govcred_trust_bundle_free(bundle);
                }
            }
        }
        seen += 1;
    }
    assert!(seen >= 20);
    for r in roots {
        // SAFETY: each root is live and freed once.
        unsafe { govcred_public_key_free(r) };
    }
}

// The C setters refuse a bad value with the code the core's `Policy::validate` gives for
// it, because they call it.
#[test]
fn policy_setters_refuse_what_the_core_refuses_with_its_code() {
    type Setter = unsafe extern "C" fn(*mut govcred_policy, i64) -> govcred_result;
    type Field = fn(&mut Policy) -> &mut i64;
    let cases: [(Setter, Field); 3] = [
        (govcred_policy_set_clock_skew_secs, |p| {
            &mut p.clock_skew_secs
        }),
        (govcred_policy_set_max_color_code_age_secs, |p| {
            &mut p.max_color_code_age_secs
        }),
        (govcred_policy_set_bundle_grace_secs, |p| {
            &mut p.bundle_grace_secs
        }),
    ];
    for (set, field) in cases {
        for value in [-1, i64::MIN, 0, 5] {
            let mut core = Policy::default();
            *field(&mut core) = value;
            let want = core
                .validate()
                .map_or_else(|e| govcred_result::from(e.code()), |()| govcred_result::Ok);
            let mut policy: *mut govcred_policy = ptr::null_mut();
            // SAFETY: `policy` is writable.
            let created = unsafe { govcred_policy_new(&mut policy) };
            assert_eq!(created, govcred_result::Ok);
            // SAFETY: a live policy, used by this thread only.
            assert_eq!(unsafe { set(policy, value) }, want, "{value}");
            // SAFETY: a live policy, freed once.
            unsafe { govcred_policy_free(policy) };
        }
    }
}
