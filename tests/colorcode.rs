//! Color codes: the QR carries only the minimal form; the record stays with the issuer.

use govcred::ErrorCode;
use govcred::codec;
use govcred::colorcode::{
    CodeKind, Color, ColorCode, ColorCodeIssuer, ColorCodeRequest, HolderIdType, HolderRecord, Sex,
};
use govcred::sm2::PrivateKey;

const NOW: i64 = 1_795_305_600;
const ISSUER_USCC: &str = "11440000006954307X";

fn request() -> ColorCodeRequest {
    ColorCodeRequest {
        kind: CodeKind::Safety,
        color: Color::Yellow,
        serial: "GD-20261122-0042".into(),
        holder: HolderRecord {
            name: "欧阳小锋".into(),
            sex: Sex::Male,
            nationality: "CHN".into(),
            id_type: HolderIdType::ResidentId,
            id_number: "440524188001010014".into(),
            region: "440106".into(),
            address: "广东省广州市天河区体育西路191号".into(),
            phone: "13912345678".into(),
            temperature: Some(37.9),
            symptoms: vec!["发热".into(), "咳嗽".into()],
            risk_area_travel: vec!["某市某区".into()],
        },
        lifetime_secs: Some(120),
    }
}

fn issuer() -> ColorCodeIssuer {
    ColorCodeIssuer::new(PrivateKey::generate().expect("key"), ISSUER_USCC, [7u8; 32])
        .expect("issuer")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn qr_carries_no_id_number_address_phone_or_health_data() {
    let issuer = issuer();
    let req = request();
    let qr = issuer.issue(&req, NOW).expect("issue");
    println!("color code QR: {} characters", qr.len());
    assert!(qr.starts_with("CC1:"));
    let (_, cose) = codec::decode_qr(&qr).expect("decode");
    let h = &req.holder;
    for secret in [
        h.id_number.as_str(),
        &h.id_number[6..14], // the birth date alone
        &h.id_number[..10],
        h.address.as_str(),
        "体育西路",
        h.phone.as_str(),
        "发热",
        "咳嗽",
        "某市某区",
        "37.9",
        h.name.as_str(),
        "小锋",
    ] {
        assert!(!contains(&cose, secret.as_bytes()), "QR leaks {secret:?}");
    }
    // What the gate needs is there.
    assert!(contains(&cose, "欧**锋".as_bytes()));
    assert!(contains(&cose, b"4405**********0014"));
    assert!(contains(&cose, &issuer.id_digest(&h.id_number)));
}

#[test]
fn derived_form_and_counter_lookup() {
    let issuer = issuer();
    let code = issuer.derive(&request(), NOW).expect("derive");
    assert_eq!(code.holder_name_masked(), "欧**锋");
    assert_eq!(code.holder_id_masked(), "4405**********0014");
    assert_eq!(code.expires_at(), NOW + 120);
    assert_eq!(code.issuer_code().as_str(), ISSUER_USCC);
    assert_eq!(
        code.holder_id_digest(),
        &issuer.id_digest("440524188001010014")
    );
    assert_ne!(
        code.holder_id_digest(),
        &issuer.id_digest("11010519491231002X")
    );
    // The JSON form is text and goes back through the same checks.
    let fields = code.to_fields();
    assert_eq!(
        fields.holder_id_digest,
        govcred::internal::hex::encode(&issuer.id_digest("440524188001010014"))
    );
    let json = serde_json::to_string(&code).expect("json");
    assert_eq!(
        serde_json::from_str::<ColorCode>(&json).expect("parse"),
        code
    );
    for (field, bad) in [
        ("holder_id_digest", "\"AB\""),
        ("region", "\"990000\""),
        ("issuer_code", "\"91330000MB0000000X\""),
        ("expires_at", "0"),
        ("serial", "\"a b\""),
    ] {
        let mut v: serde_json::Value = serde_json::from_str(&json).expect("json");
        v[field] = serde_json::from_str(bad).expect("value");
        assert!(
            serde_json::from_str::<ColorCode>(&v.to_string()).is_err(),
            "{field} = {bad} accepted"
        );
    }
    // Another salt gives another digest: without the salt the digest says nothing.
    let other = ColorCodeIssuer::new(PrivateKey::generate().expect("key"), ISSUER_USCC, [8u8; 32])
        .expect("issuer");
    assert_ne!(
        other.id_digest("440524188001010014"),
        issuer.id_digest("440524188001010014")
    );
    // Debug of the record never prints the ID number or name.
    let debug = format!("{:?}", request().holder);
    assert!(
        !debug.contains("440524188001010014") && !debug.contains("欧阳小锋"),
        "{debug}"
    );
}

#[test]
fn issuer_refuses_bad_records() {
    let issuer = issuer();
    let mut r = request();
    r.holder.id_number = "440524188001010015".into();
    assert_eq!(
        issuer.issue(&r, NOW).unwrap_err().code(),
        ErrorCode::BadResidentId
    );
    let mut r = request();
    r.holder.region = "990000".into();
    assert_eq!(
        issuer.issue(&r, NOW).unwrap_err().code(),
        ErrorCode::BadRegionCode
    );
    let mut r = request();
    r.lifetime_secs = Some(86_401);
    assert_eq!(
        issuer.issue(&r, NOW).unwrap_err().code(),
        ErrorCode::BadColorCodeField
    );
    let mut r = request();
    r.serial = "bad serial".into();
    assert_eq!(
        issuer.issue(&r, NOW).unwrap_err().code(),
        ErrorCode::BadColorCodeField
    );
    let mut r = request();
    r.holder.nationality = "China".into();
    assert_eq!(
        issuer.issue(&r, NOW).unwrap_err().code(),
        ErrorCode::BadColorCodeField
    );
    assert_eq!(
        ColorCodeIssuer::new(
            PrivateKey::generate().expect("key"),
            "91310115591693856B",
            [0; 32]
        )
        .unwrap_err()
        .code(),
        ErrorCode::BadUscc
    );
}
