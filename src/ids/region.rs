//! 行政区划代码 (GB/T 2260): six digits whose first two name a province-level division.
//!
//! There is no full table here: the code list changes every year and a stale table would
//! reject real codes. A code is well-formed when it is six ASCII digits and its province
//! is one of the real ones (11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71, 81, 82); the
//! prefecture and county digits are not checked.

use std::fmt;
use std::str::FromStr;

use super::error::{IdError, IdKind};

/// Province-level codes of GB/T 2260.
const PROVINCES: &[u8] = &[
    11, 12, 13, 14, 15, // 华北
    21, 22, 23, // 东北
    31, 32, 33, 34, 35, 36, 37, // 华东
    41, 42, 43, 44, 45, 46, // 中南
    50, 51, 52, 53, 54, // 西南
    61, 62, 63, 64, 65, // 西北
    71, // 台湾
    81, 82, // 香港, 澳门
];

/// Whether `p` is a province-level code of GB/T 2260.
pub(crate) fn is_province(p: u8) -> bool {
    PROVINCES.contains(&p)
}

/// A well-formed six-digit 行政区划代码.
///
/// ```
/// use govcred::ids::RegionCode;
/// let r = RegionCode::parse("330106")?;
/// assert_eq!(r.province(), 33);
/// assert!(RegionCode::parse("990000").is_err());
/// # Ok::<(), govcred::ids::IdError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegionCode(String);

impl RegionCode {
    /// Parses six ASCII digits with a real province prefix.
    pub fn parse(text: &str) -> Result<Self, IdError> {
        let kind = IdKind::RegionCode;
        let found = text.chars().count();
        if found != 6 {
            return Err(IdError::Length {
                kind,
                expected: 6,
                found,
            });
        }
        if let Some(i) = text.chars().position(|c| !c.is_ascii_digit()) {
            return Err(IdError::Alphabet {
                kind,
                position: i + 1,
            });
        }
        Self::embedded(text, kind)
    }

    /// Checks a region code inside another identifier; any fault is a region fault of
    /// that identifier's kind, so the code stays the identifier's own.
    pub(crate) fn embedded(text: &str, kind: IdKind) -> Result<Self, IdError> {
        match text.as_bytes() {
            [a, b, rest @ ..]
                if rest.len() == 4
                    && text.bytes().all(|c| c.is_ascii_digit())
                    && is_province((a - b'0') * 10 + (b - b'0')) =>
            {
                Ok(RegionCode(text.to_owned()))
            }
            _ => Err(IdError::Region { kind }),
        }
    }

    /// The six digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The province-level code: the first two digits as a number (e.g. 33 for 浙江).
    pub fn province(&self) -> u8 {
        let b = self.0.as_bytes();
        // Checked at parse: six ASCII digits.
        (b[0] - b'0') * 10 + (b[1] - b'0')
    }

    /// Whether the code names a whole province (its last four digits are zero).
    pub fn is_province_level(&self) -> bool {
        self.0.ends_with("0000")
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for RegionCode {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_provinces_and_rejects_the_rest() {
        let mut accepted = Vec::new();
        for p in 0..100u8 {
            if RegionCode::parse(&format!("{p:02}0101")).is_ok() {
                accepted.push(p);
            }
        }
        assert_eq!(accepted, PROVINCES);
    }

    #[test]
    fn reports_the_fault() {
        assert_eq!(
            RegionCode::parse("33010"),
            Err(IdError::Length {
                kind: IdKind::RegionCode,
                expected: 6,
                found: 5
            })
        );
        assert_eq!(
            RegionCode::parse("33010A"),
            Err(IdError::Alphabet {
                kind: IdKind::RegionCode,
                position: 6
            })
        );
        // Six characters, one of them two bytes long: counted as characters.
        assert_eq!(
            RegionCode::parse("3301é6"),
            Err(IdError::Alphabet {
                kind: IdKind::RegionCode,
                position: 5
            })
        );
        assert_eq!(
            RegionCode::embedded("3301A6", IdKind::Uscc),
            Err(IdError::Region { kind: IdKind::Uscc })
        );
        assert_eq!(
            RegionCode::parse("100000"),
            Err(IdError::Region {
                kind: IdKind::RegionCode
            })
        );
        assert_eq!(
            RegionCode::embedded("000000", IdKind::ResidentId),
            Err(IdError::Region {
                kind: IdKind::ResidentId
            })
        );
    }

    #[test]
    fn accessors() -> Result<(), IdError> {
        let r: RegionCode = "810000".parse()?;
        assert_eq!(r.province(), 81);
        assert!(r.is_province_level());
        assert_eq!(r.to_string(), "810000");
        assert!(!RegionCode::parse("330106")?.is_province_level());
        Ok(())
    }
}
