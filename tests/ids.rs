//! Runs the shared identifier vectors (tests/vectors/ids) through the public API.

use govcred::ErrorCode;
use govcred::ids::{IdError, LicenseId, RegionCode, ResidentId, Uscc, iso7064_mod37_36};

struct Case<'a> {
    line: usize,
    kind: &'a str,
    value: &'a str,
    code: u32,
    detail: &'a str,
}

fn cases(text: &str) -> Vec<Case<'_>> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(i, l)| {
            let f: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(f.len(), 4, "line {}: {l}", i + 1);
            Case {
                line: i + 1,
                kind: f[0],
                value: f[1],
                code: f[2].parse().expect("numeric code"),
                detail: f[3],
            }
        })
        .collect()
}

fn reason(e: &IdError) -> &'static str {
    match e {
        IdError::Length { .. } => "length",
        IdError::Alphabet { .. } => "alphabet",
        IdError::CheckCharacter { .. } => "check",
        IdError::OrganisationCodeCheck => "org-check",
        IdError::Region { .. } => "region",
        IdError::BirthDate => "birth-date",
        IdError::LicenseRoot => "root",
        IdError::LicenseSegments { .. } => "segments",
        IdError::LicenseSegment { .. } => "segment",
        IdError::LicenseIssuer(_) => "issuer",
        _ => "unknown",
    }
}

/// Parses one case; the normal form on success.
fn run(kind: &str, value: &str) -> Result<String, IdError> {
    match kind {
        "uscc" => Uscc::parse(value).map(|v| v.as_str().to_owned()),
        "resident_id" => ResidentId::parse(value).map(|v| v.as_str().to_owned()),
        "resident_id_15" => ResidentId::from_15(value).map(|v| v.as_str().to_owned()),
        "license_id" => LicenseId::parse(value).map(|v| v.to_string()),
        "region" => RegionCode::parse(value).map(|v| v.as_str().to_owned()),
        "iso7064_mod37_36" => {
            let split = value.len() - 1;
            let (data, check) = value.split_at(split);
            match iso7064_mod37_36(data) {
                Some(c) if check.starts_with(c) => Ok(value.to_owned()),
                _ => Err(IdError::CheckCharacter {
                    kind: govcred::ids::IdKind::LicenseId,
                }),
            }
        }
        other => panic!("unknown kind {other}"),
    }
}

#[test]
fn valid_vectors_are_accepted_in_normal_form() {
    let text = include_str!("vectors/ids/valid.txt");
    let all = cases(text);
    assert!(all.len() >= 25, "only {} valid cases", all.len());
    for c in all {
        assert_eq!(c.code, 0, "line {} is in valid.txt", c.line);
        let want = if c.detail == "-" { c.value } else { c.detail };
        match run(c.kind, c.value) {
            Ok(got) => assert_eq!(got, want, "line {}", c.line),
            Err(e) => panic!("line {} {} {}: {e}", c.line, c.kind, c.value),
        }
    }
}

#[test]
fn invalid_vectors_fail_with_their_code_and_reason() {
    let text = include_str!("vectors/ids/invalid.txt");
    let all = cases(text);
    assert!(all.len() >= 40, "only {} invalid cases", all.len());
    for c in all {
        let e = match run(c.kind, c.value) {
            Ok(v) => panic!("line {} accepted: {v}", c.line),
            Err(e) => e,
        };
        assert_eq!(e.code().as_u32(), c.code, "line {}: {e}", c.line);
        assert_eq!(reason(&e), c.detail, "line {}: {e}", c.line);
        let public: govcred::Error = e.into();
        assert_eq!(ErrorCode::from_u32(c.code), Some(public.code()));
        assert!(!public.message().is_empty());
    }
}

#[test]
fn license_ids_build_to_the_published_form() {
    let id = LicenseId::build(
        "11100000000013338W087",
        "11370800MB28559184",
        "37080001202411010001",
        "001",
    )
    .expect("valid parts");
    assert_eq!(id.check_char(), '3');
    assert_eq!(
        id.to_string(),
        "1.2.156.3005.2.11100000000013338W087.11370800MB28559184.37080001202411010001.001.3"
    );
    assert_eq!(id.issuer().region().map(|r| r.province()), Some(37));
}

#[test]
fn errors_never_echo_a_resident_id() {
    let value = "110105194912310021";
    let e = ResidentId::parse(value).expect_err("bad check");
    assert!(!e.to_string().contains("1949"));
    let public: govcred::Error = e.into();
    assert_eq!(public.code(), ErrorCode::BadResidentId);
    assert!(!public.message().contains(value));
}
