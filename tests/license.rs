//! E-license issue and verify: an inconsistent license cannot be built (so cannot be issued), verification gives a
//! distinct code per failure, and the QR text stays small.

use govcred::ErrorCode;
use govcred::codec;
use govcred::license::{self, HolderCodeType, License, LicenseFields, LicenseIssuer, SurfaceItem};
use govcred::sm2::PrivateKey;

const NOW: i64 = 1_795_305_600; // 2026-11-22T00:00:00Z

fn example(file: &str) -> LicenseFields {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(file);
    serde_json::from_str(&std::fs::read_to_string(path).expect("example file"))
        .expect("example JSON")
}

fn issuer() -> LicenseIssuer {
    LicenseIssuer::new(
        PrivateKey::from_hex("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8")
            .expect("key"),
    )
    .expect("issuer")
}

fn license(fields: &LicenseFields) -> License {
    License::try_from(fields.clone()).expect("a consistent license")
}

fn refuse(fields: &LicenseFields) -> ErrorCode {
    License::try_from(fields.clone())
        .expect_err("an inconsistent license must not be built")
        .code()
}

#[test]
fn examples_round_trip_and_fit_a_qr_code() {
    for file in ["business_license.json", "driving_license.json"] {
        let license = license(&example(file));
        let qr = issuer().issue(&license, NOW).expect("issue");
        println!("{file}: {} characters", qr.len());
        assert!(qr.starts_with("EL1:"));
        let verified = license::verify(&qr, &[*issuer().public_key()], NOW).expect("verify");
        assert_eq!(verified, license);
    }
    let business = issuer()
        .issue(&license(&example("business_license.json")), NOW)
        .expect("issue");
    assert!(
        business.len() < 600,
        "business license QR is {} characters",
        business.len()
    );
}

#[test]
fn a_longer_license_with_custom_labels_and_ofd_digest_round_trips() {
    let mut l = example("business_license.json");
    l.surface.push(SurfaceItem {
        label: "住所".into(),
        value: "浙江省杭州市西湖区云栖小镇8号".into(),
    });
    l.surface.push(SurfaceItem {
        label: "自定义项目".into(),
        value: String::new(),
    });
    l.ofd_sm3 = Some(govcred::internal::hex::encode(&govcred::sm3::sm3(
        b"the OFD file",
    )));
    l.valid_until = Some("2046-05-17".parse().expect("date"));
    let l = license(&l);
    let qr = issuer().issue(&l, NOW).expect("issue");
    println!(
        "business license with address and OFD digest: {} characters",
        qr.len()
    );
    assert_eq!(
        license::verify(&qr, &[*issuer().public_key()], NOW).expect("verify"),
        l
    );
}

#[test]
fn issuer_refuses_inconsistent_licenses() {
    let good = example("business_license.json");
    let mut l = good.clone();
    l.identifier.pop();
    l.identifier.push(if good.identifier.ends_with('5') {
        '6'
    } else {
        '5'
    });
    assert_eq!(refuse(&l), ErrorCode::BadLicenseId, "wrong check character");

    let mut l = good.clone();
    l.issuer_code = "91310115591693856A".into();
    assert_eq!(
        refuse(&l),
        ErrorCode::BadLicenseField,
        "identifier names another issuer"
    );

    let mut l = good.clone();
    l.type_code = "11100000000013127D002".into();
    assert_eq!(
        refuse(&l),
        ErrorCode::BadLicenseField,
        "identifier names another type"
    );

    let mut l = good.clone();
    l.holder_code = "91330106MA2H0K1T4X".into();
    assert_eq!(refuse(&l), ErrorCode::BadUscc, "holder USCC check");

    let mut l = good.clone();
    l.holder_code_type = HolderCodeType::ResidentId;
    assert_eq!(
        refuse(&l),
        ErrorCode::BadResidentId,
        "holder code of the wrong type"
    );

    let mut l = example("driving_license.json");
    l.holder_code = "110105194902310021".into();
    assert_eq!(refuse(&l), ErrorCode::BadResidentId, "31 February");

    let mut l = good.clone();
    l.valid_until = Some("2019-01-01".parse().expect("date"));
    assert_eq!(
        refuse(&l),
        ErrorCode::BadDates,
        "valid until before valid from"
    );

    let mut l = good.clone();
    l.holder_name = "  ".into();
    assert_eq!(refuse(&l), ErrorCode::BadLicenseField, "empty holder name");

    let mut l = good;
    l.ofd_sm3 = Some("ABCD".into());
    assert_eq!(refuse(&l), ErrorCode::BadLicenseField, "short OFD digest");
}

#[test]
fn json_input_is_checked_strictly() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/business_license.json"),
    )
    .expect("file");
    let bad_date = text.replace("2026-11-20", "2026-02-30");
    assert!(serde_json::from_str::<License>(&bad_date).is_err());
    let unknown_field = text.replacen("\"name\"", "\"nmae\": \"x\", \"name\"", 1);
    assert!(serde_json::from_str::<License>(&unknown_field).is_err());
}

#[test]
fn verification_gives_distinct_codes() {
    let issuer = issuer();
    let key = *issuer.public_key();
    let mut driving = example("driving_license.json");
    let qr = issuer.issue(&license(&driving), NOW).expect("issue");

    // Tampered: one bit of the payload.
    let (prefix, mut cose) = codec::decode_qr(&qr).expect("decode");
    cose[30] ^= 0x04;
    let tampered = codec::encode_qr(prefix, &cose);
    assert_eq!(
        license::verify(&tampered, &[key], NOW).unwrap_err().code(),
        ErrorCode::SignatureInvalid
    );

    // Wrong key: nothing trusted has the kid.
    let other = *PrivateKey::generate().expect("key").public_key();
    assert_eq!(
        license::verify(&qr, &[other], NOW).unwrap_err().code(),
        ErrorCode::UnknownIssuer
    );

    // Expired: the day after valid until ends (China Standard Time), with the verifier's
    // default clock skew, as every verification path applies it.
    let skew = govcred::Policy::default().clock_skew_secs;
    let end = driving.valid_until.expect("until").end_cst();
    assert!(license::verify(&qr, &[key], end + skew - 1).is_ok());
    assert_eq!(
        license::verify(&qr, &[key], end + skew).unwrap_err().code(),
        ErrorCode::Expired
    );
    // Issued in the terminal's future beyond the skew.
    assert_eq!(
        license::verify(&qr, &[key], NOW - skew - 1)
            .unwrap_err()
            .code(),
        ErrorCode::ClockSuspect
    );

    // Not yet valid.
    driving.valid_from = "2027-01-01".parse().expect("date");
    let future = issuer.issue(&license(&driving), NOW).expect("issue");
    assert_eq!(
        license::verify(&future, &[key], NOW).unwrap_err().code(),
        ErrorCode::NotYetValid
    );

    // Malformed.
    assert_eq!(
        license::verify("EL1:%%%", &[key], NOW).unwrap_err().code(),
        ErrorCode::BadBase45
    );
    assert_eq!(
        license::verify("QQ1:ABC", &[key], NOW).unwrap_err().code(),
        ErrorCode::UnknownFormat
    );
    let not_cose = codec::encode_qr(codec::Prefix::License, b"\x01");
    assert_eq!(
        license::verify(&not_cose, &[key], NOW).unwrap_err().code(),
        ErrorCode::BadCose
    );
}
