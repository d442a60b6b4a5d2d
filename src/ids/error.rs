//! Errors of the identifier layer.
//!
//! Variants say what is wrong (length, alphabet, check character, date, region, segment);
//! the stable [`ErrorCode`] is chosen by the kind of identifier, so a caller that only reads
//! codes sees one code per identifier kind. Messages never repeat the rejected value: a
//! resident ID is personal data, and the position and kind of fault are enough to fix a typo.

use std::fmt;

use crate::error::{Error, ErrorCode};

/// Which identifier was being parsed; decides the error code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IdKind {
    /// 统一社会信用代码 (GB 32100).
    Uscc,
    /// 公民身份号码 and the permits that share its layout (GB 11643).
    ResidentId,
    /// 证照标识 (GB/T 36904).
    LicenseId,
    /// 行政区划代码 (GB/T 2260).
    RegionCode,
}

impl IdKind {
    /// The stable code for a fault in this kind of identifier.
    pub const fn code(self) -> ErrorCode {
        match self {
            IdKind::Uscc => ErrorCode::BadUscc,
            IdKind::ResidentId => ErrorCode::BadResidentId,
            IdKind::LicenseId => ErrorCode::BadLicenseId,
            IdKind::RegionCode => ErrorCode::BadRegionCode,
        }
    }

    /// The English name used in messages.
    pub const fn name(self) -> &'static str {
        match self {
            IdKind::Uscc => "unified social credit code",
            IdKind::ResidentId => "resident ID number",
            IdKind::LicenseId => "license identifier",
            IdKind::RegionCode => "region code",
        }
    }
}

impl fmt::Display for IdKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A dot-separated part of a license identifier after the root arc.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LicenseSegment {
    /// 证照类型代码, 21 characters of `0-9A-Z`.
    TypeCode,
    /// 流水号, 1 to 32 characters of `0-9A-Z`.
    Serial,
    /// Version, 3 digits.
    Version,
    /// Check character, 1 character of `0-9A-Z`.
    Check,
}

impl LicenseSegment {
    /// The rule the segment must follow, for messages.
    pub const fn rule(self) -> &'static str {
        match self {
            LicenseSegment::TypeCode => "21 characters from 0-9 and A-Z",
            LicenseSegment::Serial => "1 to 32 characters from 0-9 and A-Z",
            LicenseSegment::Version => "3 digits",
            LicenseSegment::Check => "1 character from 0-9 and A-Z",
        }
    }
}

impl fmt::Display for LicenseSegment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LicenseSegment::TypeCode => "license type code",
            LicenseSegment::Serial => "serial",
            LicenseSegment::Version => "version",
            LicenseSegment::Check => "check character",
        })
    }
}

/// Errors of the identifier layer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdError {
    /// The identifier has the wrong number of characters.
    #[error("{kind}: expected {expected} characters, found {found}")]
    Length {
        /// Identifier kind.
        kind: IdKind,
        /// Required number of characters.
        expected: usize,
        /// Number of characters (not bytes) found.
        found: usize,
    },
    /// A character is outside the alphabet allowed at its position.
    #[error("{kind}: character {position} is not allowed there")]
    Alphabet {
        /// Identifier kind.
        kind: IdKind,
        /// 1-based character position.
        position: usize,
    },
    /// The check character does not match the rest of the identifier.
    #[error("{kind}: check character does not match")]
    CheckCharacter {
        /// Identifier kind.
        kind: IdKind,
    },
    /// The organisation code inside a USCC (positions 9–17, GB 11714) fails its own check.
    #[error(
        "unified social credit code: embedded organisation code check character does not match"
    )]
    OrganisationCodeCheck,
    /// The region part is not a well-formed GB/T 2260 code (unknown province, or a permit
    /// whose address code is not the one the permit rules prescribe).
    #[error("{kind}: region code is not well-formed")]
    Region {
        /// Identifier kind.
        kind: IdKind,
    },
    /// The birth date in a resident ID is not a calendar date from 1800 on.
    #[error("resident ID number: birth date is not a valid date from 1800 on")]
    BirthDate,
    /// A license identifier does not start with the e-license root `1.2.156.3005.2.`.
    #[error("license identifier: does not start with 1.2.156.3005.2.")]
    LicenseRoot,
    /// A license identifier does not have five segments after the root.
    #[error("license identifier: expected 5 segments after the root, found {found}")]
    LicenseSegments {
        /// Number of dot-separated segments found after the root.
        found: usize,
    },
    /// A segment of a license identifier breaks its rule.
    #[error("license identifier: {segment} must be {}", .segment.rule())]
    LicenseSegment {
        /// The offending segment.
        segment: LicenseSegment,
    },
    /// The issuer segment of a license identifier is not a valid USCC.
    #[error("license identifier: issuer: {0}")]
    LicenseIssuer(#[source] Box<IdError>),
}

impl IdError {
    /// The stable code: one per identifier kind.
    ///
    /// A bad birth date is [`ErrorCode::BadResidentId`], not [`ErrorCode::BadDates`]: the
    /// fault is in the identifier, and callers map codes per field. A faulty issuer USCC
    /// inside a license identifier is [`ErrorCode::BadLicenseId`] for the same reason.
    pub fn code(&self) -> ErrorCode {
        match self {
            IdError::Length { kind, .. }
            | IdError::Alphabet { kind, .. }
            | IdError::CheckCharacter { kind }
            | IdError::Region { kind } => kind.code(),
            IdError::OrganisationCodeCheck => ErrorCode::BadUscc,
            IdError::BirthDate => ErrorCode::BadResidentId,
            IdError::LicenseRoot
            | IdError::LicenseSegments { .. }
            | IdError::LicenseSegment { .. }
            | IdError::LicenseIssuer(_) => ErrorCode::BadLicenseId,
        }
    }
}

impl From<IdError> for Error {
    fn from(e: IdError) -> Self {
        Error::new(e.code(), e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_the_identifier_kind() {
        let cases = [
            (
                IdError::Length {
                    kind: IdKind::Uscc,
                    expected: 18,
                    found: 3,
                },
                4001,
            ),
            (
                IdError::CheckCharacter {
                    kind: IdKind::ResidentId,
                },
                4002,
            ),
            (IdError::BirthDate, 4002),
            (IdError::OrganisationCodeCheck, 4001),
            (
                IdError::LicenseIssuer(Box::new(IdError::OrganisationCodeCheck)),
                4003,
            ),
            (
                IdError::Region {
                    kind: IdKind::RegionCode,
                },
                4004,
            ),
            (IdError::Region { kind: IdKind::Uscc }, 4001),
        ];
        for (e, code) in cases {
            assert_eq!(e.code().as_u32(), code, "{e}");
            let public: Error = e.clone().into();
            assert_eq!(public.code().as_u32(), code);
            assert_eq!(public.message(), e.to_string());
        }
    }

    #[test]
    fn messages_name_the_fault() {
        let e = IdError::LicenseSegment {
            segment: LicenseSegment::Version,
        };
        assert_eq!(
            e.to_string(),
            "license identifier: version must be 3 digits"
        );
        let e = IdError::LicenseIssuer(Box::new(IdError::CheckCharacter { kind: IdKind::Uscc }));
        assert_eq!(
            e.to_string(),
            "license identifier: issuer: unified social credit code: check character does not match"
        );
        let e = IdError::Alphabet {
            kind: IdKind::ResidentId,
            position: 7,
        };
        assert_eq!(
            e.to_string(),
            "resident ID number: character 7 is not allowed there"
        );
    }
}
