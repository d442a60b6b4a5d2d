use sm2::elliptic_curve::sec1::{FromSec1Point, ToSec1Point};
use sm2::pkcs8::der::pem;
use sm2::pkcs8::{
    DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey, LineEnding,
};
use sm2::{NonZeroScalar, Scalar};
use zeroize::Zeroizing;

use crate::error::CryptoError;

/// An SM2 private key d ∈ [1, n−2]. Zeroized on drop; `Debug` never shows it.
#[derive(Clone)]
pub struct PrivateKey {
    secret: sm2::SecretKey,
    public: PublicKey,
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrivateKey")
            .field("public", &self.public)
            .finish_non_exhaustive()
    }
}

impl PrivateKey {
    /// A fresh key from the operating system's random source.
    pub fn generate() -> Result<Self, CryptoError> {
        use sm2::elliptic_curve::Generate;
        // d = n−1 has no (1+d)⁻¹; the chance is 2⁻²⁵⁶, but the rule is the rule.
        loop {
            let secret = sm2::SecretKey::try_generate().map_err(|_| CryptoError::RandomFailure)?;
            if let Ok(key) = Self::from_secret(secret) {
                return Ok(key);
            }
        }
    }

    fn from_secret(secret: sm2::SecretKey) -> Result<Self, CryptoError> {
        let d: NonZeroScalar = secret.to_nonzero_scalar();
        if *d == -Scalar::ONE {
            return Err(CryptoError::BadPrivateKey("d = n-1 is not a valid SM2 key"));
        }
        let public = PublicKey {
            inner: secret.public_key(),
        };
        Ok(PrivateKey { secret, public })
    }

    /// From the 32-byte big-endian scalar.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CryptoError> {
        if bytes.len() != 32 {
            return Err(CryptoError::BadPrivateKey("private key must be 32 bytes"));
        }
        let secret = sm2::SecretKey::from_slice(bytes)
            .map_err(|_| CryptoError::BadPrivateKey("private key is 0 or not below n"))?;
        Self::from_secret(secret)
    }

    /// From 64 hex digits.
    pub fn from_hex(text: &str) -> Result<Self, CryptoError> {
        let bytes = Zeroizing::new(crate::hex::decode(text).ok_or(CryptoError::BadHex)?);
        Self::from_bytes(&bytes)
    }

    /// From PKCS#8 `PrivateKeyInfo` DER (id-ecPublicKey with the SM2 curve).
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, CryptoError> {
        let secret = sm2::SecretKey::from_pkcs8_der(der)
            .map_err(|_| CryptoError::BadDer("not an SM2 PKCS#8 private key"))?;
        Self::from_secret(secret)
    }

    /// From SEC1 `ECPrivateKey` DER, as `openssl ec -outform DER` writes it.
    pub fn from_sec1_der(der: &[u8]) -> Result<Self, CryptoError> {
        let secret = sm2::SecretKey::from_sec1_der(der)
            .map_err(|_| CryptoError::BadDer("not an SM2 SEC1 private key"))?;
        Self::from_secret(secret)
    }

    /// From PEM: `PRIVATE KEY` (PKCS#8, `openssl genpkey -algorithm SM2`) or SEC1
    /// `EC PRIVATE KEY` / `SM2 PRIVATE KEY` (`openssl ec`). Other blocks, such as
    /// `EC PARAMETERS`, are skipped.
    pub fn from_pem(text: &str) -> Result<Self, CryptoError> {
        let mut found = false;
        for block in pem_blocks(text) {
            let (label, der) = pem::decode_vec(block.as_bytes())
                .map_err(|_| CryptoError::BadPem("malformed PEM block"))?;
            let der = Zeroizing::new(der);
            match label {
                "PRIVATE KEY" => return Self::from_pkcs8_der(&der),
                // OpenSSL 3 `openssl ec` labels SEC1 keys on the SM2 curve "SM2 PRIVATE KEY".
                "EC PRIVATE KEY" | "SM2 PRIVATE KEY" => return Self::from_sec1_der(&der),
                "ENCRYPTED PRIVATE KEY" => {
                    return Err(CryptoError::BadPem(
                        "encrypted private keys are not supported",
                    ));
                }
                _ => found = true,
            }
        }
        Err(CryptoError::BadPem(if found {
            "no private key block in PEM"
        } else {
            "no PEM block"
        }))
    }

    /// From any supported encoding, recognised from its contents: PEM, hex, 32 raw bytes,
    /// PKCS#8 DER or SEC1 DER.
    ///
    /// Input made only of printable ASCII is read as PEM or hex and never as raw bytes, so a
    /// hex key of the wrong length is an error rather than 32 ASCII bytes taken as a scalar.
    pub fn decode(input: &[u8]) -> Result<Self, CryptoError> {
        if input.is_empty() {
            return Err(CryptoError::BadPrivateKey("empty private key"));
        }
        if let Some(text) = as_text(input) {
            if text.contains("-----BEGIN") {
                return Self::from_pem(text);
            }
            return Self::from_hex(text);
        }
        if input.len() == 32 {
            return Self::from_bytes(input);
        }
        if input[0] != 0x30 {
            return Err(CryptoError::BadPrivateKey(
                "unrecognised private key encoding",
            ));
        }
        match Self::from_pkcs8_der(input) {
            Ok(key) => Ok(key),
            // PKCS#8 reports d = n−1 itself; otherwise try SEC1, and if that fails too,
            // report SEC1's reason only when it got as far as the key value.
            Err(e @ CryptoError::BadPrivateKey(_)) => Err(e),
            Err(e) => match Self::from_sec1_der(input) {
                Err(CryptoError::BadDer(_)) => Err(e),
                other => other,
            },
        }
    }

    /// The 32-byte big-endian scalar.
    pub fn to_bytes(&self) -> Zeroizing<[u8; 32]> {
        let mut out = Zeroizing::new([0u8; 32]);
        out.copy_from_slice(&self.secret.to_bytes());
        out
    }

    /// PKCS#8 DER.
    pub fn to_pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        let doc = self
            .secret
            .to_pkcs8_der()
            .map_err(|_| CryptoError::BadDer("encoding PKCS#8"))?;
        Ok(Zeroizing::new(doc.as_bytes().to_vec()))
    }

    /// PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), as `openssl genpkey` writes it.
    pub fn to_pkcs8_pem(&self) -> Result<Zeroizing<String>, CryptoError> {
        self.secret
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|_| CryptoError::BadPem("encoding PKCS#8"))
    }

    /// The public key d·G.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    pub(crate) fn scalar(&self) -> NonZeroScalar {
        self.secret.to_nonzero_scalar()
    }
}

/// An SM2 public key: a point on the recommended curve, not the identity.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey {
    inner: sm2::PublicKey,
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "PublicKey({})",
            crate::hex::encode(&self.to_compressed())
        )
    }
}

impl PublicKey {
    /// From SEC1 bytes: 65-byte `04‖X‖Y` or 33-byte `02/03‖X`.
    pub fn from_sec1(bytes: &[u8]) -> Result<Self, CryptoError> {
        match (bytes.len(), bytes.first()) {
            (0, _) => return Err(CryptoError::BadPublicKey("empty public key")),
            (65, Some(0x04)) | (33, Some(0x02 | 0x03)) => {}
            (65 | 33, _) => return Err(CryptoError::BadPublicKey("unknown point prefix")),
            _ => {
                return Err(CryptoError::BadPublicKey(
                    "public key must be 65 bytes (04||X||Y) or 33 bytes (02/03||X)",
                ));
            }
        }
        let point = sm2::Sec1Point::from_bytes(bytes)
            .map_err(|_| CryptoError::BadPublicKey("malformed point"))?;
        let inner = Option::<sm2::PublicKey>::from(sm2::PublicKey::from_sec1_point(&point))
            .ok_or(CryptoError::BadPublicKey("point not on the curve"))?;
        Ok(PublicKey { inner })
    }

    /// From hex of the 65- or 33-byte SEC1 form.
    pub fn from_hex(text: &str) -> Result<Self, CryptoError> {
        Self::from_sec1(&crate::hex::decode(text).ok_or(CryptoError::BadHex)?)
    }

    /// From `SubjectPublicKeyInfo` DER (id-ecPublicKey with the SM2 curve OID).
    pub fn from_spki_der(der: &[u8]) -> Result<Self, CryptoError> {
        let inner = sm2::PublicKey::from_public_key_der(der)
            .map_err(|_| CryptoError::BadDer("not an SM2 SubjectPublicKeyInfo"))?;
        Ok(PublicKey { inner })
    }

    /// From PEM `PUBLIC KEY`.
    pub fn from_pem(text: &str) -> Result<Self, CryptoError> {
        let mut found = false;
        for block in pem_blocks(text) {
            let (label, der) = pem::decode_vec(block.as_bytes())
                .map_err(|_| CryptoError::BadPem("malformed PEM block"))?;
            if label == "PUBLIC KEY" {
                return Self::from_spki_der(&der);
            }
            found = true;
        }
        Err(CryptoError::BadPem(if found {
            "no PUBLIC KEY block in PEM"
        } else {
            "no PEM block"
        }))
    }

    /// From any supported encoding, recognised from its contents: PEM, hex, SEC1 bytes or
    /// SubjectPublicKeyInfo DER. Printable ASCII input is read as PEM or hex only.
    pub fn decode(input: &[u8]) -> Result<Self, CryptoError> {
        if input.is_empty() {
            return Err(CryptoError::BadPublicKey("empty public key"));
        }
        if let Some(text) = as_text(input) {
            if text.contains("-----BEGIN") {
                return Self::from_pem(text);
            }
            return Self::from_hex(text);
        }
        match input.first() {
            Some(0x30) => Self::from_spki_der(input),
            _ => Self::from_sec1(input),
        }
    }

    /// 65-byte `04‖X‖Y`.
    pub fn to_uncompressed(&self) -> [u8; 65] {
        let mut out = [0u8; 65];
        out.copy_from_slice(self.inner.to_sec1_point(false).as_bytes());
        out
    }

    /// 33-byte `02/03‖X`.
    pub fn to_compressed(&self) -> [u8; 33] {
        let mut out = [0u8; 33];
        out.copy_from_slice(self.inner.to_sec1_point(true).as_bytes());
        out
    }

    /// `SubjectPublicKeyInfo` DER.
    pub fn to_spki_der(&self) -> Vec<u8> {
        // Encoding a valid point cannot fail; an empty result would fail to parse anywhere.
        self.inner
            .to_public_key_der()
            .map(|d| d.as_bytes().to_vec())
            .unwrap_or_default()
    }

    /// PEM `PUBLIC KEY`, as `openssl pkey -pubout` writes it.
    pub fn to_spki_pem(&self) -> String {
        self.inner
            .to_public_key_pem(LineEnding::LF)
            .unwrap_or_default()
    }

    /// Key identifier: the first 8 bytes of SM3(04‖X‖Y).
    pub fn kid(&self) -> [u8; 8] {
        let digest = crate::sm3::sm3(&self.to_uncompressed());
        let mut kid = [0u8; 8];
        kid.copy_from_slice(&digest[..8]);
        kid
    }

    pub(crate) fn as_inner(&self) -> &sm2::PublicKey {
        &self.inner
    }
}

// Key files in text form (PEM, hex) hold printable ASCII and whitespace only; binary
// encodings always contain bytes outside that range (DER tags, SEC1 prefixes).
fn as_text(input: &[u8]) -> Option<&str> {
    if input
        .iter()
        .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace())
    {
        std::str::from_utf8(input).ok()
    } else {
        None
    }
}

// Splits text into its PEM blocks (BEGIN line through END line).
fn pem_blocks(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let start = rest.find("-----BEGIN ")?;
        let after = &rest[start..];
        let end_marker = after.find("-----END ")?;
        let tail = &after[end_marker + 9..];
        let close = tail.find("-----")? + 5;
        let block_len = end_marker + 9 + close;
        let block = &after[..block_len];
        rest = &after[block_len..];
        Some(block)
    })
}
