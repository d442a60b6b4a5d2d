use serde::{Deserialize, Serialize};

use super::{CredentialKind, IssuerEntry, TrustBundleBuilder};
use crate::error::{Error, ErrorCode};
use crate::sm2::PublicKey;

/// Default time to the next update when a spec names none: seven days.
pub(super) const DEFAULT_UPDATE_INTERVAL_SECS: i64 = 7 * 86_400;

/// The JSON a platform writes to build a bundle (`govcred trust build --in ISSUERS.json`).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleSpec {
    /// Monotonic version number.
    pub version: u64,
    /// Next update, Unix seconds; default `now` + 7 days.
    #[serde(default)]
    pub next_update: Option<i64>,
    /// The issuers.
    pub issuers: Vec<IssuerSpec>,
}

/// One issuer in a [`BundleSpec`].
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssuerSpec {
    /// Display name.
    pub name: String,
    /// 统一社会信用代码.
    pub uscc: String,
    /// GB/T 2260 region code.
    pub region: String,
    /// Public key: PEM, or hex of the 65/33-byte point.
    pub public_key: String,
    /// Key identifier, 16 hex digits; default: derived from the key.
    #[serde(default)]
    pub kid: Option<String>,
    /// Kinds it may issue.
    pub kinds: Vec<CredentialKind>,
    /// License type codes it may issue.
    #[serde(default)]
    pub license_types: Vec<String>,
    /// Window start, Unix seconds.
    pub valid_from: i64,
    /// Window end, Unix seconds.
    pub valid_until: i64,
    /// Revoked serials.
    #[serde(default)]
    pub revoked: Vec<String>,
}

impl BundleSpec {
    /// Parses the JSON form.
    pub fn from_json(text: &str) -> Result<Self, Error> {
        serde_json::from_str(text)
            .map_err(|e| Error::new(ErrorCode::BadJson, format!("bundle spec: {e}")))
    }

    /// The bundle this spec describes, issued at `now`.
    pub fn to_bundle(&self, now: i64) -> Result<TrustBundleBuilder, Error> {
        let issuers = self
            .issuers
            .iter()
            .map(|i| {
                let public_key = PublicKey::decode(i.public_key.as_bytes())?;
                let kid = match &i.kid {
                    None => public_key.kid(),
                    Some(hex) => crate::hex::decode(hex)
                        .and_then(|b| <[u8; 8]>::try_from(b.as_slice()).ok())
                        .ok_or_else(|| {
                            Error::new(ErrorCode::BadJson, "kid must be 16 hex digits")
                        })?,
                };
                Ok(IssuerEntry {
                    kid,
                    name: i.name.clone(),
                    uscc: i.uscc.clone(),
                    region: i.region.clone(),
                    public_key,
                    kinds: i.kinds.clone(),
                    license_types: i.license_types.clone(),
                    valid_from: i.valid_from,
                    valid_until: i.valid_until,
                    revoked: i.revoked.iter().cloned().collect(),
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let bundle = TrustBundleBuilder {
            version: self.version,
            issued_at: now,
            next_update: self
                .next_update
                .unwrap_or(now.saturating_add(DEFAULT_UPDATE_INTERVAL_SECS)),
            issuers,
        };
        bundle.validate()?;
        Ok(bundle)
    }
}
