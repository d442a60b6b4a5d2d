//! Fixtures shared by the fuzz targets: the verifier of the shared vectors
//! (`tests/vectors/verifier/`), its keys, and the valid credentials the structure-aware
//! target mutates. Built once per process from the same generator the vectors come from.

use std::sync::OnceLock;

use govcred::TrustBundle;
use govcred::codec::{self, Prefix};
use govcred::internal::cbor::{self, Value};
use govcred::sm2::{DEFAULT_ID, PublicKey, SigningKey};
use govcred::verify::{Policy, Verifier};

#[path = "../../tests/common/verifier_fixture.rs"]
#[allow(dead_code, clippy::all)]
pub mod generator;

pub use generator::NOW;

/// One valid signed credential, split into its layers.
pub struct Base {
    /// `EL1:` or `CC1:`.
    pub prefix: Prefix,
    /// The decoded claims map (the COSE payload).
    pub claims: Value,
    /// The key that signed it.
    pub signer: SigningKey,
}

/// Everything the targets share.
pub struct Fixture {
    /// The pinned roots of the shared vectors.
    pub roots: Vec<PublicKey>,
    /// The root that signs the default bundle.
    pub root_signer: SigningKey,
    /// A verifier over the default bundle with the default policy.
    pub verifier: Verifier,
    /// The default bundle's payload (CBOR), decoded.
    pub bundle_payload: Value,
    /// Valid credentials to mutate.
    pub bases: Vec<Base>,
}

/// The process-wide fixture.
pub fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(build)
}

fn build() -> Fixture {
    let f = generator::Fixture::new();
    let roots: Vec<PublicKey> = f.roots.iter().map(|k| *k.public_key()).collect();
    let root_signer = SigningKey::new(f.roots[1].clone(), DEFAULT_ID).expect("root key");
    let bundle = f.bundle();
    let bytes = bundle.sign(&root_signer).expect("bundle signs");
    let verifier = Verifier::new(
        TrustBundle::load(&bytes, &roots).expect("bundle loads"),
        Policy::default(),
    )
    .expect("verifier");
    let bundle_payload = cbor::decode(&bundle.to_payload()).expect("bundle payload");

    let zj = SigningKey::new(f.zj.clone(), DEFAULT_ID).expect("zj key");
    let gd = SigningKey::new(f.gd.clone(), DEFAULT_ID).expect("gd key");
    let mut bases = Vec::new();
    for line in include_str!("../../tests/vectors/verifier/cases.jsonl").lines() {
        let Ok(case) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let name = case["name"].as_str().unwrap_or("");
        if !matches!(
            name,
            "valid-license"
                | "valid-health-code-green"
                | "refused-health-code-yellow"
                | "revoked-license"
                | "expired-license"
        ) {
            continue;
        }
        let qr = case["qr"].as_str().expect("qr");
        let (prefix, cose) = govcred::decode(qr).expect("valid case decodes");
        let signer = match prefix {
            Prefix::License => zj.clone(),
            Prefix::ColorCode => gd.clone(),
        };
        assert_eq!(cose.kid(), &signer.public_key().kid(), "{name} signer");
        bases.push(Base {
            prefix,
            claims: cbor::decode(cose.payload()).expect("claims"),
            signer,
        });
    }
    assert!(bases.len() >= 4, "base credentials found");
    Fixture {
        roots,
        root_signer,
        verifier,
        bundle_payload,
        bases,
    }
}

/// Frames `payload` as a COSE_Sign1 signed by `signer` and as QR text.
pub fn sign_qr(prefix: Prefix, payload: &[u8], signer: &SigningKey) -> String {
    let cose = govcred::cose::sign(payload, signer).expect("signing never fails for a valid key");
    codec::encode_qr(prefix, &cose)
}

/// A reader over fuzz bytes that yields zeros once they run out.
pub struct Bytes<'a>(pub &'a [u8]);

impl Bytes<'_> {
    /// The next byte, or 0.
    pub fn u8(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }

    /// The next `n` bytes (fewer at the end).
    pub fn take(&mut self, n: usize) -> &[u8] {
        let (head, rest) = self.0.split_at(n.min(self.0.len()));
        self.0 = rest;
        head
    }

    /// The next `N` bytes, zero-padded at the end.
    pub fn array<const N: usize>(&mut self) -> [u8; N] {
        let mut b = [0u8; N];
        let head = self.take(N);
        b[..head.len()].copy_from_slice(head);
        b
    }

    /// The next 8 bytes as a big-endian integer.
    pub fn i64(&mut self) -> i64 {
        i64::from_be_bytes(self.array())
    }

    /// Whether any bytes are left.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What `TrustBundle::load` promises of a bundle it returns: next update after issue, every
/// issuer window in order.
pub fn check_loaded(bundle: &TrustBundle) {
    assert!(
        bundle.next_update() > bundle.issued_at(),
        "loaded bundle: next update not after issue"
    );
    for issuer in bundle.issuers() {
        assert!(
            issuer.valid_until >= issuer.valid_from,
            "loaded bundle: issuer window ends before it starts"
        );
    }
}
