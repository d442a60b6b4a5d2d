use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::cbor::{self, Value};
use crate::claims::int;
use crate::cose::{self, CoseSign1};
use crate::error::{Error, ErrorCode};
use crate::ids::{RegionCode, Uscc};
use crate::sm2::{DEFAULT_ID, PublicKey, SigningKey, VerifyingKey};

/// Most issuers a bundle may hold.
pub(super) const MAX_ISSUERS: usize = 10_000;
/// Largest bundle accepted, in bytes.
pub(super) const MAX_BUNDLE_LEN: usize = 16 * 1024 * 1024;

/// Errors of the trust layer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TrustError {
    /// The bundle's content is malformed.
    #[error("malformed trust bundle: {0}")]
    Malformed(&'static str),
    /// No pinned root verifies the bundle.
    #[error("trust bundle signature invalid: {0}")]
    Signature(&'static str),
}

impl TrustError {
    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        match self {
            TrustError::Malformed(_) => ErrorCode::BadBundle,
            TrustError::Signature(_) => ErrorCode::BundleSignatureInvalid,
        }
    }
}

impl From<TrustError> for Error {
    fn from(e: TrustError) -> Self {
        Error::new(e.code(), e.to_string())
    }
}

/// What a credential is, for issuer rights.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CredentialKind {
    /// 电子证照.
    License,
    /// 健康码.
    HealthCode,
    /// 安全码.
    SafetyCode,
}

impl CredentialKind {
    fn to_wire(self) -> i64 {
        match self {
            CredentialKind::License => 0,
            CredentialKind::HealthCode => 1,
            CredentialKind::SafetyCode => 2,
        }
    }

    fn from_wire(n: i64) -> Option<Self> {
        Some(match n {
            0 => CredentialKind::License,
            1 => CredentialKind::HealthCode,
            2 => CredentialKind::SafetyCode,
            _ => return None,
        })
    }

    /// snake_case name as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            CredentialKind::License => "license",
            CredentialKind::HealthCode => "health_code",
            CredentialKind::SafetyCode => "safety_code",
        }
    }
}

/// One trusted issuer key and what it may sign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuerEntry {
    /// The key identifier credentials carry; usually [`PublicKey::kid`], but the platform
    /// may assign another, and two issuers may share one.
    pub kid: [u8; 8],
    /// Display name, e.g. 浙江省市场监督管理局.
    pub name: String,
    /// The issuer's 统一社会信用代码; credentials must carry it as `iss`.
    pub uscc: String,
    /// GB/T 2260 region code of the issuer.
    pub region: String,
    /// The issuer's public key.
    pub public_key: PublicKey,
    /// Kinds of credential it may issue.
    pub kinds: Vec<CredentialKind>,
    /// License type codes (证照类型代码) it may issue.
    pub license_types: Vec<String>,
    /// The key may sign from this instant (Unix seconds).
    pub valid_from: i64,
    /// The key may sign until this instant (Unix seconds).
    pub valid_until: i64,
    /// Revoked serials (cti).
    pub revoked: HashSet<String>,
}

impl IssuerEntry {
    /// Whether this issuer may issue `kind` (and, for licenses, `license_type`).
    pub fn may_issue(&self, kind: CredentialKind, license_type: Option<&str>) -> bool {
        self.kinds.contains(&kind)
            && license_type.is_none_or(|t| self.license_types.iter().any(|allowed| allowed == t))
    }

    fn validate(&self) -> Result<(), Error> {
        if self.name.trim().is_empty() || self.name.len() > 256 {
            return Err(TrustError::Malformed("issuer name is empty or too long").into());
        }
        Uscc::parse(&self.uscc)?;
        RegionCode::parse(&self.region)?;
        if self.valid_until < self.valid_from {
            return Err(TrustError::Malformed("issuer window ends before it starts").into());
        }
        Ok(())
    }

    fn to_value(&self) -> Value {
        let mut revoked: Vec<&String> = self.revoked.iter().collect();
        revoked.sort();
        Value::Map(vec![
            (int(0), Value::Text(self.name.clone())),
            (int(1), Value::Text(self.uscc.clone())),
            (int(2), Value::Text(self.region.clone())),
            (
                int(3),
                Value::Bytes(self.public_key.to_uncompressed().to_vec()),
            ),
            (
                int(4),
                Value::Array(self.kinds.iter().map(|k| int(k.to_wire())).collect()),
            ),
            (
                int(5),
                Value::Array(
                    self.license_types
                        .iter()
                        .map(|t| Value::Text(t.clone()))
                        .collect(),
                ),
            ),
            (int(6), int(self.valid_from)),
            (int(7), int(self.valid_until)),
            (
                int(8),
                Value::Array(
                    revoked
                        .into_iter()
                        .map(|s| Value::Text(s.clone()))
                        .collect(),
                ),
            ),
            (int(9), Value::Bytes(self.kid.to_vec())),
        ])
    }

    fn from_value(v: Value) -> Result<Self, Error> {
        let bad = |why| Error::from(TrustError::Malformed(why));
        let [
            name,
            uscc,
            region,
            key,
            kinds,
            types,
            from,
            until,
            revoked,
            kid,
        ] = crate::claims::body_fields::<10>(v, "issuer is not a map").map_err(|e| bad(e.0))?;
        let text = |v: Option<Value>, why| match v {
            Some(Value::Text(t)) => Ok(t),
            _ => Err(bad(why)),
        };
        let time = |v: Option<Value>, why| match v {
            Some(Value::Integer(n)) => i64::try_from(n).map_err(|_| bad(why)),
            _ => Err(bad(why)),
        };
        let texts = |v: Option<Value>, why| match v {
            Some(Value::Array(items)) => items
                .into_iter()
                .map(|i| match i {
                    Value::Text(t) => Ok(t),
                    _ => Err(bad(why)),
                })
                .collect::<Result<Vec<_>, _>>(),
            _ => Err(bad(why)),
        };
        let public_key = match key {
            Some(Value::Bytes(b)) => PublicKey::from_sec1(&b)?,
            _ => return Err(bad("issuer public key missing")),
        };
        let kinds = match kinds {
            Some(Value::Array(items)) => items
                .into_iter()
                .map(|i| match i {
                    Value::Integer(n) => i64::try_from(n)
                        .ok()
                        .and_then(CredentialKind::from_wire)
                        .ok_or(bad("unknown credential kind")),
                    _ => Err(bad("credential kind is not an integer")),
                })
                .collect::<Result<Vec<_>, _>>()?,
            _ => return Err(bad("issuer kinds missing")),
        };
        let kid = match kid {
            Some(Value::Bytes(b)) => {
                <[u8; 8]>::try_from(b.as_slice()).map_err(|_| bad("kid is not 8 bytes"))?
            }
            _ => return Err(bad("kid missing")),
        };
        let entry = IssuerEntry {
            kid,
            name: text(name, "issuer name missing")?,
            uscc: text(uscc, "issuer code missing")?,
            region: text(region, "issuer region missing")?,
            public_key,
            kinds,
            license_types: texts(types, "license types missing")?,
            valid_from: time(from, "issuer valid from missing")?,
            valid_until: time(until, "issuer valid until missing")?,
            revoked: texts(revoked, "revoked list missing")?
                .into_iter()
                .collect(),
        };
        entry.validate()?;
        Ok(entry)
    }
}

/// The issuing side of a trust bundle: what the platform fills in and signs. A terminal never
/// uses this; it loads the signed bytes into a [`TrustBundle`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustBundleBuilder {
    /// Monotonic version number: a terminal may refuse any bundle older than the newest it
    /// has seen ([`TrustBundle::require_version_at_least`]).
    pub version: u64,
    /// When the platform built it (Unix seconds).
    pub issued_at: i64,
    /// When a newer bundle is due (Unix seconds); past it plus the terminal's grace the
    /// bundle is stale and verification fails closed.
    pub next_update: i64,
    /// The trusted issuers.
    pub issuers: Vec<IssuerEntry>,
}

impl TrustBundleBuilder {
    /// Checks the content: every issuer well-formed, next update after issue.
    pub fn validate(&self) -> Result<(), Error> {
        validate(self.issued_at, self.next_update, &self.issuers)
    }

    /// The CBOR payload.
    pub fn to_payload(&self) -> Vec<u8> {
        let v = u128::from(self.version);
        cbor::encode(&Value::Map(vec![
            (int(0), Value::Integer(v.try_into().unwrap_or(i128::MAX))),
            (int(1), int(self.issued_at)),
            (int(2), int(self.next_update)),
            (
                int(3),
                Value::Array(self.issuers.iter().map(IssuerEntry::to_value).collect()),
            ),
        ]))
    }

    /// Signs the bundle with a root key; returns the COSE_Sign1 bytes to ship.
    pub fn sign(&self, root: &SigningKey) -> Result<Vec<u8>, Error> {
        self.validate()?;
        Ok(cose::sign(&self.to_payload(), root)?)
    }
}

fn validate(issued_at: i64, next_update: i64, issuers: &[IssuerEntry]) -> Result<(), Error> {
    if next_update <= issued_at {
        return Err(TrustError::Malformed("next update is not after issue").into());
    }
    if issuers.len() > MAX_ISSUERS {
        return Err(TrustError::Malformed("too many issuers").into());
    }
    issuers.iter().try_for_each(IssuerEntry::validate)
}

/// A trust bundle whose signature a pinned root verified. It exists only through
/// [`TrustBundle::load`], so a [`crate::Verifier`] is never built from unverified content.
///
/// ## Rollback
/// An older bundle that is still fresh verifies as well as the newest one. To refuse it, an
/// app persists the highest [`TrustBundle::version`] it has accepted and passes it to
/// [`TrustBundle::require_version_at_least`] on the next load (code `BundleRollback`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustBundle {
    version: u64,
    issued_at: i64,
    next_update: i64,
    issuers: Vec<IssuerEntry>,
}

/// A loaded bundle equals the builder it was signed from.
impl PartialEq<TrustBundleBuilder> for TrustBundle {
    fn eq(&self, built: &TrustBundleBuilder) -> bool {
        self.version == built.version
            && self.issued_at == built.issued_at
            && self.next_update == built.next_update
            && self.issuers == built.issuers
    }
}

impl TrustBundle {
    /// Monotonic version number.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// When the platform built it (Unix seconds).
    pub fn issued_at(&self) -> i64 {
        self.issued_at
    }

    /// When a newer bundle is due (Unix seconds).
    pub fn next_update(&self) -> i64 {
        self.next_update
    }

    /// The trusted issuers.
    pub fn issuers(&self) -> &[IssuerEntry] {
        &self.issuers
    }

    pub(crate) fn into_issuers(self) -> Vec<IssuerEntry> {
        self.issuers
    }

    /// Refuses a bundle older than `min_version`, the highest version the app has accepted
    /// before (code `BundleRollback`).
    pub fn require_version_at_least(self, min_version: u64) -> Result<TrustBundle, Error> {
        if self.version < min_version {
            return Err(Error::new(
                ErrorCode::BundleRollback,
                format!(
                    "trust bundle version {} is older than {min_version}",
                    self.version
                ),
            ));
        }
        Ok(self)
    }

    /// Verifies `bytes` against the pinned `roots` (every root whose kid matches is tried)
    /// and parses the content. Staleness is checked per verification, with the caller's time.
    pub fn load(bytes: &[u8], roots: &[PublicKey]) -> Result<TrustBundle, Error> {
        if bytes.len() > MAX_BUNDLE_LEN {
            return Err(Error::new(ErrorCode::TooLarge, "trust bundle too large"));
        }
        let cose = CoseSign1::decode(bytes).map_err(|e| {
            let e = Error::from(e);
            Error::new(
                ErrorCode::BadBundle,
                format!("trust bundle: {}", e.message()),
            )
        })?;
        crate::pipeline::signer(&cose, roots, PublicKey::kid, |cose, root| {
            VerifyingKey::new(*root, DEFAULT_ID).is_ok_and(|vk| cose.verify(&vk).is_ok())
        })
        .map_err(|_| TrustError::Signature("no pinned root verifies the bundle"))?;
        Self::from_payload(cose.payload())
    }

    fn from_payload(payload: &[u8]) -> Result<TrustBundle, Error> {
        let bad = |why| Error::from(TrustError::Malformed(why));
        let value = cbor::decode(payload).map_err(|_| bad("payload is not valid CBOR"))?;
        let [version, iat, next, issuers] =
            crate::claims::body_fields::<4>(value, "payload is not a map").map_err(|e| bad(e.0))?;
        let time = |v: Option<Value>, why| match v {
            Some(Value::Integer(n)) => i64::try_from(n).map_err(|_| bad(why)),
            _ => Err(bad(why)),
        };
        let version = match version {
            Some(Value::Integer(n)) => u64::try_from(n).map_err(|_| bad("version out of range"))?,
            _ => return Err(bad("version missing")),
        };
        let issuers = match issuers {
            Some(Value::Array(items)) if items.len() <= MAX_ISSUERS => items
                .into_iter()
                .map(IssuerEntry::from_value)
                .collect::<Result<Vec<_>, _>>()?,
            _ => return Err(bad("issuers missing or too many")),
        };
        let bundle = TrustBundle {
            version,
            issued_at: time(iat, "issued at missing")?,
            next_update: time(next, "next update missing")?,
            issuers,
        };
        validate(bundle.issued_at, bundle.next_update, &bundle.issuers)?;
        Ok(bundle)
    }
}
