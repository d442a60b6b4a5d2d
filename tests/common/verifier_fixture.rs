//! The fixture behind the shared verifier vectors in tests/vectors/verifier/: fixed keys,
//! times, bundles and the cases. Signing is deterministic (RFC 6979), so `generate` reproduces
//! the committed files byte for byte; `tests/verifier_vectors.rs` checks that they have not
//! drifted and rewrites them under `UPDATE_VECTORS=1`. Tests and benches include this file
//! with `#[path]`.
//!
//! The fuzz crate includes it too and reaches its items from outside, so they stay `pub`.
#![allow(unreachable_pub)]

use govcred::codec::{self, Prefix};
use govcred::colorcode::{
    CodeKind, Color, ColorCodeIssuer, ColorCodeRequest, HolderIdType, HolderRecord, Sex,
};
use govcred::ids::{LicenseId, Uscc};
use govcred::license::{HolderCodeType, License, LicenseFields, LicenseIssuer, SurfaceItem};
use govcred::sm2::{DEFAULT_ID, PrivateKey, SigningKey};
use govcred::sm3::Sm3;
use govcred::trust::{CredentialKind, IssuerEntry, TrustBundleBuilder};
use govcred::{Error, ErrorCode};

/// 2026-11-22T00:00:00Z, the time every case is verified at unless it says otherwise.
pub const NOW: i64 = 1_795_305_600;

/// A private key derived from a label, so the vectors never change.
pub fn fixed_key(label: &str) -> PrivateKey {
    (0u32..)
        .find_map(|i| {
            let d = Sm3::new()
                .chain(b"govcred test key ")
                .chain(label.as_bytes())
                .chain(&i.to_be_bytes())
                .finalize();
            PrivateKey::from_bytes(&d).ok()
        })
        .unwrap_or_else(|| unreachable!())
}

/// A valid 统一社会信用代码 from its department/category, region and 8-character
/// organisation-code stem (both check characters computed).
pub fn uscc(dept_cat: &str, region: &str, org8: &str) -> String {
    const WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = org8
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(36).unwrap_or(0) * w)
        .sum();
    let org_check = match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        n => char::from_digit(n, 10).unwrap_or('0'),
    };
    let first17 = format!("{dept_cat}{region}{org8}{org_check}");
    format!("{first17}{}", Uscc::compute_check(&first17).unwrap_or('0'))
}

pub struct Fixture {
    pub roots: Vec<PrivateKey>,
    pub unknown_root: PrivateKey,
    pub zj: PrivateKey,
    pub gd: PrivateKey,
    pub collide_a: PrivateKey,
    pub collide_b: PrivateKey,
    pub outsider: PrivateKey,
    pub zj_uscc: String,
    pub gd_uscc: String,
    pub type_code: String,
    pub collide_kid: [u8; 8],
}

impl Fixture {
    pub fn new() -> Fixture {
        let samr = uscc("11", "100000", "00001333");
        Fixture {
            roots: vec![fixed_key("root-2025"), fixed_key("root-2026")],
            unknown_root: fixed_key("root-unknown"),
            zj: fixed_key("zhejiang-amr"),
            gd: fixed_key("guangdong-health"),
            collide_a: fixed_key("collide-a"),
            collide_b: fixed_key("collide-b"),
            outsider: fixed_key("outsider"),
            zj_uscc: uscc("11", "330000", "00247016"),
            gd_uscc: uscc("11", "440000", "00695430"),
            type_code: format!("{samr}001"),
            collide_kid: *b"\x0c\x01\x11\x1d\xe0\x00\x00\x01",
        }
    }

    fn issuer(
        &self,
        key: &PrivateKey,
        name: &str,
        uscc: &str,
        region: &str,
        kinds: Vec<CredentialKind>,
    ) -> IssuerEntry {
        IssuerEntry {
            kid: key.public_key().kid(),
            name: name.to_owned(),
            uscc: uscc.to_owned(),
            region: region.to_owned(),
            public_key: *key.public_key(),
            kinds,
            license_types: vec![self.type_code.clone()],
            valid_from: NOW - 365 * 86_400,
            valid_until: NOW + 365 * 86_400,
            revoked: ["LICREVOKED01".to_owned(), "CC-REVOKED-1".to_owned()]
                .into_iter()
                .collect(),
        }
    }

    pub fn bundle(&self) -> TrustBundleBuilder {
        let mut a = self.issuer(
            &self.collide_a,
            "碰撞测试机构甲",
            &self.gd_uscc,
            "440000",
            vec![CredentialKind::HealthCode],
        );
        a.kid = self.collide_kid;
        let mut b = self.issuer(
            &self.collide_b,
            "广东省卫生健康委员会（备用密钥）",
            &self.gd_uscc,
            "440000",
            vec![CredentialKind::HealthCode],
        );
        b.kid = self.collide_kid;
        TrustBundleBuilder {
            version: 7,
            issued_at: NOW - 86_400,
            next_update: NOW + 6 * 86_400,
            issuers: vec![
                self.issuer(
                    &self.zj,
                    "浙江省市场监督管理局",
                    &self.zj_uscc,
                    "330000",
                    vec![CredentialKind::License],
                ),
                self.issuer(
                    &self.gd,
                    "广东省卫生健康委员会",
                    &self.gd_uscc,
                    "440000",
                    vec![CredentialKind::HealthCode, CredentialKind::SafetyCode],
                ),
                a,
                b,
            ],
        }
    }

    pub fn license(&self, serial: &str, until: Option<&str>, from: &str) -> License {
        License::try_from(self.license_fields(serial, until, from))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    pub fn license_fields(&self, serial: &str, until: Option<&str>, from: &str) -> LicenseFields {
        let id = LicenseId::build(&self.type_code, &self.zj_uscc, serial, "001")
            .unwrap_or_else(|e| panic!("{e}"));
        let holder = uscc("91", "330106", "MA2H0K1T");
        LicenseFields {
            name: "营业执照".into(),
            type_code: self.type_code.clone(),
            number: holder.clone(),
            identifier: id.to_string(),
            issuer_name: "浙江省市场监督管理局".into(),
            issuer_code: self.zj_uscc.clone(),
            issue_date: from.parse().unwrap_or_else(|e| panic!("{e:?}")),
            valid_from: from.parse().unwrap_or_else(|e| panic!("{e:?}")),
            valid_until: until.map(|u| u.parse().unwrap_or_else(|e| panic!("{e:?}"))),
            holder_name: "杭州云栖数据科技有限公司".into(),
            holder_code: holder,
            holder_code_type: HolderCodeType::Uscc,
            surface: vec![
                SurfaceItem {
                    label: "类型".into(),
                    value: "有限责任公司（自然人投资或控股）".into(),
                },
                SurfaceItem {
                    label: "法定代表人".into(),
                    value: "王明".into(),
                },
                SurfaceItem {
                    label: "注册资本".into(),
                    value: "壹仟万元整".into(),
                },
                SurfaceItem {
                    label: "住所".into(),
                    value: "浙江省杭州市西湖区云栖小镇8号".into(),
                },
            ],
            ofd_sm3: None,
        }
    }

    pub fn color_request(&self, color: Color, serial: &str) -> ColorCodeRequest {
        ColorCodeRequest {
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
                temperature: Some(36.6),
                symptoms: vec![],
                risk_area_travel: vec![],
            },
            lifetime_secs: None,
        }
    }
}

impl Default for Fixture {
    fn default() -> Self {
        Self::new()
    }
}

fn hex(b: &[u8]) -> String {
    govcred::internal::hex::encode(b)
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))
}

fn sign_bundle(bundle: &TrustBundleBuilder, root: &PrivateKey) -> Result<Vec<u8>, Error> {
    bundle.sign(&SigningKey::new(root.clone(), DEFAULT_ID)?)
}

fn license_qr(key: &PrivateKey, license: &License, iat: i64) -> Result<String, Error> {
    LicenseIssuer::new(key.clone())?.issue(license, iat)
}

fn color_qr(
    f: &Fixture,
    key: &PrivateKey,
    kid: Option<[u8; 8]>,
    color: Color,
    serial: &str,
    iat: i64,
) -> Result<String, Error> {
    let mut issuer = ColorCodeIssuer::with_derived_salt(key.clone(), &f.gd_uscc)?;
    if let Some(kid) = kid {
        issuer = issuer.with_kid(kid);
    }
    issuer.issue(&f.color_request(color, serial), iat)
}

/// Flips one bit of the COSE bytes inside a QR text at `offset` from the end (or start).
fn tamper(qr: &str, from_end: bool, offset: usize) -> Result<String, Error> {
    let (prefix, mut cose) = codec::decode_qr(qr)?;
    let i = if from_end {
        cose.len() - 1 - offset
    } else {
        offset
    };
    cose[i] ^= 0x01;
    Ok(codec::encode_qr(prefix, &cose))
}

/// (setup.json, cases.jsonl)
/// `color-code-request.json`: the color-code request every door's issuing test reads and
/// passes through unchanged (the CLI's `--in`, the C door's `request_json`, UniFFI's and
/// Java's `issue`), issued with setup.json's `issuing` key, issuer code and time into its
/// `color_code_case`. The same request as setup.json's `color_code_request_json`, as a file.
#[allow(dead_code)] // not every test that includes the fixture writes the files
pub fn color_code_request_file() -> Result<String, Error> {
    let f = Fixture::new();
    let text = serde_json::to_string_pretty(&green_request(&f))
        .map_err(|e| Error::new(govcred::ErrorCode::Internal, e.to_string()))?;
    Ok(format!("{text}\n"))
}

fn green_request(f: &Fixture) -> ColorCodeRequest {
    f.color_request(Color::Green, "CC-20261122-0001")
}

pub fn generate() -> Result<(String, String), Error> {
    let f = Fixture::new();
    let bundle = f.bundle();
    let default = sign_bundle(&bundle, &f.roots[1])?;
    let unknown_root = sign_bundle(&bundle, &f.unknown_root)?;
    let mut tampered = default.clone();
    // Flip a bit inside an issuer's name, well inside the payload.
    let at = tampered.len() / 2;
    tampered[at] ^= 0x01;

    let lic = f.license("LIC2026000123", Some("2046-11-20"), "2026-11-20");
    let green_request = green_request(&f);
    let setup = serde_json::json!({
        "source": "tests/common/verifier_fixture.rs (deterministic: fixed keys, RFC 6979 signatures)",
        "policy": "default (clock skew 300 s, max color-code age 3600 s, accepted colors [green], bundle grace 259200 s)",
        "roots": f.roots.iter().map(|r| hex(&r.public_key().to_uncompressed())).collect::<Vec<_>>(),
        "bundles": {
            "default": hex(&default),
            "unknown-root": hex(&unknown_root),
            "tampered": hex(&tampered),
        },
        // What the issuing side of a door needs to reproduce two cases byte for byte
        // (test keys only; the inputs are JSON text, as legacy systems pass them).
        "issuing": {
            "license_issuer_key": hex(f.zj.to_bytes().as_slice()),
            "license_json": json(&lic)?,
            "license_issued_at": NOW - 3600,
            "license_case": "valid-license",
            "color_code_issuer_key": hex(f.gd.to_bytes().as_slice()),
            "color_code_issuer_code": f.gd_uscc,
            "color_code_request_json": json(&green_request)?,
            "color_code_issued_at": NOW - 30,
            "color_code_case": "valid-health-code-green",
        }
    });

    let valid_license = license_qr(&f.zj, &lic, NOW - 3600)?;
    let expired = license_qr(
        &f.zj,
        &f.license("LIC2006000777", Some("2026-11-20"), "2006-11-21"),
        NOW - 86_400 * 3,
    )?;
    let not_yet = license_qr(
        &f.zj,
        &f.license("LIC2026000999", None, "2026-12-01"),
        NOW - 60,
    )?;
    let revoked = license_qr(
        &f.zj,
        &f.license("LICREVOKED01", None, "2026-01-05"),
        NOW - 60,
    )?;
    let outsider = license_qr(&f.outsider, &lic, NOW - 60)?;
    // The health-code issuer signs a business license: valid signature, no right to it.
    let wrong_kind = {
        let mut l = f.license_fields("LIC2026000555", None, "2026-11-01");
        l.issuer_code = f.gd_uscc.clone();
        l.identifier =
            LicenseId::build(&f.type_code, &f.gd_uscc, "LIC2026000555", "001")?.to_string();
        license_qr(&f.gd, &License::try_from(l)?, NOW - 60)?
    };
    let green = color_qr(&f, &f.gd, None, Color::Green, "CC-20261122-0001", NOW - 30)?;
    let yellow = color_qr(&f, &f.gd, None, Color::Yellow, "CC-20261122-0002", NOW - 30)?;
    let red = color_qr(&f, &f.gd, None, Color::Red, "CC-20261122-0003", NOW - 30)?;
    let collision = color_qr(
        &f,
        &f.collide_b,
        Some(f.collide_kid),
        Color::Green,
        "CC-20261122-0004",
        NOW - 30,
    )?;
    let expired_code = color_qr(
        &f,
        &f.gd,
        None,
        Color::Green,
        "CC-20261121-0005",
        NOW - 1200,
    )?;
    let future_code = color_qr(
        &f,
        &f.gd,
        None,
        Color::Green,
        "CC-20261122-0006",
        NOW + 1200,
    )?;
    let revoked_code = color_qr(&f, &f.gd, None, Color::Green, "CC-REVOKED-1", NOW - 30)?;
    // 1 MiB of zeros deflates to about a kilobyte: small text, huge output.
    let bomb = format!(
        "{}{}",
        Prefix::ColorCode.as_str(),
        govcred::internal::base45::encode(&govcred::internal::zlib::compress(&vec![0u8; 1 << 20]))
    );
    let oversized = format!("EL1:{}", "0".repeat(codec::MAX_QR_TEXT + 3));
    // Cut the base45 body to a length of 3k+1, which no encoding produces.
    let body_len = valid_license.len() - 4;
    let truncated = valid_license[..4 + body_len - (body_len % 3 + 2) % 3].to_owned();

    let cases: Vec<(&str, &str, String, i64, ErrorCode)> = vec![
        (
            "valid-license",
            "default",
            valid_license.clone(),
            NOW,
            ErrorCode::Ok,
        ),
        (
            "valid-health-code-green",
            "default",
            green.clone(),
            NOW,
            ErrorCode::Ok,
        ),
        (
            "refused-health-code-yellow",
            "default",
            yellow,
            NOW,
            ErrorCode::ColorNotAccepted,
        ),
        (
            "refused-health-code-red",
            "default",
            red,
            NOW,
            ErrorCode::ColorNotAccepted,
        ),
        (
            "expired-license",
            "default",
            expired,
            NOW,
            ErrorCode::Expired,
        ),
        (
            "expired-health-code",
            "default",
            expired_code,
            NOW,
            ErrorCode::Expired,
        ),
        (
            "not-yet-valid-license",
            "default",
            not_yet,
            NOW,
            ErrorCode::NotYetValid,
        ),
        (
            "clock-suspect-health-code-from-future",
            "default",
            future_code,
            NOW,
            ErrorCode::ClockSuspect,
        ),
        (
            "tampered-payload",
            "default",
            tamper(&valid_license, false, 40)?,
            NOW,
            ErrorCode::SignatureInvalid,
        ),
        (
            "tampered-signature",
            "default",
            tamper(&valid_license, true, 5)?,
            NOW,
            ErrorCode::SignatureInvalid,
        ),
        (
            "unknown-kid",
            "default",
            outsider,
            NOW,
            ErrorCode::UnknownIssuer,
        ),
        (
            "kid-collision-right-key-second",
            "default",
            collision,
            NOW,
            ErrorCode::Ok,
        ),
        (
            "revoked-license",
            "default",
            revoked,
            NOW,
            ErrorCode::Revoked,
        ),
        (
            "revoked-health-code",
            "default",
            revoked_code,
            NOW,
            ErrorCode::Revoked,
        ),
        (
            "issuer-not-allowed-kind",
            "default",
            wrong_kind,
            NOW,
            ErrorCode::IssuerNotAllowed,
        ),
        (
            "stale-bundle",
            "default",
            green.clone(),
            NOW + 6 * 86_400 + 3 * 86_400 + 1,
            ErrorCode::BundleStale,
        ),
        (
            "bundle-signed-by-unknown-root",
            "unknown-root",
            valid_license.clone(),
            NOW,
            ErrorCode::BundleSignatureInvalid,
        ),
        (
            "tampered-bundle",
            "tampered",
            valid_license.clone(),
            NOW,
            ErrorCode::BundleSignatureInvalid,
        ),
        (
            "unknown-prefix",
            "default",
            format!("XX1:{}", &valid_license[4..]),
            NOW,
            ErrorCode::UnknownFormat,
        ),
        (
            "truncated-base45",
            "default",
            truncated,
            NOW,
            ErrorCode::BadBase45,
        ),
        (
            "zlib-bomb",
            "default",
            bomb,
            NOW,
            ErrorCode::InflateTooLarge,
        ),
        (
            "oversized-input",
            "default",
            oversized,
            NOW,
            ErrorCode::TooLarge,
        ),
        (
            "valid-license-with-scanner-line-breaks",
            "default",
            format!(" {}\r\n{}\n", &valid_license[..40], &valid_license[40..]),
            NOW,
            ErrorCode::Ok,
        ),
    ];
    let mut lines = String::new();
    for (name, bundle, qr, now, code) in cases {
        let line = serde_json::json!({
            "name": name,
            "bundle": bundle,
            "now": now,
            "qr": qr,
            "expected_code": code.as_u32(),
            "expected": code.name(),
        });
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    Ok((
        serde_json::to_string_pretty(&setup).unwrap_or_default() + "\n",
        lines,
    ))
}
