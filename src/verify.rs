//! The terminal verifier: one entry point that detects the format of any govcred QR,
//! verifies it offline against a trust bundle and the terminal's policy, and returns a
//! [`Verdict`] with a stable code.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::claims::Claims;
use crate::colorcode::Color;
pub use crate::credential::Credential;
use crate::error::{Error, ErrorCode};
use crate::pipeline;
use crate::sm2::{DEFAULT_ID, PreparedVerifyingKey, PublicKey, TableSize, VerifyingKey};
use crate::trust::{CredentialKind, IssuerEntry, TrustBundle};

/// What a terminal accepts. Start from [`Policy::default`] and change fields;
/// [`Verifier::new`] refuses invalid values ([`Policy::validate`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Policy {
    /// Tolerated clock difference between issuer and terminal, seconds (default 300).
    pub clock_skew_secs: i64,
    /// Oldest color code accepted, seconds since issue (default 3600); licenses are exempt.
    pub max_color_code_age_secs: i64,
    /// Colors that pass (default green only).
    pub accepted_colors: Vec<Color>,
    /// How long past its next update a bundle is still used, seconds (default 3 days).
    pub bundle_grace_secs: i64,
    /// Precomputed tables per issuer key: `Compact` (about 51 KiB per key, the default) or
    /// `Fast` (about 256 KiB per key, a few percent faster with many keys).
    pub table_size: TableSize,
}

impl Policy {
    /// Checks every value: seconds may not be negative. Every door refuses the same values
    /// with the same code (`InvalidArgument`), because they all call this.
    pub fn validate(&self) -> Result<(), Error> {
        for (value, what) in [
            (self.clock_skew_secs, "clock skew must not be negative"),
            (
                self.max_color_code_age_secs,
                "maximum age must not be negative",
            ),
            (self.bundle_grace_secs, "bundle grace must not be negative"),
        ] {
            if value < 0 {
                return Err(Error::new(ErrorCode::InvalidArgument, what));
            }
        }
        Ok(())
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            clock_skew_secs: 300,
            max_color_code_age_secs: 3600,
            accepted_colors: vec![Color::Green],
            bundle_grace_secs: 3 * 86_400,
            table_size: TableSize::Compact,
        }
    }
}

/// The outcome of one verification. A credential and issuer are present whenever the
/// signature verified, also when a later check refused it (so a gate can show a red code).
/// `Debug` masks personal data (the credential's own `Debug`; the display text is left out,
/// since it names the holder).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Verdict {
    /// Whether the credential passes.
    pub passed: bool,
    /// The stable code; `Ok` when it passes.
    pub code: ErrorCode,
    /// Why, in words.
    pub message: String,
    /// What the credential is, when the signature verified.
    pub kind: Option<CredentialKind>,
    /// The issuer's display name, when the signature verified.
    pub issuer: Option<String>,
    /// The credential, when the signature verified.
    pub credential: Option<Credential>,
    /// What the gate shows, e.g. `绿码 green: pass`.
    pub display: String,
}

impl std::fmt::Debug for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verdict")
            .field("passed", &self.passed)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("kind", &self.kind)
            .field("issuer", &self.issuer)
            .field("credential", &self.credential)
            .finish_non_exhaustive()
    }
}

impl Verdict {
    fn fail(error: Error) -> Box<Verdict> {
        Box::new(Verdict {
            passed: false,
            code: error.code(),
            message: error.message().to_owned(),
            kind: None,
            issuer: None,
            credential: None,
            display: format!("refused: {}", error.code().message()),
        })
    }

    /// Writes the verdict as one line of JSON (no newline) to `out`, without building a
    /// string first: the batch verifier's path.
    pub fn write_json(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        crate::error::write_verdict_json(out, self.code, &self.message, VerdictFields::from(self))
    }

    /// The verdict as one line of JSON, in the schema of every door
    /// ([`crate::error::verdict_json`]): the head, then kind, issuer, display, credential.
    pub fn to_json(&self) -> String {
        crate::error::verdict_json(self.code, &self.message, VerdictFields::from(self))
    }
}

// The credential verdict's own fields, after the shared head.
#[derive(Serialize)]
struct VerdictFields<'a> {
    kind: Option<CredentialKind>,
    issuer: Option<&'a str>,
    display: &'a str,
    credential: Option<&'a Credential>,
}

impl<'a> From<&'a Verdict> for VerdictFields<'a> {
    fn from(v: &'a Verdict) -> Self {
        VerdictFields {
            kind: v.kind,
            issuer: v.issuer.as_deref(),
            display: &v.display,
            credential: v.credential.as_ref(),
        }
    }
}

struct PreparedIssuer {
    entry: IssuerEntry,
    key: PreparedVerifyingKey,
}

/// Verifies QR text offline. Built once from a verified bundle: each issuer key is prepared
/// once (Z_A cached, precomputed tables of [`Policy::table_size`]); `Send + Sync`, share it
/// across threads behind an `Arc`.
pub struct Verifier {
    bundle_issued_at: i64,
    bundle_next_update: i64,
    // Revoked serials per issuer USCC, gathered from all of that issuer's entries.
    revoked: HashMap<String, HashSet<String>>,
    policy: Policy,
    issuers: Vec<PreparedIssuer>,
    by_kid: HashMap<[u8; 8], Vec<usize>>,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("issuers", &self.issuers.len())
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

impl Verifier {
    /// A verifier for a bundle already verified by [`TrustBundle::load`].
    pub fn new(bundle: TrustBundle, policy: Policy) -> Result<Verifier, Error> {
        policy.validate()?;
        let bundle_issued_at = bundle.issued_at();
        let bundle_next_update = bundle.next_update();
        let entries = bundle.into_issuers();
        let mut issuers = Vec::with_capacity(entries.len());
        let mut by_kid: HashMap<[u8; 8], Vec<usize>> = HashMap::new();
        let mut revoked: HashMap<String, HashSet<String>> = HashMap::new();
        for entry in entries {
            let key = VerifyingKey::new(entry.public_key, DEFAULT_ID)?.prepare(policy.table_size);
            by_kid.entry(entry.kid).or_default().push(issuers.len());
            if !entry.revoked.is_empty() {
                revoked
                    .entry(entry.uscc.clone())
                    .or_default()
                    .extend(entry.revoked.iter().cloned());
            }
            issuers.push(PreparedIssuer { entry, key });
        }
        Ok(Verifier {
            bundle_issued_at,
            bundle_next_update,
            revoked,
            policy,
            issuers,
            by_kid,
        })
    }

    /// Loads and verifies a bundle against pinned roots, then builds the verifier.
    pub fn from_bundle_bytes(
        bytes: &[u8],
        roots: &[PublicKey],
        policy: Policy,
    ) -> Result<Verifier, Error> {
        Self::new(TrustBundle::load(bytes, roots)?, policy)
    }

    /// The policy in force.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Verifies one QR text at `now` (Unix seconds). Never panics on any input.
    pub fn verify(&self, qr_text: &str, now: i64) -> Verdict {
        match self.check(qr_text, now) {
            Ok(v) => v,
            Err(v) => *v,
        }
    }

    // `Err` is an early refusal before a credential exists; a verified credential returns its
    // verdict, passing or not.
    fn check(&self, qr_text: &str, now: i64) -> Result<Verdict, Box<Verdict>> {
        let fail = |code: ErrorCode| Verdict::fail(code.into());
        if now
            > self
                .bundle_next_update
                .saturating_add(self.policy.bundle_grace_secs)
        {
            return Err(fail(ErrorCode::BundleStale));
        }
        // A bundle from the terminal's future: the terminal clock was set back.
        if self.bundle_issued_at > now.saturating_add(self.policy.clock_skew_secs) {
            return Err(fail(ErrorCode::ClockSuspect));
        }
        let (prefix, cose) = pipeline::scan(qr_text).map_err(Verdict::fail)?;
        let candidates = self.by_kid.get(cose.kid()).map_or(&[][..], Vec::as_slice);
        let issuer = pipeline::signer(
            &cose,
            candidates.iter().map(|&i| &self.issuers[i]),
            |p| p.entry.kid,
            |cose, p| cose.verify_prepared(&p.key).is_ok(),
        )
        .map_err(fail)?;
        let (claims, credential) =
            pipeline::credential_from_payload(prefix, cose.payload()).map_err(Verdict::fail)?;
        let kind = credential.kind();
        let checked = self.check_claims(&issuer.entry, &claims, &credential, now);
        let (code, detail) = checked.err().unwrap_or((ErrorCode::Ok, ""));
        let verdict = Verdict {
            passed: code == ErrorCode::Ok,
            code,
            message: if detail.is_empty() {
                code.message().to_owned()
            } else {
                detail.to_owned()
            },
            kind: Some(kind),
            issuer: Some(issuer.entry.name.clone()),
            display: display(&credential, code),
            credential: Some(credential),
        };
        Ok(verdict)
    }

    fn check_claims(
        &self,
        issuer: &IssuerEntry,
        claims: &Claims,
        credential: &Credential,
        now: i64,
    ) -> Result<(), (ErrorCode, &'static str)> {
        let bare = |code| (code, "");
        let skew = self.policy.clock_skew_secs;
        if claims.iss != issuer.uscc {
            return Err((
                ErrorCode::IssuerNotAllowed,
                "credential names another issuer than its key",
            ));
        }
        if !issuer.may_issue(credential.kind(), credential.license_type()) {
            return Err((
                ErrorCode::IssuerNotAllowed,
                "issuer may not issue this kind of credential",
            ));
        }
        pipeline::check_issued_at(claims, now, skew).map_err(bare)?;
        if claims.iat < issuer.valid_from
            || claims.iat > issuer.valid_until
            || now < issuer.valid_from
        {
            return Err(bare(ErrorCode::IssuerNotValid));
        }
        pipeline::check_window(claims, now, skew).map_err(bare)?;
        // Revocation is per issuer, across every key it holds in the bundle.
        if self
            .revoked
            .get(&issuer.uscc)
            .is_some_and(|serials| serials.contains(&claims.cti))
        {
            return Err(bare(ErrorCode::Revoked));
        }
        if let Credential::ColorCode(code) = credential {
            if now.saturating_sub(claims.iat) > self.policy.max_color_code_age_secs {
                return Err(bare(ErrorCode::TooOld));
            }
            if !self.policy.accepted_colors.contains(&code.color()) {
                return Err(bare(ErrorCode::ColorNotAccepted));
            }
        }
        Ok(())
    }
}

fn display(credential: &Credential, code: ErrorCode) -> String {
    let verdict = if code == ErrorCode::Ok {
        "pass".to_owned()
    } else {
        format!("refused ({})", code.message())
    };
    match credential {
        Credential::ColorCode(c) => {
            let name = match c.color() {
                Color::Green => "绿码",
                Color::Yellow => "黄码",
                Color::Red => "红码",
            };
            format!("{name} {}: {verdict}", c.color().as_str())
        }
        Credential::License(l) => format!("{} {}: {verdict}", l.name(), l.holder_name()),
    }
}
