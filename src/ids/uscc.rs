//! 统一社会信用代码 (unified social credit code, GB 32100-2015).
//!
//! Layout of the 18 characters: 1 registration department (1 机构编制, 5 民政, 9 工商,
//! Y 其他…), 2 category within it (under 9: 1 enterprise, 2 individual business, 3 farmers'
//! co-operative), 3–8 the registering body's GB/T 2260 region, 9–17 the GB 11714
//! organisation code (8 characters and its own check), 18 the check character.
//!
//! Parsing is strict: uppercase only, no surrounding whitespace.

use std::fmt;
use std::str::FromStr;

use super::checksum::{org_code_check, uscc_check, uscc_value};
use super::error::{IdError, IdKind};
use super::region::RegionCode;

/// Positions 3–8 of codes registered by central-level bodies (ministries, national
/// associations), which register under the country rather than a province.
const CENTRAL_REGION: &str = "100000";

/// A valid 统一社会信用代码.
///
/// ```
/// use govcred::ids::Uscc;
/// let code = Uscc::parse("91310115591693856A")?;
/// assert_eq!(code.registration_dept(), '9');
/// assert_eq!(code.category(), '1');
/// assert_eq!(code.region().map(|r| r.province()), Some(31));
/// assert_eq!(Uscc::compute_check("91310115591693856")?, 'A');
/// # Ok::<(), govcred::ids::IdError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Uscc(String);

impl Uscc {
    /// Parses and checks a code: length 18, the GB 32100 alphabet, the check character,
    /// the embedded organisation-code check, and a well-formed region in positions 3–8
    /// (a real province, or `100000` for central-level registrations).
    pub fn parse(text: &str) -> Result<Self, IdError> {
        let kind = IdKind::Uscc;
        let found = text.chars().count();
        if found != 18 {
            return Err(IdError::Length {
                kind,
                expected: 18,
                found,
            });
        }
        check_alphabet(text)?;
        let b = text.as_bytes();
        if uscc_check(&b[..17]) != Some(b[17]) {
            return Err(IdError::CheckCharacter { kind });
        }
        if org_code_check(&b[8..16]) != Some(b[16]) {
            return Err(IdError::OrganisationCodeCheck);
        }
        let region = &text[2..8];
        if region != CENTRAL_REGION {
            RegionCode::embedded(region, kind)?;
        }
        Ok(Uscc(text.to_owned()))
    }

    /// The check character for the first 17 characters, for building codes.
    ///
    /// Checks only the length and alphabet of `first17`, so it also serves to build
    /// deliberately malformed test data.
    pub fn compute_check(first17: &str) -> Result<char, IdError> {
        let found = first17.chars().count();
        if found != 17 {
            return Err(IdError::Length {
                kind: IdKind::Uscc,
                expected: 17,
                found,
            });
        }
        check_alphabet(first17)?;
        uscc_check(first17.as_bytes())
            .map(char::from)
            .ok_or(IdError::CheckCharacter { kind: IdKind::Uscc })
    }

    /// The 18 characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Position 1: 登记管理部门代码 (registration department), e.g. `9` for 工商.
    pub fn registration_dept(&self) -> char {
        self.char_at(0)
    }

    /// Position 2: 机构类别代码 (category within the department), e.g. `1` for an enterprise.
    pub fn category(&self) -> char {
        self.char_at(1)
    }

    /// Positions 3–8 as a region code; `None` for central-level registrations (`100000`).
    pub fn region(&self) -> Option<RegionCode> {
        RegionCode::embedded(&self.0[2..8], IdKind::Uscc).ok()
    }

    /// Positions 9–17: the GB 11714 organisation code, its check character last.
    pub fn organisation_code(&self) -> &str {
        &self.0[8..17]
    }

    /// Position 18: the check character.
    pub fn check_char(&self) -> char {
        self.char_at(17)
    }

    fn char_at(&self, i: usize) -> char {
        // Parse admitted only ASCII, so every byte is a character.
        self.0.as_bytes().get(i).copied().map_or('\0', char::from)
    }
}

fn check_alphabet(text: &str) -> Result<(), IdError> {
    match text
        .chars()
        .position(|c| u8::try_from(c).ok().and_then(uscc_value).is_none())
    {
        Some(i) => Err(IdError::Alphabet {
            kind: IdKind::Uscc,
            position: i + 1,
        }),
        None => Ok(()),
    }
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Uscc {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::super::checksum::USCC_ALPHABET;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn published_examples() -> Result<(), IdError> {
        for text in ["91310115591693856A", "91310110666007217T"] {
            let code = Uscc::parse(text)?;
            assert_eq!(code.as_str(), text);
            assert_eq!(code.to_string(), text);
            assert_eq!(Uscc::compute_check(&text[..17])?, code.check_char());
        }
        let code = Uscc::parse("91310110666007217T")?;
        assert_eq!(
            code.region().map(|r| r.as_str().to_owned()).as_deref(),
            Some("310110")
        );
        assert_eq!(code.organisation_code(), "666007217");
        Ok(())
    }

    #[test]
    fn central_registrations_have_no_region() -> Result<(), IdError> {
        // A ministry's code, found embedded in real license type codes.
        let code = Uscc::parse("11100000000013338W")?;
        assert_eq!(code.registration_dept(), '1');
        assert_eq!(code.region(), None);
        Ok(())
    }

    #[test]
    fn reports_each_fault() {
        let kind = IdKind::Uscc;
        let cases = [
            (
                "",
                IdError::Length {
                    kind,
                    expected: 18,
                    found: 0,
                },
            ),
            (
                "91310115591693856",
                IdError::Length {
                    kind,
                    expected: 18,
                    found: 17,
                },
            ),
            (
                "91310115591693856AA",
                IdError::Length {
                    kind,
                    expected: 18,
                    found: 19,
                },
            ),
            (
                "91310115591693856a",
                IdError::Alphabet { kind, position: 18 },
            ),
            (
                "9131011559169385IA",
                IdError::Alphabet { kind, position: 17 },
            ),
            (
                "9131011559169385６A",
                IdError::Alphabet { kind, position: 17 },
            ),
            ("91310115591693856B", IdError::CheckCharacter { kind }),
        ];
        for (text, want) in cases {
            assert_eq!(Uscc::parse(text), Err(want), "{text}");
        }
    }

    // Organisation-code and region faults need a correct outer check to be reached.
    #[test]
    fn structure_faults_behind_a_correct_check() -> Result<(), IdError> {
        let with_check = |first17: &str| -> Result<String, IdError> {
            Ok(format!("{first17}{}", Uscc::compute_check(first17)?))
        };
        assert_eq!(
            Uscc::parse(&with_check("91310115591693857")?),
            Err(IdError::OrganisationCodeCheck)
        );
        assert_eq!(
            Uscc::parse(&with_check("91990115591693856")?),
            Err(IdError::Region { kind: IdKind::Uscc })
        );
        assert_eq!(
            Uscc::parse(&with_check("913A0115591693856")?),
            Err(IdError::Region { kind: IdKind::Uscc })
        );
        Ok(())
    }

    #[test]
    fn compute_check_validates_its_input() {
        assert!(Uscc::compute_check("9131011559169385").is_err());
        assert!(Uscc::compute_check("9131011559169385O").is_err());
    }

    fn org_check_char(body: &[u8]) -> u8 {
        org_code_check(body).unwrap_or(b'?')
    }

    prop_compose! {
        /// A valid code: random department, category, region (or central), org body.
        fn valid_uscc()(
            dept in proptest::sample::select(USCC_ALPHABET.to_vec()),
            cat in proptest::sample::select(USCC_ALPHABET.to_vec()),
            province in proptest::sample::select(vec![11u8, 31, 44, 65, 71, 81, 82, 10]),
            rest in 0u32..10_000,
            org in proptest::collection::vec(proptest::sample::select(USCC_ALPHABET.to_vec()), 8),
        ) -> String {
            let region = if province == 10 { "100000".to_owned() } else { format!("{province}{rest:04}") };
            let mut s = String::new();
            s.push(char::from(dept));
            s.push(char::from(cat));
            s.push_str(&region);
            s.extend(org.iter().map(|&b| char::from(b)));
            s.push(char::from(org_check_char(&org)));
            let check = Uscc::compute_check(&s).unwrap_or('?');
            s.push(check);
            s
        }
    }

    proptest! {
        #[test]
        fn built_codes_parse(code in valid_uscc()) {
            let parsed = Uscc::parse(&code);
            prop_assert!(parsed.is_ok(), "{code}: {parsed:?}");
        }

        // Every weight 3^i is non-zero mod 31 and two alphabet values differ by 1..=30,
        // so the check alone catches every substitution within the alphabet.
        #[test]
        fn every_substitution_is_caught(code in valid_uscc()) {
            let b = code.as_bytes();
            for i in 0..18 {
                for &c in USCC_ALPHABET {
                    if c == b[i] { continue; }
                    let mut m = b.to_vec();
                    m[i] = c;
                    prop_assert_ne!(uscc_check(&m[..17]), Some(m[17]), "check misses {} at {}", c, i);
                    prop_assert!(Uscc::parse(&String::from_utf8_lossy(&m)).is_err());
                }
            }
        }

        // Weights differ between neighbours (3^(i+1) − 3^i = 2·3^i; 3^16 − 1 = 27 for the
        // check) and two apart (8·3^i; 3^15 − 1 = 29), all non-zero mod 31.
        #[test]
        fn every_adjacent_and_jump_transposition_is_caught(code in valid_uscc()) {
            let b = code.as_bytes();
            for gap in [1, 2] {
                for i in 0..18 - gap {
                    if b[i] == b[i + gap] { continue; }
                    let mut m = b.to_vec();
                    m.swap(i, i + gap);
                    prop_assert_ne!(uscc_check(&m[..17]), Some(m[17]), "gap {} at {}", gap, i);
                    prop_assert!(Uscc::parse(&String::from_utf8_lossy(&m)).is_err());
                }
            }
        }

        // Within the organisation code, the GB 11714 check on its own catches any
        // digit-for-digit substitution (weights non-zero mod 11, digits differ by < 11).
        #[test]
        fn org_check_catches_digit_substitutions(org in proptest::collection::vec(0u8..10, 8)) {
            let body: Vec<u8> = org.iter().map(|d| b'0' + d).collect();
            let check = org_check_char(&body);
            for i in 0..8 {
                for d in b'0'..=b'9' {
                    if d == body[i] { continue; }
                    let mut m = body.clone();
                    m[i] = d;
                    prop_assert_ne!(org_check_char(&m), check);
                }
            }
        }

        #[test]
        fn never_panics_on_any_text(s in "\\PC{0,40}") {
            let _ = Uscc::parse(&s);
            let _ = Uscc::compute_check(&s);
        }
    }
}
