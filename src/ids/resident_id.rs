//! 公民身份号码 (citizen ID number, GB 11643-1999) and the numbers that share its layout.
//!
//! Layout: 6-digit address code, 8-digit birth date `YYYYMMDD`, 3-digit sequence (odd for
//! men), and an ISO 7064 MOD 11-2 check character (`0`–`9` or `X`).
//!
//! The same 18-character form and check are used by
//! - residence permits for Hong Kong, Macao and Taiwan residents (港澳台居民居住证), whose
//!   address code is `810000`, `820000` or `830000`;
//! - the 2023 foreigner's permanent residence ID card (外国人永久居留身份证): `9`, the
//!   2-digit province where it was applied for, a 3-digit nationality code, then birth
//!   date, sequence and check as above. (The 15-character 2017 card is not supported.)
//!
//! A lowercase `x` check character is accepted and normalised to `X`, because people and
//! OCR write it both ways and the check value is the same; everything else is strict (no
//! whitespace). The birth date must be a real Gregorian date with a year from 1800 on; it
//! is not compared with today, because this layer has no clock.
//!
//! [`ResidentId`]'s `Debug` output is masked: the number is personal data.

use std::fmt;
use std::str::FromStr;

use super::checksum::{is_calendar_date, mod11_2};
use super::error::{IdError, IdKind};
use super::region::{RegionCode, is_province};

/// Sex recorded in the sequence number: odd for men, even for women.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sex {
    /// Odd sequence number.
    Male,
    /// Even sequence number.
    Female,
}

/// Which document family a number belongs to, read from its prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResidentIdKind {
    /// 居民身份证: a citizen of the Chinese mainland; the address code is a GB/T 2260 region.
    Citizen,
    /// 港澳台居民居住证 for a Hong Kong resident (address code `810000`).
    HongKongResidencePermit,
    /// 港澳台居民居住证 for a Macao resident (address code `820000`).
    MacaoResidencePermit,
    /// 港澳台居民居住证 for a Taiwan resident (address code `830000`).
    TaiwanResidencePermit,
    /// 外国人永久居留身份证 (2023 form, first digit `9`).
    ForeignPermanentResident,
}

/// A valid 18-character 公民身份号码 (or a permit number in the same form).
///
/// ```
/// use govcred::ids::{ResidentId, ResidentIdKind, Sex};
/// let id = ResidentId::parse("11010519491231002x")?;
/// assert_eq!(id.as_str(), "11010519491231002X");
/// assert_eq!(id.birth_date(), (1949, 12, 31));
/// assert_eq!(id.sex(), Sex::Female);
/// assert_eq!(id.kind(), ResidentIdKind::Citizen);
/// assert_eq!(id.masked(), "1101**********002X");
/// assert_eq!(ResidentId::from_15("150102880730303")?.as_str(), "150102198807303035");
/// # Ok::<(), govcred::ids::IdError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ResidentId(String);

const KIND: IdKind = IdKind::ResidentId;

impl ResidentId {
    /// Parses and checks an 18-character number: 17 digits then a digit or `X`/`x`, the
    /// MOD 11-2 check, the address code for its kind, and the birth date.
    pub fn parse(text: &str) -> Result<Self, IdError> {
        let found = text.chars().count();
        if found != 18 {
            return Err(IdError::Length {
                kind: KIND,
                expected: 18,
                found,
            });
        }
        check_digits(text, 17)?;
        let mut b = text.as_bytes().to_vec();
        b[17] = match b[17] {
            b'x' => b'X',
            c @ (b'0'..=b'9' | b'X') => c,
            _ => {
                return Err(IdError::Alphabet {
                    kind: KIND,
                    position: 18,
                });
            }
        };
        if mod11_2(&b[..17]) != Some(b[17]) {
            return Err(IdError::CheckCharacter { kind: KIND });
        }
        kind_of(&b).ok_or(IdError::Region { kind: KIND })?;
        if !birth_date_ok(&b[6..14]) {
            return Err(IdError::BirthDate);
        }
        // All ASCII by now.
        Ok(ResidentId(String::from_utf8_lossy(&b).into_owned()))
    }

    /// Converts a first-generation 15-digit number (address, `YYMMDD`, sequence; births in
    /// the 1900s) to 18 characters: inserts `19` after the address code and appends the
    /// check. Only citizens' numbers had 15 digits, so permit prefixes are rejected.
    pub fn from_15(text: &str) -> Result<Self, IdError> {
        let found = text.chars().count();
        if found != 15 {
            return Err(IdError::Length {
                kind: KIND,
                expected: 15,
                found,
            });
        }
        check_digits(text, 15)?;
        let mut first17 = String::with_capacity(18);
        first17.push_str(&text[..6]);
        first17.push_str("19");
        first17.push_str(&text[6..]);
        let check = Self::compute_check(&first17)?;
        first17.push(check);
        let id = Self::parse(&first17)?;
        if id.kind() != ResidentIdKind::Citizen {
            return Err(IdError::Region { kind: KIND });
        }
        Ok(id)
    }

    /// The MOD 11-2 check character for 17 digits, for building numbers.
    ///
    /// Checks only that `first17` is 17 digits, so it also serves to build deliberately
    /// malformed test data (bad dates or regions with a correct check).
    pub fn compute_check(first17: &str) -> Result<char, IdError> {
        let found = first17.chars().count();
        if found != 17 {
            return Err(IdError::Length {
                kind: KIND,
                expected: 17,
                found,
            });
        }
        check_digits(first17, 17)?;
        mod11_2(first17.as_bytes())
            .map(char::from)
            .ok_or(IdError::CheckCharacter { kind: KIND })
    }

    /// The 18 characters, check character in uppercase.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The document family, from the prefix.
    pub fn kind(&self) -> ResidentIdKind {
        // Checked at parse; the fallback is never taken.
        kind_of(self.0.as_bytes()).unwrap_or(ResidentIdKind::Citizen)
    }

    /// The region: a citizen's address code; `810000`/`820000` for Hong Kong and Macao
    /// permits; for a foreigner's card, the province where it was applied for (`PP0000`).
    /// `None` for Taiwan permits: `830000` is not a GB/T 2260 code (Taiwan's is `710000`).
    pub fn region(&self) -> Option<RegionCode> {
        match self.kind() {
            ResidentIdKind::TaiwanResidencePermit => None,
            ResidentIdKind::ForeignPermanentResident => {
                RegionCode::embedded(&format!("{}0000", &self.0[1..3]), KIND).ok()
            }
            _ => RegionCode::embedded(&self.0[..6], KIND).ok(),
        }
    }

    /// Birth date as (year, month, day).
    pub fn birth_date(&self) -> (u16, u8, u8) {
        let b = self.0.as_bytes();
        let n = |r: std::ops::Range<usize>| -> u16 {
            b[r].iter()
                .fold(0u16, |acc, d| acc * 10 + u16::from(d - b'0'))
        };
        // Month and day are two digits, so they fit a u8.
        let small = |v: u16| u8::try_from(v).unwrap_or(0);
        (n(6..10), small(n(10..12)), small(n(12..14)))
    }

    /// Sex from the parity of the 17th digit.
    pub fn sex(&self) -> Sex {
        if self.0.as_bytes()[16] % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// The first 4 and last 4 characters with 10 stars between, as shown on terminals
    /// (`3301**********064X`).
    pub fn masked(&self) -> String {
        format!("{}**********{}", &self.0[..4], &self.0[14..])
    }
}

/// The prefix decides the kind; `None` when the address part is not well-formed for it.
fn kind_of(b: &[u8]) -> Option<ResidentIdKind> {
    let two = |i: usize| (b[i] - b'0') * 10 + (b[i + 1] - b'0');
    let permit_tail = &b[2..6] == b"0000";
    match (b[0], two(0)) {
        (b'9', _) => is_province(two(1)).then_some(ResidentIdKind::ForeignPermanentResident),
        (_, 81) => permit_tail.then_some(ResidentIdKind::HongKongResidencePermit),
        (_, 82) => permit_tail.then_some(ResidentIdKind::MacaoResidencePermit),
        (_, 83) => permit_tail.then_some(ResidentIdKind::TaiwanResidencePermit),
        (_, p) => is_province(p).then_some(ResidentIdKind::Citizen),
    }
}

fn birth_date_ok(date: &[u8]) -> bool {
    let n = |r: std::ops::Range<usize>| -> u16 {
        date[r]
            .iter()
            .fold(0u16, |acc, d| acc * 10 + u16::from(d - b'0'))
    };
    let (y, m, d) = (n(0..4), n(4..6), n(6..8));
    match (u8::try_from(m), u8::try_from(d)) {
        (Ok(m), Ok(d)) => y >= 1800 && is_calendar_date(y, m, d),
        _ => false,
    }
}

/// The first `n` characters must be ASCII digits (the caller checked the length).
fn check_digits(text: &str, n: usize) -> Result<(), IdError> {
    match text.chars().take(n).position(|c| !c.is_ascii_digit()) {
        Some(i) => Err(IdError::Alphabet {
            kind: KIND,
            position: i + 1,
        }),
        None => Ok(()),
    }
}

impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ResidentId").field(&self.masked()).finish()
    }
}

impl FromStr for ResidentId {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn with_check(first17: &str) -> String {
        format!(
            "{first17}{}",
            ResidentId::compute_check(first17).unwrap_or('?')
        )
    }

    #[test]
    fn published_examples() -> Result<(), IdError> {
        let id = ResidentId::parse("11010519491231002X")?;
        assert_eq!(id.birth_date(), (1949, 12, 31));
        assert_eq!(id.sex(), Sex::Female);
        assert_eq!(id.region().map(|r| r.province()), Some(11));
        let id = ResidentId::parse("440524188001010014")?;
        assert_eq!(id.birth_date(), (1880, 1, 1));
        assert_eq!(id.sex(), Sex::Male);
        assert_eq!(id.masked(), "4405**********0014");
        let id = ResidentId::from_15("150102880730303")?;
        assert_eq!(id.as_str(), "150102198807303035");
        assert_eq!(id.birth_date(), (1988, 7, 30));
        assert_eq!(id.sex(), Sex::Male);
        Ok(())
    }

    #[test]
    fn lowercase_x_is_normalised() -> Result<(), IdError> {
        let id = ResidentId::parse("11010519491231002x")?;
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(id, ResidentId::parse("11010519491231002X")?);
        Ok(())
    }

    #[test]
    fn debug_is_masked() -> Result<(), IdError> {
        let id = ResidentId::parse("11010519491231002X")?;
        let shown = format!("{id:?}");
        assert_eq!(shown, "ResidentId(\"1101**********002X\")");
        assert!(!shown.contains("19491231"));
        Ok(())
    }

    #[test]
    fn kinds_and_regions() -> Result<(), IdError> {
        let hk = ResidentId::parse(&with_check("81000019900101001"))?;
        assert_eq!(hk.kind(), ResidentIdKind::HongKongResidencePermit);
        assert_eq!(
            hk.region().map(|r| r.as_str().to_owned()).as_deref(),
            Some("810000")
        );
        let mo = ResidentId::parse(&with_check("82000020000229002"))?;
        assert_eq!(mo.kind(), ResidentIdKind::MacaoResidencePermit);
        assert_eq!(mo.birth_date(), (2000, 2, 29));
        let tw = ResidentId::parse(&with_check("83000019850615003"))?;
        assert_eq!(tw.kind(), ResidentIdKind::TaiwanResidencePermit);
        assert_eq!(tw.region(), None);
        let fp = ResidentId::parse(&with_check("93184019800101005"))?;
        assert_eq!(fp.kind(), ResidentIdKind::ForeignPermanentResident);
        assert_eq!(
            fp.region().map(|r| r.as_str().to_owned()).as_deref(),
            Some("310000")
        );
        assert_eq!(fp.birth_date(), (1980, 1, 1));
        let tw_mainland = ResidentId::parse(&with_check("71000019700101001"))?;
        assert_eq!(tw_mainland.kind(), ResidentIdKind::Citizen);
        Ok(())
    }

    #[test]
    fn reports_each_fault() {
        let kind = KIND;
        let region = IdError::Region { kind };
        let cases = [
            (
                "1101051949123100",
                IdError::Length {
                    kind,
                    expected: 18,
                    found: 16,
                },
            ),
            (
                "11010519491231002Y",
                IdError::Alphabet { kind, position: 18 },
            ),
            (
                "1101051949123100X2",
                IdError::Alphabet { kind, position: 17 },
            ),
            (
                "11010519491231002 ",
                IdError::Alphabet { kind, position: 18 },
            ),
            (
                "１1010519491231002X",
                IdError::Alphabet { kind, position: 1 },
            ),
            ("110105194912310021", IdError::CheckCharacter { kind }),
        ];
        for (text, want) in cases {
            assert_eq!(ResidentId::parse(text), Err(want), "{text:?}");
        }
        // Faults behind a correct check.
        let behind = [
            ("00010519491231002", region.clone()),
            ("99010519491231002", region.clone()),
            ("10010519491231002", region.clone()),
            ("81010019900101001", region.clone()),
            ("83000119900101001", region.clone()),
            ("90184019800101005", region.clone()),
            ("11010519490229002", IdError::BirthDate),
            ("11010519000229002", IdError::BirthDate),
            ("11010520210431002", IdError::BirthDate),
            ("11010517991231002", IdError::BirthDate),
            ("11010519491300002", IdError::BirthDate),
            ("11010519491200002", IdError::BirthDate),
        ];
        for (first17, want) in behind {
            assert_eq!(
                ResidentId::parse(&with_check(first17)),
                Err(want),
                "{first17}"
            );
        }
        assert!(ResidentId::parse(&with_check("11010520000229002")).is_ok());
    }

    #[test]
    fn from_15_faults() {
        assert_eq!(
            ResidentId::from_15("15010288073030"),
            Err(IdError::Length {
                kind: KIND,
                expected: 15,
                found: 14
            })
        );
        assert_eq!(
            ResidentId::from_15("15010288073030X"),
            Err(IdError::Alphabet {
                kind: KIND,
                position: 15
            })
        );
        assert_eq!(
            ResidentId::from_15("150102880230303"),
            Err(IdError::BirthDate)
        );
        assert_eq!(
            ResidentId::from_15("810000880730303"),
            Err(IdError::Region { kind: KIND })
        );
    }

    prop_compose! {
        fn valid_first17()(
            prefix in prop_oneof![
                (proptest::sample::select(vec![11u8, 33, 44, 65, 71]), 0u32..10_000)
                    .prop_map(|(p, r)| format!("{p}{r:04}")),
                proptest::sample::select(vec!["810000", "820000", "830000"]).prop_map(str::to_owned),
                (proptest::sample::select(vec![11u8, 31, 44]), 0u32..1000)
                    .prop_map(|(p, n)| format!("9{p}{n:03}")),
            ],
            y in 1800u16..=2099, m in 1u8..=12, d in 1u8..=31, seq in 0u16..1000,
        ) -> String {
            let d = (1..=d).rev().find(|&d| is_calendar_date(y, m, d)).unwrap_or(1);
            format!("{prefix}{y:04}{m:02}{d:02}{seq:03}")
        }
    }

    proptest! {
        #[test]
        fn built_numbers_parse_and_report_their_parts(first17 in valid_first17()) {
            let text = with_check(&first17);
            let id = ResidentId::parse(&text);
            prop_assert!(id.is_ok(), "{}: {:?}", text, id);
            let id = id.unwrap_or_else(|_| unreachable!());
            let y: u16 = first17[6..10].parse().unwrap_or(0);
            prop_assert_eq!(id.birth_date().0, y);
            let odd = (first17.as_bytes()[16] - b'0') % 2 == 1;
            prop_assert_eq!(id.sex() == Sex::Male, odd);
            prop_assert_eq!(id.as_str(), text.as_str());
        }

        // Σ w·v ≡ 1 (mod 11) over all 18 positions with non-zero weights 2^(17−i) (the
        // check has weight 1); digits differ by 1..=9 < 11, so one substitution always
        // changes the sum.
        #[test]
        fn every_substitution_is_caught(first17 in valid_first17()) {
            let text = with_check(&first17);
            let b = text.as_bytes();
            for i in 0..18 {
                for c in b"0123456789X" {
                    if *c == b[i] { continue; }
                    let mut m = b.to_vec();
                    m[i] = *c;
                    if i < 17 && *c != b'X' {
                        prop_assert_ne!(mod11_2(&m[..17]), Some(m[17]), "check misses {} at {}", c, i);
                    }
                    prop_assert!(ResidentId::parse(&String::from_utf8_lossy(&m)).is_err());
                }
            }
        }

        // w_i = 2·w_(i+1) and w_i = 4·w_(i+2) (mod 11), so neighbours differ by w_(i+1) and
        // positions two apart by 3·w_(i+2): never zero, so every adjacent or jump
        // transposition of different characters is caught (an X moved off the last place
        // fails the alphabet).
        #[test]
        fn every_adjacent_and_jump_transposition_is_caught(first17 in valid_first17()) {
            let text = with_check(&first17);
            let b = text.as_bytes();
            for gap in [1, 2] {
                for i in 0..18 - gap {
                    if b[i] == b[i + gap] { continue; }
                    let mut m = b.to_vec();
                    m.swap(i, i + gap);
                    if m[..17].iter().all(u8::is_ascii_digit) {
                        prop_assert_ne!(mod11_2(&m[..17]), Some(m[17]), "gap {} at {}", gap, i);
                    }
                    prop_assert!(ResidentId::parse(&String::from_utf8_lossy(&m)).is_err());
                }
            }
        }

        #[test]
        fn from_15_round_trip(
            region in (proptest::sample::select(vec![11u8, 32, 53]), 0u32..10_000),
            yy in 0u8..100, m in 1u8..=12, d in 1u8..=28, seq in 0u16..1000,
        ) {
            let fifteen = format!("{}{:04}{yy:02}{m:02}{d:02}{seq:03}", region.0, region.1);
            let id = ResidentId::from_15(&fifteen);
            prop_assert!(id.is_ok(), "{}: {:?}", fifteen, id);
            let id = id.unwrap_or_else(|_| unreachable!());
            let s = id.as_str();
            prop_assert_eq!(&s[..6], &fifteen[..6]);
            prop_assert_eq!(&s[6..8], "19");
            prop_assert_eq!(&s[8..17], &fifteen[6..]);
        }

        #[test]
        fn never_panics_on_any_text(s in "\\PC{0,40}") {
            let _ = ResidentId::parse(&s);
            let _ = ResidentId::from_15(&s);
            let _ = ResidentId::compute_check(&s);
        }

        #[test]
        fn never_panics_on_digit_noise(s in "[0-9]{17}[0-9Xx]", f in "[0-9]{15}") {
            if let Ok(id) = ResidentId::parse(&s) {
                let (y, m, d) = id.birth_date();
                prop_assert!(y >= 1800 && is_calendar_date(y, m, d));
                prop_assert_eq!(id.masked().len(), 18);
                let _ = id.region();
            }
            let _ = ResidentId::from_15(&f);
        }
    }
}
