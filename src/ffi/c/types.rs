//! The small enums of the C ABI. Each is `#[repr(u32)]` for the header, and each parameter
//! that takes one is a plain `u32` in Rust (named `*_arg`, spelt with the enum's name in the
//! header): C may pass any number, and a Rust enum holding an unlisted one would be
//! undefined behaviour. Unlisted numbers are `GOVCRED_RESULT_INVALID_ARGUMENT`.

use crate::colorcode::Color;
use crate::sm2::{SignatureFormat, TableSize};
use crate::trust::CredentialKind;

use super::result::govcred_result;

/// How an SM2 signature is written.
// Only the header and the tests name it: parameters arrive as `govcred_sig_format_arg`.
#[allow(dead_code)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum govcred_sig_format {
    /// DER `SEQUENCE { r INTEGER, s INTEGER }` (GM/T 0009), at most 72 bytes.
    Der = 0,
    /// Raw 64 bytes `r || s`, each 32 bytes big-endian.
    Raw = 1,
}

/// `govcred_sig_format` as it arrives from C.
pub type govcred_sig_format_arg = u32;

pub(crate) fn sig_format(n: govcred_sig_format_arg) -> Result<SignatureFormat, govcred_result> {
    match n {
        0 => Ok(SignatureFormat::Der),
        1 => Ok(SignatureFormat::Raw),
        _ => Err(govcred_result::InvalidArgument),
    }
}

/// How a key is exported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum govcred_key_format {
    /// Private: the 32-byte scalar. Public: 65-byte uncompressed SEC1 `04 || X || Y`.
    Raw = 0,
    /// Private: PKCS#8 DER. Public: SubjectPublicKeyInfo DER.
    Der = 1,
    /// Private: PKCS#8 PEM (`PRIVATE KEY`). Public: `PUBLIC KEY` PEM. NUL-terminated.
    Pem = 2,
    /// Public only: 33-byte compressed SEC1 `02/03 || X`.
    Compressed = 3,
}

/// `govcred_key_format` as it arrives from C.
pub type govcred_key_format_arg = u32;

pub(crate) fn key_format(n: govcred_key_format_arg) -> Result<govcred_key_format, govcred_result> {
    match n {
        0 => Ok(govcred_key_format::Raw),
        1 => Ok(govcred_key_format::Der),
        2 => Ok(govcred_key_format::Pem),
        3 => Ok(govcred_key_format::Compressed),
        _ => Err(govcred_result::InvalidArgument),
    }
}

/// The color of a health or safety code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum govcred_color {
    /// Not a color code, or the signature did not verify.
    None = 0,
    /// 绿码.
    Green = 1,
    /// 黄码.
    Yellow = 2,
    /// 红码.
    Red = 3,
}

/// `govcred_color` as it arrives from C.
pub type govcred_color_arg = u32;

impl From<Color> for govcred_color {
    fn from(c: Color) -> Self {
        match c {
            Color::Green => govcred_color::Green,
            Color::Yellow => govcred_color::Yellow,
            Color::Red => govcred_color::Red,
        }
    }
}

pub(crate) fn color(n: govcred_color_arg) -> Result<Color, govcred_result> {
    match n {
        1 => Ok(Color::Green),
        2 => Ok(Color::Yellow),
        3 => Ok(Color::Red),
        _ => Err(govcred_result::InvalidArgument),
    }
}

/// Precomputed table size per issuer key (see `govcred_policy_set_table_size`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
#[allow(dead_code)] // exported to the header; C passes it as `govcred_table_size_arg`
pub enum govcred_table_size {
    /// About 51 KiB per issuer key (the default).
    Compact = 0,
    /// About 256 KiB per issuer key, a few percent faster with many keys.
    Fast = 1,
}

/// `govcred_table_size` as it arrives from C.
pub type govcred_table_size_arg = u32;

pub(crate) fn table_size(n: govcred_table_size_arg) -> Result<TableSize, govcred_result> {
    match n {
        0 => Ok(TableSize::Compact),
        1 => Ok(TableSize::Fast),
        _ => Err(govcred_result::InvalidArgument),
    }
}

/// What a verified credential is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum govcred_credential_kind {
    /// Unknown: the signature did not verify.
    None = 0,
    /// 电子证照, an e-license.
    License = 1,
    /// 健康码, a health code.
    HealthCode = 2,
    /// 安全码, a safety code.
    SafetyCode = 3,
}

impl From<CredentialKind> for govcred_credential_kind {
    fn from(k: CredentialKind) -> Self {
        match k {
            CredentialKind::License => govcred_credential_kind::License,
            CredentialKind::HealthCode => govcred_credential_kind::HealthCode,
            CredentialKind::SafetyCode => govcred_credential_kind::SafetyCode,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argument_numbers_match_the_enums() {
        for f in [govcred_sig_format::Der, govcred_sig_format::Raw] {
            let parsed = sig_format(f as u32).expect("listed");
            assert_eq!(parsed as u32, f as u32, "same numbers as SignatureFormat");
        }
        assert_eq!(sig_format(2), Err(govcred_result::InvalidArgument));
        for f in [
            govcred_key_format::Raw,
            govcred_key_format::Der,
            govcred_key_format::Pem,
            govcred_key_format::Compressed,
        ] {
            assert_eq!(key_format(f as u32), Ok(f));
        }
        assert_eq!(key_format(4), Err(govcred_result::InvalidArgument));
        for c in [Color::Green, Color::Yellow, Color::Red] {
            assert_eq!(color(govcred_color::from(c) as u32), Ok(c));
        }
        assert_eq!(color(0), Err(govcred_result::InvalidArgument));
        assert_eq!(color(4), Err(govcred_result::InvalidArgument));
    }
}
