//! Private key files: encrypted PKCS#8 (PBES2, as `openssl genpkey -aes256` and
//! `openssl pkcs8 -topk8 -v2 aes-256-cbc` write it, and with SM4-CBC as
//! `openssl pkcs8 -topk8 -v2 sm4-cbc` writes it) read with a passphrase from
//! `--passin env:VAR|file:PATH|stdin` (OpenSSL's spelling), and written by
//! `key generate --encrypt`.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use govcred::sm2::PrivateKey;
use govcred::{Error, ErrorCode};
use pkcs8::der::Decode;
use zeroize::Zeroizing;

use crate::common::{CliError, read_input};

mod sm4_cbc;

use sm4_cbc::Sm4CbcKey;

/// Where a passphrase comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PassSource {
    /// `env:VAR`: the environment variable VAR.
    Env(String),
    /// `file:PATH`: the first line of PATH.
    File(PathBuf),
    /// `stdin`: the first line of stdin.
    Stdin,
}

impl FromStr for PassSource {
    type Err = String;

    fn from_str(s: &str) -> Result<PassSource, String> {
        if let Some(var) = s.strip_prefix("env:") {
            Ok(PassSource::Env(var.to_owned()))
        } else if let Some(path) = s.strip_prefix("file:") {
            Ok(PassSource::File(PathBuf::from(path)))
        } else if s == "stdin" {
            Ok(PassSource::Stdin)
        } else {
            Err("expected env:VAR, file:PATH or stdin".to_owned())
        }
    }
}

impl PassSource {
    /// The passphrase: the variable's value, or the first line of the file or stdin.
    pub fn read(&self) -> Result<Zeroizing<Vec<u8>>, CliError> {
        let mut text = match self {
            PassSource::Env(var) => Zeroizing::new(
                std::env::var_os(var)
                    .ok_or_else(|| CliError::Usage(format!("--passin: {var} is not set")))?
                    .into_encoded_bytes(),
            ),
            PassSource::File(path) => Zeroizing::new(read_input(Some(path), "passphrase")?),
            PassSource::Stdin => Zeroizing::new(read_input(None, "passphrase")?),
        };
        if !matches!(self, PassSource::Env(_)) {
            let end = text
                .iter()
                .position(|&b| b == b'\n' || b == b'\r')
                .unwrap_or(text.len());
            text.truncate(end);
        }
        if text.is_empty() {
            return Err(CliError::Usage("the passphrase is empty".to_owned()));
        }
        Ok(text)
    }
}

const ENCRYPTED_LABEL: &str = "ENCRYPTED PRIVATE KEY";

// The DER of an EncryptedPrivateKeyInfo, when `input` is one (PEM or DER).
fn encrypted_der(input: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let text = std::str::from_utf8(input).ok();
    if let Some(text) = text.filter(|t| t.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
        let start = text.find("-----BEGIN")?;
        return match pkcs8::der::pem::decode_vec(&text.as_bytes()[start..]) {
            Ok((label, der)) if label == ENCRYPTED_LABEL => Some(Zeroizing::new(der)),
            // A broken PEM: the ordinary key decoder reports it.
            _ => None,
        };
    }
    let encrypted = pkcs8::EncryptedPrivateKeyInfoRef::from_der(input).is_ok()
        || Sm4CbcKey::parse(input).is_some();
    encrypted.then(|| Zeroizing::new(input.to_vec()))
}

/// Loads a private key file (PKCS#8 or SEC1, PEM or DER, hex; or encrypted PKCS#8 with
/// `passin`).
pub(crate) fn load_private_key(
    path: &Path,
    passin: Option<&PassSource>,
    what: &str,
) -> Result<PrivateKey, CliError> {
    if path.as_os_str() == "-" && passin == Some(&PassSource::Stdin) {
        return Err(CliError::Usage(
            "the key and --passin cannot both be stdin".to_owned(),
        ));
    }
    let input = Zeroizing::new(read_input(Some(path), what)?);
    decode_private_key(&input, passin, what)
}

/// Decodes a private key already read, decrypting it with `passin` when it is encrypted.
pub(crate) fn decode_private_key(
    input: &[u8],
    passin: Option<&PassSource>,
    what: &str,
) -> Result<PrivateKey, CliError> {
    let Some(der) = encrypted_der(input) else {
        return Ok(PrivateKey::decode(input)?);
    };
    let Some(passin) = passin else {
        return Err(CliError::Usage(format!(
            "the {what} is encrypted; give --passin env:VAR|file:PATH|stdin"
        )));
    };
    let pass = passin.read()?;
    let refused = || {
        CliError::Rejected(Error::new(
            ErrorCode::BadPrivateKey,
            "cannot decrypt the key (wrong passphrase, or an unsupported cipher)",
        ))
    };
    if let Some(key) = Sm4CbcKey::parse(&der) {
        let plain = key.decrypt(pass.as_slice()).map_err(|_| refused())?;
        return Ok(PrivateKey::decode(&plain)?);
    }
    let info = pkcs8::EncryptedPrivateKeyInfoRef::from_der(&der).map_err(|_| refused())?;
    let plain = info.decrypt(pass.as_slice()).map_err(|_| refused())?;
    Ok(PrivateKey::decode(plain.as_bytes())?)
}

/// `key` as encrypted PKCS#8 PEM: PBES2 with scrypt and AES-256-CBC, which OpenSSL 1.1 and
/// later read.
pub(crate) fn encrypt_private_key(
    key: &PrivateKey,
    pass: &[u8],
) -> Result<Zeroizing<String>, CliError> {
    let failed = |e: pkcs8::Error| {
        CliError::Rejected(Error::new(
            ErrorCode::Internal,
            format!("cannot encrypt the key: {e}"),
        ))
    };
    let der = key.to_pkcs8_der()?;
    let info = pkcs8::PrivateKeyInfoRef::try_from(der.as_slice()).map_err(failed)?;
    let encrypted = info.encrypt(pass).map_err(failed)?;
    encrypted
        .to_pem(ENCRYPTED_LABEL, pkcs8::LineEnding::LF)
        .map_err(|e| failed(e.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pass_sources() {
        assert_eq!("env:X".parse(), Ok(PassSource::Env("X".into())));
        assert_eq!("file:/p".parse(), Ok(PassSource::File("/p".into())));
        assert_eq!("stdin".parse(), Ok(PassSource::Stdin));
        for bad in ["pass:x", "", "env", "fd:3"] {
            assert!(bad.parse::<PassSource>().is_err(), "{bad}");
        }
    }

    #[test]
    fn encrypt_then_decrypt() {
        let key = PrivateKey::generate().unwrap();
        let pem = encrypt_private_key(&key, b"correct horse").unwrap();
        assert!(pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        let der = encrypted_der(pem.as_bytes()).unwrap();
        let info = pkcs8::EncryptedPrivateKeyInfoRef::from_der(&der).unwrap();
        let plain = info.decrypt(b"correct horse").unwrap();
        let back = PrivateKey::decode(plain.as_bytes()).unwrap();
        assert_eq!(back.public_key(), key.public_key());
        assert!(info.decrypt(b"wrong").is_err());
    }
}
