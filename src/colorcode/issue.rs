use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::claims::{self, COLOR_CODE_BODY};
use crate::codec::{self, Prefix};
use crate::error::Error;
use crate::ids::{RegionCode, Uscc};
use crate::sm2::{DEFAULT_ID, PrivateKey, PublicKey, SigningKey};
use crate::sm3::Sm3;

use super::model::{CodeKind, Color, ColorCode, ColorCodeError, HolderRecord, mask_id, mask_name};

/// Default lifetime of a dynamic code: five minutes.
pub const DEFAULT_LIFETIME_SECS: i64 = 300;
/// Longest lifetime an issuer accepts: one day.
pub const MAX_LIFETIME_SECS: i64 = 86_400;

/// What the issuing platform asks for: the record, the color its rules decided, a serial.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColorCodeRequest {
    /// Health or safety code.
    pub kind: CodeKind,
    /// The color decided by the platform's rules.
    pub color: Color,
    /// Serial, unique per issuer.
    pub serial: String,
    /// The holder's record; only its masked and hashed form is signed.
    pub holder: HolderRecord,
    /// Lifetime in seconds (default 300).
    #[serde(default)]
    pub lifetime_secs: Option<i64>,
}

impl ColorCodeRequest {
    /// Parses the request as every door takes it (the CLI's `--in` file, the C door's
    /// `request_json`, UniFFI's and Java's `issue` argument): one JSON object with `kind`,
    /// `color`, `serial`, `holder` and optional `lifetime_secs`; unknown fields are refused.
    /// Malformed JSON is [`ErrorCode::BadJson`](crate::ErrorCode::BadJson).
    pub fn from_json(json: &str) -> Result<Self, Error> {
        serde_json::from_str(json).map_err(|e| {
            Error::new(
                crate::ErrorCode::BadJson,
                format!("color code request: {e}"),
            )
        })
    }
}

/// Signs color codes into QR text (`CC1:` + base45(zlib(COSE_Sign1))).
#[derive(Clone)]
pub struct ColorCodeIssuer {
    signer: SigningKey,
    kid: [u8; 8],
    issuer_code: Uscc,
    id_salt: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for ColorCodeIssuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ColorCodeIssuer")
            .field("issuer_code", &self.issuer_code.as_str())
            .finish_non_exhaustive()
    }
}

impl ColorCodeIssuer {
    /// An issuer with its 统一社会信用代码 and a secret salt for the ID digest (keep it with
    /// the platform: with it, a counter matches a presented ID; without it, the digest says
    /// nothing about the ID).
    pub fn new(key: PrivateKey, issuer_code: &str, id_salt: [u8; 32]) -> Result<Self, Error> {
        let issuer_code = Uscc::parse(issuer_code)?;
        Ok(ColorCodeIssuer {
            kid: key.public_key().kid(),
            signer: SigningKey::new(key, DEFAULT_ID)?,
            issuer_code,
            id_salt: Zeroizing::new(id_salt),
        })
    }

    /// An issuer whose salt is derived from its private key (domain-separated SM3), for
    /// platforms that keep no separate salt.
    pub fn with_derived_salt(key: PrivateKey, issuer_code: &str) -> Result<Self, Error> {
        // The hasher holds the key bytes in its buffer until it is dropped, which wipes it
        // (sm3's `zeroize` feature); `to_bytes` is `Zeroizing` too.
        let mut hasher = Sm3::new();
        hasher.update(b"govcred color-code id salt v1");
        hasher.update(key.to_bytes().as_slice());
        let salt = hasher.finalize();
        Self::new(key, issuer_code, salt)
    }

    /// Uses the key identifier the trust bundle assigns instead of the derived one.
    pub fn with_kid(mut self, kid: [u8; 8]) -> Self {
        self.kid = kid;
        self
    }

    /// The public key verifiers must trust.
    pub fn public_key(&self) -> &PublicKey {
        self.signer.public_key()
    }

    /// SM3(salt ‖ ID number): what a counter computes for a presented ID to match a code.
    pub fn id_digest(&self, id_number: &str) -> [u8; 32] {
        Sm3::new()
            .chain(self.id_salt.as_slice())
            .chain(id_number.as_bytes())
            .finalize()
    }

    /// The minimal QR form of `request`, issued at `now`.
    pub fn derive(&self, request: &ColorCodeRequest, now: i64) -> Result<ColorCode, Error> {
        request.holder.validate()?;
        let lifetime = request.lifetime_secs.unwrap_or(DEFAULT_LIFETIME_SECS);
        if !(1..=MAX_LIFETIME_SECS).contains(&lifetime) {
            return Err(ColorCodeError::Field("lifetime must be 1 s to 1 day").into());
        }
        let expires_at = now
            .checked_add(lifetime)
            .ok_or(ColorCodeError::Field("time overflow"))?;
        Ok(ColorCode::assemble(
            request.kind,
            request.color,
            [
                mask_name(&request.holder.name),
                mask_id(&request.holder.id_number),
            ],
            self.id_digest(&request.holder.id_number),
            RegionCode::parse(&request.holder.region)?,
            request.serial.clone(),
            self.issuer_code.clone(),
            (now, expires_at),
        )?)
    }

    /// [`issue`](Self::issue) for a request as JSON ([`ColorCodeRequest::from_json`]): what
    /// every door calls, so that each passes the caller's JSON through unchanged.
    pub fn issue_json(&self, request_json: &str, now: i64) -> Result<String, Error> {
        self.issue(&ColorCodeRequest::from_json(request_json)?, now)
    }

    /// Derives the minimal form and signs it; returns the QR text.
    pub fn issue(&self, request: &ColorCodeRequest, now: i64) -> Result<String, Error> {
        let code = self.derive(request, now)?;
        let (claims, body) = code.to_claims();
        let payload = claims::encode(&claims, COLOR_CODE_BODY, body);
        let cose = crate::cose::sign_with(&payload, self.kid, |tbs| self.signer.sign(tbs))?;
        Ok(codec::encode_credential(Prefix::ColorCode, &cose)?)
    }
}
