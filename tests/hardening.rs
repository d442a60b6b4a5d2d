//! Defects found by review, each reproduced here: revocation across an issuer's keys,
//! personal data in `Debug`, bundle clock and rollback checks, policy values, date overflow.

#[path = "common/verifier_fixture.rs"]
#[allow(dead_code)]
mod generator;

use generator::{Fixture, NOW};
use govcred::Date;
use govcred::colorcode::{Color, ColorCodeIssuer, HolderIdType};
use govcred::license::{HolderCodeType, License, LicenseIssuer};
use govcred::sm2::{DEFAULT_ID, SigningKey};
use govcred::trust::TrustBundleBuilder;
use govcred::verify::{Policy, Verifier};
use govcred::{ErrorCode, TrustBundle};

fn load(f: &Fixture, bundle: &TrustBundleBuilder) -> TrustBundle {
    let root = SigningKey::new(f.roots[0].clone(), DEFAULT_ID).expect("root");
    let bytes = bundle.sign(&root).expect("sign");
    let roots: Vec<_> = f.roots.iter().map(|r| *r.public_key()).collect();
    TrustBundle::load(&bytes, &roots).expect("load")
}

fn verifier(f: &Fixture, bundle: &TrustBundleBuilder) -> Verifier {
    Verifier::new(load(f, bundle), Policy::default()).expect("verifier")
}

#[test]
fn a_serial_revoked_under_one_key_is_revoked_under_every_key_of_that_issuer() {
    let f = Fixture::new();
    let mut bundle = f.bundle();
    // Entry 1 (the main key) and entry 3 (the backup key) belong to the same issuer.
    assert_eq!(bundle.issuers[1].uscc, bundle.issuers[3].uscc);
    bundle.issuers[1].revoked.insert("CC-ROTATED-1".into());
    bundle.issuers[3].revoked.clear();
    let v = verifier(&f, &bundle);
    let by_backup = ColorCodeIssuer::with_derived_salt(f.collide_b.clone(), &f.gd_uscc)
        .expect("issuer")
        .with_kid(f.collide_kid)
        .issue(&f.color_request(Color::Green, "CC-ROTATED-1"), NOW - 10)
        .expect("issue");
    assert_eq!(v.verify(&by_backup, NOW).code, ErrorCode::Revoked);
    // Another issuer's list does not reach it: the same serial from another issuer passes.
    bundle.issuers[1].revoked.clear();
    bundle.issuers[0].revoked.insert("CC-ROTATED-1".into());
    assert!(verifier(&f, &bundle).verify(&by_backup, NOW).passed);
}

#[test]
fn debug_output_carries_no_personal_data() {
    let f = Fixture::new();
    let v = verifier(&f, &f.bundle());
    let mut fields = f.license_fields("LIC2026000777", None, "2026-01-01");
    let lic = &mut fields;
    lic.holder_name = "欧阳小锋".into();
    lic.holder_code = "11010519491231002X".into();
    lic.holder_code_type = HolderCodeType::ResidentId;
    lic.number = "11010519491231002X".into();
    lic.surface[1].value = "王明远".into();
    let lic = License::try_from(fields.clone()).expect("license");
    let mut passport = fields.clone();
    passport.holder_code = "E12345678".into();
    passport.holder_code_type = HolderCodeType::Passport;
    let passport = License::try_from(passport).expect("license");
    let qr = LicenseIssuer::new(f.zj.clone())
        .expect("issuer")
        .issue(&lic, NOW - 10)
        .expect("issue");
    let verdict = v.verify(&qr, NOW);
    assert!(verdict.passed, "{}", verdict.message);
    let request = f.color_request(Color::Green, "CC-DEBUG-1");
    assert_eq!(request.holder.id_type, HolderIdType::ResidentId);
    let cc = ColorCodeIssuer::with_derived_salt(f.gd.clone(), &f.gd_uscc)
        .expect("issuer")
        .issue(&request, NOW - 10)
        .expect("issue");
    let cc_verdict = v.verify(&cc, NOW);
    assert!(cc_verdict.passed);
    let inspection = govcred::inspect(&qr).expect("inspect");
    let printed = [
        format!("{lic:?}"),
        format!("{fields:?}"),
        format!("{passport:?}"),
        format!("{:?}", passport.holder_code()),
        format!("{verdict:?}"),
        format!("{:?}", verdict.credential),
        format!("{inspection:?}"),
        format!("{request:?}"),
        format!("{cc_verdict:?}"),
        format!("{:#?}", verdict),
    ];
    for text in &printed {
        for secret in [
            "11010519491231002X",
            "欧阳小锋",
            "王明远",
            "张三丰",
            "13800138000",
            "体育西路",
            "E12345678",
        ] {
            assert!(!text.contains(secret), "{secret} printed in {text}");
        }
    }
    // What is printed is still useful: masked forms and the codes that are not personal.
    for text in [&printed[0], &printed[1], &printed[4]] {
        assert!(
            text.contains("欧**锋") && text.contains("1101**********002X"),
            "{text}"
        );
    }
    assert!(printed[3].starts_with("Passport(\"E123*"), "{}", printed[3]);
}

#[test]
fn bundle_issued_after_now_plus_skew_means_the_clock_is_suspect() {
    let f = Fixture::new();
    let mut bundle = f.bundle();
    bundle.issued_at = NOW + 3600;
    bundle.next_update = NOW + 7 * 86_400;
    let v = verifier(&f, &bundle);
    let qr = ColorCodeIssuer::with_derived_salt(f.gd.clone(), &f.gd_uscc)
        .expect("issuer")
        .issue(&f.color_request(Color::Green, "CC-CLOCK-1"), NOW - 10)
        .expect("issue");
    // The terminal clock was set back: its `now` is an hour before the bundle was built.
    assert_eq!(v.verify(&qr, NOW).code, ErrorCode::ClockSuspect);
    let skew = Policy::default().clock_skew_secs;
    assert_eq!(
        v.verify(&qr, NOW + 3600 - skew - 1).code,
        ErrorCode::ClockSuspect
    );
    assert!(v.verify(&qr, NOW + 3600 - skew).code != ErrorCode::ClockSuspect);
}

#[test]
fn an_older_bundle_is_refused_against_the_persisted_minimum_version() {
    let f = Fixture::new();
    let bundle = f.bundle();
    assert_eq!(bundle.version, 7);
    let loaded = load(&f, &bundle);
    assert_eq!(loaded.version(), 7);
    assert!(loaded.clone().require_version_at_least(7).is_ok());
    assert!(loaded.clone().require_version_at_least(0).is_ok());
    assert_eq!(
        loaded.require_version_at_least(8).unwrap_err().code(),
        ErrorCode::BundleRollback
    );
    assert_eq!(ErrorCode::BundleRollback.as_u32(), 6008);
}

#[test]
fn negative_policy_values_are_refused_in_the_core() {
    let f = Fixture::new();
    type Field = fn(&mut Policy) -> &mut i64;
    let fields: [Field; 3] = [
        |p| &mut p.clock_skew_secs,
        |p| &mut p.max_color_code_age_secs,
        |p| &mut p.bundle_grace_secs,
    ];
    for field in fields {
        for bad in [-1, -5, i64::MIN] {
            let mut policy = Policy::default();
            *field(&mut policy) = bad;
            assert_eq!(
                policy.validate().unwrap_err().code(),
                ErrorCode::InvalidArgument
            );
            assert_eq!(
                Verifier::new(load(&f, &f.bundle()), policy)
                    .unwrap_err()
                    .code(),
                ErrorCode::InvalidArgument
            );
        }
        let mut zero = Policy::default();
        *field(&mut zero) = 0;
        assert!(zero.validate().is_ok());
    }
    assert!(Policy::default().validate().is_ok());
}

#[test]
fn dates_from_extreme_unix_times_do_not_overflow() {
    for t in [i64::MAX, i64::MAX - 28_800, i64::MAX - 28_799, i64::MIN, 0] {
        // Out of the supported years, so `None`, never a panic (debug builds checked the
        // addition of the CST offset).
        let _ = Date::from_unix_cst(t);
    }
    assert_eq!(Date::from_unix_cst(i64::MAX), None);
    assert_eq!(
        Date::from_unix_cst(0).map(|d| d.to_yyyymmdd()),
        Some(19_700_101)
    );
}
