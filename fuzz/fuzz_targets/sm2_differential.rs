//! Differential: the prepared verifier (compact and fast tables) and the generic one
//! against RustCrypto's `sm2::dsa` verifier, on fuzzed keys, messages and signatures.
//!
//! Input: a mode byte, 32 bytes of key, 32 + 32 bytes of signature (or of a mask over a
//! genuine signature), then the message. Keys are either one of a few cached ones (cheap,
//! so most runs reach the arithmetic) or the fuzzed scalar (tables built per run).
#![no_main]

use std::sync::OnceLock;

use govcred::sm2::{
    DEFAULT_ID, PreparedVerifyingKey, PrivateKey, Signature, SigningKey, TableSize, VerifyingKey,
};
use govcred_fuzz::Bytes;
use libfuzzer_sys::fuzz_target;
use sm2::dsa::signature::hazmat::PrehashVerifier;

struct Keyed {
    signer: SigningKey,
    generic: VerifyingKey,
    compact: PreparedVerifyingKey,
    fast: PreparedVerifyingKey,
    rustcrypto: sm2::dsa::VerifyingKey,
}

impl Keyed {
    fn new(key: PrivateKey) -> Keyed {
        let signer = SigningKey::new(key, DEFAULT_ID).expect("signing key");
        let generic = signer.verifying_key();
        let public = sm2::PublicKey::from_sec1_bytes(&generic.public_key().to_uncompressed())
            .expect("RustCrypto reads the point");
        Keyed {
            compact: generic.prepare(TableSize::Compact),
            fast: generic.prepare(TableSize::Fast),
            rustcrypto: sm2::dsa::VerifyingKey::new("1234567812345678", public)
                .expect("RustCrypto key"),
            generic,
            signer,
        }
    }
}

fn cached(i: usize) -> &'static Keyed {
    static KEYS: OnceLock<Vec<Keyed>> = OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        (0..4)
            .map(|i| {
                Keyed::new(govcred_fuzz::generator::fixed_key(&format!(
                    "differential-{i}"
                )))
            })
            .collect()
    });
    &keys[i % keys.len()]
}

fuzz_target!(|data: &[u8]| {
    let mut input = Bytes(data);
    let mode = input.u8();
    let d: [u8; 32] = input.array();
    let r: [u8; 32] = input.array();
    let s: [u8; 32] = input.array();
    let message = input.0;

    let owned;
    let keyed = if mode & 0x80 != 0 {
        let Ok(key) = PrivateKey::from_bytes(&d) else {
            return;
        };
        owned = Keyed::new(key);
        &owned
    } else {
        cached(usize::from(mode & 0x03))
    };

    let signature = if mode & 0x40 != 0 {
        // Fuzzed r and s as they are.
        Signature::from_scalars(r, s)
    } else {
        // A genuine signature with the fuzzed bytes XORed in (zero masks keep it valid).
        let genuine = keyed.signer.sign(message).expect("signs");
        let mut gr = *genuine.r();
        let mut gs = *genuine.s();
        for i in 0..32 {
            gr[i] ^= r[i];
            gs[i] ^= s[i];
        }
        if mode & 0x20 != 0 {
            // r + s = n and similar edge relations come from s = r ⊕ mask.
            gs = gr;
            for i in 0..32 {
                gs[i] ^= s[i];
            }
        }
        Signature::from_scalars(gr, gs)
    };

    let e = keyed.generic.digest(message);
    let generic = keyed.generic.verify_prehash(&e, &signature).is_ok();
    let compact = keyed.compact.verify_prehash(&e, &signature).is_ok();
    let fast = keyed.fast.verify_prehash(&e, &signature).is_ok();
    let rustcrypto = sm2::dsa::Signature::from_scalars(*signature.r(), *signature.s())
        .is_ok_and(|sig| keyed.rustcrypto.verify_prehash(&e, &sig).is_ok());
    assert_eq!(
        [generic, compact, fast],
        [rustcrypto; 3],
        "verifiers disagree (generic, compact, fast vs RustCrypto)"
    );
    assert_eq!(
        keyed.compact.verify(message, &signature).is_ok(),
        rustcrypto
    );
});
