//! `govcred demo`: the whole story in one command, with fresh keys.

use std::io::Write;

use govcred::colorcode::{
    CodeKind, Color, ColorCodeIssuer, ColorCodeRequest, HolderIdType, HolderRecord, Sex,
};
use govcred::license::{HolderCodeType, License, LicenseFields, LicenseIssuer, SurfaceItem};
use govcred::sm2::{DEFAULT_ID, PrivateKey, SigningKey};
use govcred::trust::{CredentialKind, IssuerEntry, TrustBundleBuilder};
use govcred::verify::{Policy, Verdict, Verifier};
use govcred::{Error, codec};

// Codes below are valid (check characters computed); the organisations are illustrative.
const ZJ_AMR: &str = "113300000024701618";
const GD_HEALTH: &str = "11440000006954307X";
const BUSINESS_LICENSE_TYPE: &str = "11100000000013338W001";
const HOLDER_USCC: &str = "91330106MA2H0K1T4H";
const LICENSE_ID: &str =
    "1.2.156.3005.2.11100000000013338W001.113300000024701618.LIC2026112000001.001.V";

pub(crate) fn run(now: i64, out: &mut dyn Write) -> Result<(), Error> {
    let io = |e: std::io::Error| Error::new(govcred::ErrorCode::Internal, e.to_string());
    writeln!(
        out,
        "govcred demo — issue, render and verify offline (now = {now}, {})\n",
        crate::time::display_time(now).unwrap_or_default()
    )
    .map_err(io)?;

    // Platform side: a root, two provincial issuers, a signed trust bundle.
    let root = PrivateKey::generate()?;
    let zj_key = PrivateKey::generate()?;
    let gd_key = PrivateKey::generate()?;
    let issuer = |key: &PrivateKey,
                  name: &str,
                  uscc: &str,
                  region: &str,
                  kinds: Vec<CredentialKind>,
                  types: Vec<String>| IssuerEntry {
        kid: key.public_key().kid(),
        name: name.to_owned(),
        uscc: uscc.to_owned(),
        region: region.to_owned(),
        public_key: *key.public_key(),
        kinds,
        license_types: types,
        valid_from: now - 86_400,
        valid_until: now + 365 * 86_400,
        revoked: Default::default(),
    };
    let bundle = TrustBundleBuilder {
        version: 1,
        issued_at: now,
        next_update: now + 7 * 86_400,
        issuers: vec![
            issuer(
                &zj_key,
                "浙江省市场监督管理局",
                ZJ_AMR,
                "330000",
                vec![CredentialKind::License],
                vec![BUSINESS_LICENSE_TYPE.to_owned()],
            ),
            issuer(
                &gd_key,
                "广东省卫生健康委员会",
                GD_HEALTH,
                "440000",
                vec![CredentialKind::HealthCode],
                vec![],
            ),
        ],
    };
    let bundle_bytes = bundle.sign(&SigningKey::new(root.clone(), DEFAULT_ID)?)?;
    writeln!(
        out,
        "platform: root key {}, trust bundle v1 with 2 issuers ({} bytes)",
        govcred::internal::hex::encode(&root.public_key().kid()),
        bundle_bytes.len()
    )
    .map_err(io)?;

    // Issuers: a business license from Zhejiang, a green and a red health code from Guangdong.
    let license = License::try_from(LicenseFields {
        name: "营业执照".into(),
        type_code: BUSINESS_LICENSE_TYPE.into(),
        number: HOLDER_USCC.into(),
        identifier: LICENSE_ID.into(),
        issuer_name: "浙江省市场监督管理局".into(),
        issuer_code: ZJ_AMR.into(),
        issue_date: "2026-11-20".parse()?,
        valid_from: "2026-11-20".parse()?,
        valid_until: None,
        holder_name: "杭州云栖数据科技有限公司".into(),
        holder_code: HOLDER_USCC.into(),
        holder_code_type: HolderCodeType::Uscc,
        surface: vec![
            SurfaceItem {
                label: "类型".into(),
                value: "有限责任公司".into(),
            },
            SurfaceItem {
                label: "法定代表人".into(),
                value: "王明".into(),
            },
            SurfaceItem {
                label: "注册资本".into(),
                value: "壹仟万元整".into(),
            },
        ],
        ofd_sm3: None,
    })?;
    let license_qr = LicenseIssuer::new(zj_key)?.issue(&license, now)?;
    let health = ColorCodeIssuer::with_derived_salt(gd_key, GD_HEALTH)?;
    let request = |color, serial: &str| ColorCodeRequest {
        kind: CodeKind::Health,
        color,
        serial: serial.into(),
        holder: HolderRecord {
            name: "张三丰".into(),
            sex: Sex::Male,
            nationality: "CHN".into(),
            id_type: HolderIdType::ResidentId,
            id_number: "11010519491231002X".into(),
            region: "440106".into(),
            address: "广东省广州市天河区体育西路1号".into(),
            phone: "13800138000".into(),
            temperature: Some(36.5),
            symptoms: vec![],
            risk_area_travel: vec![],
        },
        lifetime_secs: None,
    };
    let green_qr = health.issue(&request(Color::Green, "GD-0001"), now - 20)?;
    let red_qr = health.issue(&request(Color::Red, "GD-0002"), now - 20)?;
    let expired_qr = health.issue(&request(Color::Green, "GD-0003"), now - 3600)?;
    let forger = LicenseIssuer::new(PrivateKey::generate()?)?;
    let forged_qr = forger.issue(&license, now)?;
    // A genuine code whose color was edited after signing.
    let edited_qr = {
        let (prefix, mut cose) = codec::decode_qr(&red_qr)?;
        let last = cose.len() - 70;
        cose[last] ^= 0x02;
        codec::encode_qr(prefix, &cose)
    };
    for (label, qr) in [
        ("business license", &license_qr),
        ("green health code", &green_qr),
    ] {
        writeln!(
            out,
            "{label} QR payload ({} characters):\n{}{qr}\n",
            qr.len(),
            crate::qr::terminal(qr)?
        )
        .map_err(io)?;
    }

    // Terminal side: only the pinned root's public key and the bundle, offline.
    let verifier =
        Verifier::from_bundle_bytes(&bundle_bytes, &[*root.public_key()], Policy::default())?;
    let cases = [
        ("business license (浙江)", &license_qr),
        ("green health code (广东)", &green_qr),
        ("red health code", &red_qr),
        ("forged license (unknown key)", &forged_qr),
        ("edited health code", &edited_qr),
        ("expired health code", &expired_qr),
    ];
    writeln!(out, "terminal (offline, pinned root only):").map_err(io)?;
    writeln!(
        out,
        "  {} {:<6} {:<5} shows",
        pad("credential", 30),
        "result",
        "code"
    )
    .map_err(io)?;
    for (label, qr) in cases {
        let v: Verdict = verifier.verify(qr, now);
        let result = if v.passed { "PASS" } else { "REFUSE" };
        writeln!(
            out,
            "  {} {:<6} {:<5} {}",
            pad(label, 30),
            result,
            v.code.as_u32(),
            v.display
        )
        .map_err(io)?;
    }
    Ok(())
}

// Pads to a terminal width, counting CJK characters as two columns.
fn pad(text: &str, width: usize) -> String {
    let used: usize = text
        .chars()
        .map(|c| if c >= '\u{2E80}' { 2 } else { 1 })
        .sum();
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}
