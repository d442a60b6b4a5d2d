//! 证照标识 (e-license identifier, GB/T 36904-2018).
//!
//! Form: `1.2.156.3005.2.<type>.<issuer>.<serial>.<version>.<check>` where
//! - `1.2.156.3005.2` is the e-license root arc;
//! - type is the 证照类型代码, 21 characters of `0-9A-Z`. Observed type codes are a
//!   ministry's USCC plus 3 digits (`11100000000013338W011`), but the standard text was not
//!   available, so only length and alphabet are required;
//! - issuer is the issuing body's USCC, checked in full;
//! - serial (流水号) is 1 to 32 characters of `0-9A-Z`;
//! - version is 3 digits;
//! - check is the ISO 7064 MOD 37,36 character over type, issuer, serial and version
//!   joined without dots.
//!
//! Parsing is strict: uppercase only, no whitespace, no empty segments.

use std::fmt;
use std::str::FromStr;

use super::checksum::{alnum36_value, mod37_36};
use super::error::{IdError, IdKind, LicenseSegment};
use super::uscc::Uscc;

/// The e-license root arc that starts every identifier.
pub const LICENSE_ID_ROOT: &str = "1.2.156.3005.2";

/// A valid 证照标识.
///
/// ```
/// use govcred::ids::LicenseId;
/// let id = LicenseId::build("11100000000013338W011", "11430000006122244L", "20230000403", "002")?;
/// assert_eq!(
///     id.to_string(),
///     "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.S"
/// );
/// assert_eq!(LicenseId::parse(&id.to_string())?, id);
/// # Ok::<(), govcred::ids::IdError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LicenseId {
    type_code: String,
    issuer: Uscc,
    serial: String,
    version: String,
    check: char,
}

impl LicenseId {
    /// Builds an identifier from its parts, checking each and computing the check character.
    pub fn build(
        type_code: &str,
        issuer: &str,
        serial: &str,
        version: &str,
    ) -> Result<Self, IdError> {
        segment_ok(type_code, 21..=21, LicenseSegment::TypeCode, is_alnum36)?;
        let issuer = Uscc::parse(issuer).map_err(|e| IdError::LicenseIssuer(Box::new(e)))?;
        segment_ok(serial, 1..=32, LicenseSegment::Serial, is_alnum36)?;
        segment_ok(version, 3..=3, LicenseSegment::Version, |b| {
            b.is_ascii_digit()
        })?;
        let data = [type_code, issuer.as_str(), serial, version].concat();
        let check = mod37_36(data.as_bytes())
            .map(char::from)
            .ok_or(IdError::LicenseSegment {
                segment: LicenseSegment::Check,
            })?;
        Ok(LicenseId {
            type_code: type_code.to_owned(),
            issuer,
            serial: serial.to_owned(),
            version: version.to_owned(),
            check,
        })
    }

    /// Parses the full dotted identifier and checks every part and the check character.
    pub fn parse(text: &str) -> Result<Self, IdError> {
        let rest = text
            .strip_prefix(LICENSE_ID_ROOT)
            .and_then(|r| r.strip_prefix('.'))
            .ok_or(IdError::LicenseRoot)?;
        let parts: Vec<&str> = rest.split('.').collect();
        let [type_code, issuer, serial, version, check] = parts[..] else {
            return Err(IdError::LicenseSegments { found: parts.len() });
        };
        let id = Self::build(type_code, issuer, serial, version)?;
        segment_ok(check, 1..=1, LicenseSegment::Check, is_alnum36)?;
        if check.chars().eq([id.check]) {
            Ok(id)
        } else {
            Err(IdError::CheckCharacter {
                kind: IdKind::LicenseId,
            })
        }
    }

    /// 证照类型代码, 21 characters.
    pub fn type_code(&self) -> &str {
        &self.type_code
    }

    /// The issuing body's USCC.
    pub fn issuer(&self) -> &Uscc {
        &self.issuer
    }

    /// 流水号.
    pub fn serial(&self) -> &str {
        &self.serial
    }

    /// Version, 3 digits.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The MOD 37,36 check character.
    pub fn check_char(&self) -> char {
        self.check
    }
}

fn is_alnum36(b: u8) -> bool {
    alnum36_value(b).is_some()
}

fn segment_ok(
    text: &str,
    len: std::ops::RangeInclusive<usize>,
    segment: LicenseSegment,
    allowed: impl Fn(u8) -> bool,
) -> Result<(), IdError> {
    if len.contains(&text.len()) && text.bytes().all(allowed) {
        Ok(())
    } else {
        Err(IdError::LicenseSegment { segment })
    }
}

impl fmt::Display for LicenseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{LICENSE_ID_ROOT}.{}.{}.{}.{}.{}",
            self.type_code, self.issuer, self.serial, self.version, self.check
        )
    }
}

impl FromStr for LicenseId {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::super::checksum::{ALNUM36, USCC_ALPHABET, org_code_check, uscc_check};
    use super::*;
    use proptest::prelude::*;

    const TYPE: &str = "11100000000013338W011";
    const ISSUER: &str = "11430000006122244L";

    #[test]
    fn builds_and_parses_the_observed_examples() -> Result<(), IdError> {
        let a = LicenseId::build(TYPE, ISSUER, "20230000403", "002")?;
        assert_eq!(a.check_char(), 'S');
        let b = LicenseId::build(TYPE, ISSUER, "20230000403", "001")?;
        assert_eq!(b.check_char(), 'U');
        let text = b.to_string();
        let parsed = LicenseId::parse(&text)?;
        assert_eq!(parsed.type_code(), TYPE);
        assert_eq!(parsed.issuer().as_str(), ISSUER);
        assert_eq!(parsed.serial(), "20230000403");
        assert_eq!(parsed.version(), "001");
        assert_eq!(parsed.to_string(), text);
        Ok(())
    }

    #[test]
    fn reports_each_fault() {
        let good = "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U";
        let seg = |segment| IdError::LicenseSegment { segment };
        let cases: Vec<(String, IdError)> = vec![
            (good.replace("3005.2.", "3005.3."), IdError::LicenseRoot),
            (good.replacen("1.2.", "1.2 ", 1), IdError::LicenseRoot),
            ("1.2.156.3005.2".to_owned(), IdError::LicenseRoot),
            (
                good.replace(".001.U", ".001"),
                IdError::LicenseSegments { found: 4 },
            ),
            (format!("{good}.0"), IdError::LicenseSegments { found: 6 }),
            (good.replace("W011", "W01"), seg(LicenseSegment::TypeCode)),
            (good.replace("W011", "w011"), seg(LicenseSegment::TypeCode)),
            (
                good.replace(".20230000403.", ".."),
                seg(LicenseSegment::Serial),
            ),
            (
                good.replace("20230000403", &"1".repeat(33)),
                seg(LicenseSegment::Serial),
            ),
            (good.replace(".001.", ".01A."), seg(LicenseSegment::Version)),
            (good.replace(".001.U", ".001.u"), seg(LicenseSegment::Check)),
            (
                good.replace(".001.U", ".001.UU"),
                seg(LicenseSegment::Check),
            ),
            (
                good.replace(".001.U", ".001.S"),
                IdError::CheckCharacter {
                    kind: IdKind::LicenseId,
                },
            ),
            (
                good.replace("244L", "244M"),
                IdError::LicenseIssuer(Box::new(IdError::CheckCharacter { kind: IdKind::Uscc })),
            ),
            (format!(" {good}"), IdError::LicenseRoot),
            (format!("{good}\n"), seg(LicenseSegment::Check)),
        ];
        for (text, want) in cases {
            assert_eq!(LicenseId::parse(&text), Err(want), "{text:?}");
        }
    }

    prop_compose! {
        fn valid_issuer()(
            province in proptest::sample::select(vec![11u8, 33, 37, 43, 10]),
            rest in 0u32..10_000,
            org in proptest::collection::vec(proptest::sample::select(USCC_ALPHABET.to_vec()), 8),
            dept in proptest::sample::select(b"159Y".to_vec()),
        ) -> String {
            let region = if province == 10 { "100000".to_owned() } else { format!("{province}{rest:04}") };
            let mut b = vec![dept, b'1'];
            b.extend_from_slice(region.as_bytes());
            b.extend_from_slice(&org);
            b.push(org_code_check(&org).unwrap_or(b'?'));
            b.push(uscc_check(&b).unwrap_or(b'?'));
            String::from_utf8_lossy(&b).into_owned()
        }
    }

    fn alnum(len: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(ALNUM36.to_vec()), len)
            .prop_map(|v| String::from_utf8_lossy(&v).into_owned())
    }

    proptest! {
        #[test]
        fn build_then_parse_round_trips(
            type_code in alnum(21..=21), issuer in valid_issuer(),
            serial in alnum(1..=32), version in "[0-9]{3}",
        ) {
            let id = LicenseId::build(&type_code, &issuer, &serial, &version);
            prop_assert!(id.is_ok(), "{:?}", id);
            let id = id.unwrap_or_else(|_| unreachable!());
            prop_assert_eq!(LicenseId::parse(&id.to_string()), Ok(id.clone()));
            let joined = format!("{type_code}{issuer}{serial}{version}");
            prop_assert_eq!(super::super::iso7064_mod37_36(&joined), Some(id.check_char()));
        }

        // The hybrid system catches every single substitution in the checked data or the
        // check itself (see the exhaustive test in `checksum`); substitutions in the root
        // or a dot are structural faults. So every one is rejected.
        #[test]
        fn every_substitution_is_caught(
            type_code in alnum(21..=21), issuer in valid_issuer(),
            serial in alnum(1..=32), version in "[0-9]{3}",
        ) {
            let id = LicenseId::build(&type_code, &issuer, &serial, &version)
                .unwrap_or_else(|_| unreachable!());
            let text = id.to_string();
            let b = text.as_bytes();
            let checked_from = LICENSE_ID_ROOT.len() + 1;
            for i in 0..b.len() {
                for &c in ALNUM36.iter().chain(b".") {
                    if c == b[i] { continue; }
                    let mut m = b.to_vec();
                    m[i] = c;
                    let changed = String::from_utf8_lossy(&m).into_owned();
                    prop_assert!(LicenseId::parse(&changed).is_err(), "{}", changed);
                    if i >= checked_from && b[i] != b'.' && c != b'.' {
                        let data: Vec<u8> = m[checked_from..m.len() - 1]
                            .iter().copied().filter(|&x| x != b'.').collect();
                        prop_assert_ne!(mod37_36(&data), Some(m[m.len() - 1]));
                    }
                }
            }
        }

        #[test]
        fn never_panics_on_any_text(s in "\\PC{0,120}") {
            let _ = LicenseId::parse(&s);
            let _ = LicenseId::parse(&format!("{LICENSE_ID_ROOT}.{s}"));
            let _ = super::super::iso7064_mod37_36(&s);
        }
    }
}
