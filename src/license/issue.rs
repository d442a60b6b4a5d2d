use crate::claims::{self, LICENSE_BODY};
use crate::codec::{self, Prefix};
use crate::error::Error;
use crate::sm2::{DEFAULT_ID, PrivateKey, PublicKey, SigningKey};

use super::License;

/// Signs e-licenses into QR text (`EL1:` + base45(zlib(COSE_Sign1))).
#[derive(Debug, Clone)]
pub struct LicenseIssuer {
    signer: SigningKey,
    kid: [u8; 8],
}

impl LicenseIssuer {
    /// An issuer signing with `key` under the COSE profile's default ID.
    pub fn new(key: PrivateKey) -> Result<Self, Error> {
        let kid = key.public_key().kid();
        Ok(LicenseIssuer {
            signer: SigningKey::new(key, DEFAULT_ID)?,
            kid,
        })
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

    /// Signs `license`, issued at `now` (Unix seconds). The license was checked when it was
    /// built, so there is nothing inconsistent left to refuse.
    pub fn issue(&self, license: &License, now: i64) -> Result<String, Error> {
        let (claims, body) = license.to_claims(now);
        let payload = claims::encode(&claims, LICENSE_BODY, body);
        let cose = crate::cose::sign_with(&payload, self.kid, |tbs| self.signer.sign(tbs))?;
        Ok(codec::encode_credential(Prefix::License, &cose)?)
    }
}
