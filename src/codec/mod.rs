//! QR text framing: `PREFIX` + base45(zlib(COSE_Sign1)).
//!
//! [`decode_qr`] is the first thing that touches a scanned code, so it is bounded before
//! it does any work: text longer than [`MAX_QR_TEXT`] bytes is refused at once, and the
//! inflated COSE bytes may not exceed [`MAX_INFLATED`].
//!
//! Scanners and copy-paste add whitespace, so decoding first trims ASCII whitespace
//! (space, tab, CR, LF, form feed) at both ends and then drops every CR, LF and tab inside.
//! Inner spaces are kept, because space is a base45 digit. Trimming spaces at the end
//! loses nothing: the last character of valid base45 is never a space (a final
//! three-character group has a high digit of at most 32, a two-character one at most 5,
//! and space is 36). Any other character outside the base45 alphabet is an error.

pub(crate) mod base45;
pub(crate) mod zlib;

use std::borrow::Cow;

/// Longest QR text accepted, in bytes, checked before any decoding.
pub const MAX_QR_TEXT: usize = 16 * 1024;

/// Largest COSE_Sign1 a QR code may carry, in bytes: the one limit for credential COSE,
/// 16 KiB as the design states. Inflating past it stops with `InflateTooLarge` (2004)
/// before more memory is spent; issuers refuse to sign a larger credential (`TooLarge`,
/// [`encode_credential`]), so every credential issued can be read back. Trust bundles are
/// COSE too but arrive as files, with their own limit (`trust::MAX_BUNDLE_LEN`).
pub const MAX_INFLATED: usize = 16 * 1024;

/// Which credential a QR text carries, from its prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum Prefix {
    /// `EL1:` an e-license (电子证照).
    License = 1,
    /// `CC1:` a color code (健康码 / 安全码).
    ColorCode = 2,
}

impl Prefix {
    /// Every prefix this version reads.
    pub const ALL: [Prefix; 2] = [Prefix::License, Prefix::ColorCode];

    /// The prefix text, colon included.
    pub const fn as_str(self) -> &'static str {
        match self {
            Prefix::License => "EL1:",
            Prefix::ColorCode => "CC1:",
        }
    }
}

impl std::fmt::Display for Prefix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Errors of the codec layer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CodecError {
    /// The input is over a size limit.
    #[error("input of {len} bytes exceeds the limit of {max}")]
    TooLarge {
        /// Input length in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The text does not start with a known prefix.
    #[error("unknown credential format: expected a prefix EL1: or CC1:")]
    UnknownFormat,
    /// The text is not strict base45.
    #[error("malformed base45 at character {offset}: {reason}")]
    BadBase45 {
        /// Offset into the base45 text (after the prefix and whitespace removal).
        offset: usize,
        /// Which rule broke.
        reason: &'static str,
    },
    /// The zlib stream is malformed.
    #[error("malformed zlib data: {0}")]
    BadZlib(&'static str),
    /// Inflating would pass the output cap.
    #[error("inflated data exceeds the limit of {max} bytes")]
    InflateTooLarge {
        /// The cap in bytes.
        max: usize,
    },
}

impl CodecError {
    /// The stable code.
    pub fn code(&self) -> crate::ErrorCode {
        use crate::ErrorCode;
        match self {
            CodecError::TooLarge { .. } => ErrorCode::TooLarge,
            CodecError::UnknownFormat => ErrorCode::UnknownFormat,
            CodecError::BadBase45 { .. } => ErrorCode::BadBase45,
            CodecError::BadZlib(_) => ErrorCode::BadZlib,
            CodecError::InflateTooLarge { .. } => ErrorCode::InflateTooLarge,
        }
    }
}

impl From<CodecError> for crate::Error {
    fn from(e: CodecError) -> Self {
        crate::Error::new(e.code(), e.to_string())
    }
}

/// `prefix` + base45(zlib(`cose`)).
pub fn encode_qr(prefix: Prefix, cose: &[u8]) -> String {
    let mut text = String::from(prefix.as_str());
    text.push_str(&base45::encode(&zlib::compress(cose)));
    text
}

/// [`encode_qr`] for an issuer: refuses (`TooLarge`) a COSE_Sign1 above [`MAX_INFLATED`] or
/// a text above [`MAX_QR_TEXT`], which no verifier would accept.
pub fn encode_credential(prefix: Prefix, cose: &[u8]) -> Result<String, CodecError> {
    if cose.len() > MAX_INFLATED {
        return Err(CodecError::TooLarge {
            len: cose.len(),
            max: MAX_INFLATED,
        });
    }
    let text = encode_qr(prefix, cose);
    if text.len() > MAX_QR_TEXT {
        return Err(CodecError::TooLarge {
            len: text.len(),
            max: MAX_QR_TEXT,
        });
    }
    Ok(text)
}

/// The prefix of a QR text, after the same size check and whitespace handling as
/// [`decode_qr`]; the body is not examined.
pub fn detect(text: &str) -> Result<Prefix, CodecError> {
    split(text).map(|(prefix, _)| prefix)
}

/// Splits QR text into its prefix and the COSE_Sign1 bytes it carries.
pub fn decode_qr(text: &str) -> Result<(Prefix, Vec<u8>), CodecError> {
    let (prefix, body) = split(text)?;
    let compressed = base45::decode(&body)?;
    let cose = zlib::decompress(&compressed, MAX_INFLATED)?;
    Ok((prefix, cose))
}

fn split(text: &str) -> Result<(Prefix, Cow<'_, str>), CodecError> {
    if text.len() > MAX_QR_TEXT {
        return Err(CodecError::TooLarge {
            len: text.len(),
            max: MAX_QR_TEXT,
        });
    }
    let trimmed = text.trim_matches(|c: char| c.is_ascii_whitespace());
    let is_break = |c: char| matches!(c, '\r' | '\n' | '\t');
    let cleaned: Cow<'_, str> = if trimmed.contains(is_break) {
        Cow::Owned(trimmed.chars().filter(|&c| !is_break(c)).collect())
    } else {
        Cow::Borrowed(trimmed)
    };
    let prefix = Prefix::ALL
        .into_iter()
        .find(|p| cleaned.starts_with(p.as_str()))
        .ok_or(CodecError::UnknownFormat)?;
    let body = match cleaned {
        Cow::Borrowed(s) => Cow::Borrowed(&s[prefix.as_str().len()..]),
        Cow::Owned(s) => Cow::Owned(s[prefix.as_str().len()..].to_owned()),
    };
    Ok((prefix, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_both_prefixes() {
        for prefix in Prefix::ALL {
            let text = encode_qr(prefix, b"\xd2\x84cose bytes");
            assert!(text.starts_with(prefix.as_str()));
            assert_eq!(detect(&text), Ok(prefix));
            assert_eq!(
                decode_qr(&text),
                Ok((prefix, b"\xd2\x84cose bytes".to_vec()))
            );
        }
    }

    #[test]
    fn whitespace_rules() {
        let text = encode_qr(Prefix::License, &[7u8; 100]);
        let (head, tail) = text.split_at(10);
        let wrapped = format!(" \r\n\t{head}\r\n{tail}\n\t ");
        assert_eq!(decode_qr(&wrapped), Ok((Prefix::License, vec![7u8; 100])));
        let broken_prefix = format!("EL\n1:{}", &text[4..]);
        assert_eq!(detect(&broken_prefix), Ok(Prefix::License));
        // Form feed inside is not a scanner line break.
        let ff = format!("{head}\x0c{tail}");
        assert!(matches!(decode_qr(&ff), Err(CodecError::BadBase45 { .. })));
        // An inner space is a base45 digit, so inserting one changes the data.
        let spaced = format!("{head} {tail}");
        assert!(decode_qr(&spaced).is_err());
    }

    #[test]
    fn prefixes_are_exact() {
        for text in [
            "",
            "   ",
            "EL1",
            "el1:BB8",
            "EL2:BB8",
            "HC1:BB8",
            "CC1 BB8",
            "\u{feff}EL1:",
        ] {
            assert_eq!(detect(text), Err(CodecError::UnknownFormat), "{text:?}");
            assert_eq!(decode_qr(text), Err(CodecError::UnknownFormat), "{text:?}");
        }
    }

    #[test]
    fn size_is_checked_first() {
        let text = "x".repeat(MAX_QR_TEXT + 1);
        let e = Err(CodecError::TooLarge {
            len: MAX_QR_TEXT + 1,
            max: MAX_QR_TEXT,
        });
        assert_eq!(decode_qr(&text), e);
        assert_eq!(detect(&text), e.map(|(p, _): (Prefix, Vec<u8>)| p));
    }

    #[test]
    fn codes() {
        use crate::ErrorCode;
        assert_eq!(CodecError::UnknownFormat.code(), ErrorCode::UnknownFormat);
        assert_eq!(
            CodecError::TooLarge { len: 1, max: 0 }.code().as_u32(),
            1002
        );
        assert_eq!(CodecError::BadZlib("x").code().as_u32(), 2003);
        assert_eq!(CodecError::InflateTooLarge { max: 1 }.code().as_u32(), 2004);
        let e: crate::Error = CodecError::BadBase45 {
            offset: 3,
            reason: "r",
        }
        .into();
        assert_eq!(e.code().as_u32(), 2002);
        assert!(e.message().contains("character 3"));
    }
}
