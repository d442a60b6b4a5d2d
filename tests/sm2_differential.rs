//! Differential test of the SM2 verifiers: `PreparedVerifyingKey` (both table sizes), the
//! generic `VerifyingKey` and RustCrypto's `sm2::dsa::VerifyingKey` (through its prehash
//! verifier, fed the same e = SM3(Z_A ‖ M)) must agree on every case; and signatures made
//! by the fixed-base signer verify with RustCrypto and with the `openssl` CLI.
//!
//! 100,000 cases, cheap by construction: a few dozen keys, signatures made once by the
//! fast signer and then mutated. RustCrypto (the slowest verifier) sees every fourth
//! variable-cost case and every early-reject case.

use std::sync::atomic::{AtomicUsize, Ordering};

use govcred::sm2::{
    DEFAULT_ID, PreparedVerifyingKey, PrivateKey, PublicKey, Signature, SigningKey, TableSize,
    VerifyingKey,
};
use sm2::dsa::signature::hazmat::PrehashVerifier;
use sm2::elliptic_curve::Group;
use sm2::elliptic_curve::ff::PrimeField;
use sm2::elliptic_curve::ops::Reduce;
use sm2::elliptic_curve::point::AffineCoordinates;
use sm2::elliptic_curve::sec1::ToSec1Point;
use sm2::{ProjectivePoint, Scalar, U256};

const CASES: usize = 100_000;
const KEYS: usize = 24;
const SIGS_PER_KEY: usize = 16;

/// `CASES`, or fewer where `GOVCRED_DIFFERENTIAL_CASES` says so: emulated targets
/// (scripts/test-arm.sh under qemu) run a prefix of the same deterministic cases.
fn cases() -> usize {
    std::env::var("GOVCRED_DIFFERENTIAL_CASES")
        .ok()
        .map(|v| {
            v.parse()
                .expect("GOVCRED_DIFFERENTIAL_CASES: a number of cases")
        })
        .unwrap_or(CASES)
}

const N_HEX: &str = "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123";
const P_HEX: &str = "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF";

fn hex32(hex: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(&govcred::internal::hex::decode(hex).expect("hex"));
    out
}

fn scalar_bytes(s: &Scalar) -> [u8; 32] {
    s.to_repr().into()
}

fn reduce(bytes: &[u8; 32]) -> Scalar {
    <Scalar as Reduce<U256>>::reduce(&U256::from_be_slice(bytes))
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn bytes(&mut self) -> [u8; 32] {
        let mut out = [0u8; 32];
        for chunk in out.chunks_mut(8) {
            chunk.copy_from_slice(&self.next().to_le_bytes());
        }
        out
    }
}

/// One issuer key with every verifier built for it.
struct Issuer {
    private: Option<Scalar>,
    generic: VerifyingKey,
    compact: PreparedVerifyingKey,
    fast: PreparedVerifyingKey,
    rustcrypto: sm2::dsa::VerifyingKey,
    /// Valid (e, signature) pairs.
    valid: Vec<([u8; 32], Signature)>,
}

impl Issuer {
    fn new(public: &PublicKey, private: Option<Scalar>) -> Issuer {
        let generic = VerifyingKey::new(*public, DEFAULT_ID).expect("vk");
        let rc_public =
            sm2::PublicKey::from_sec1_bytes(&public.to_uncompressed()).expect("rc public key");
        Issuer {
            private,
            compact: generic.prepare(TableSize::Compact),
            fast: PreparedVerifyingKey::new(&generic, TableSize::Fast),
            rustcrypto: sm2::dsa::VerifyingKey::new("1234567812345678", rc_public).expect("rc vk"),
            generic,
            valid: Vec::new(),
        }
    }

    /// Every verifier's answer; RustCrypto's only when asked for.
    fn verdicts(&self, e: &[u8; 32], sig: &Signature, with_rustcrypto: bool) -> [Option<bool>; 4] {
        let rc = with_rustcrypto.then(|| {
            sm2::dsa::Signature::from_scalars(*sig.r(), *sig.s())
                .is_ok_and(|s| self.rustcrypto.verify_prehash(e, &s).is_ok())
        });
        [
            Some(self.generic.verify_prehash(e, sig).is_ok()),
            Some(self.compact.verify_prehash(e, sig).is_ok()),
            Some(self.fast.verify_prehash(e, sig).is_ok()),
            rc,
        ]
    }
}

fn issuers() -> Vec<Issuer> {
    let mut out: Vec<Issuer> = (0..KEYS)
        .map(|i| {
            let d = govcred::sm3::sm3(format!("differential key {i}").as_bytes());
            let key = PrivateKey::from_bytes(&d).expect("key");
            let signer = SigningKey::new(key, DEFAULT_ID).expect("signer");
            let mut issuer = Issuer::new(signer.public_key(), Some(reduce(&d)));
            for j in 0..SIGS_PER_KEY {
                let msg = format!("credential {i}/{j}");
                let sig = signer.sign(msg.as_bytes()).expect("sign");
                issuer
                    .valid
                    .push((issuer.generic.digest(msg.as_bytes()), sig));
            }
            issuer
        })
        .collect();
    out.extend(x_at_least_n_issuers());
    out
}

/// Keys with a valid signature whose check point has x1 ∈ [n, p), so that x1 mod n ≠ x1:
/// the case a verifier comparing x1 instead of x1 mod n gets wrong, and which random
/// signatures reach with probability 2⁻¹²⁸. Pick R with such an x, t ≠ 1, and the key
/// P = t⁻¹(R − G): then 1·G + t·P = R, so (r, s) = (t − 1, 1) verifies for e = r − x1 mod n.
fn x_at_least_n_issuers() -> Vec<Issuer> {
    let n = U256::from_be_hex(N_HEX);
    let p = U256::from_be_hex(P_HEX);
    let mut out = Vec::new();
    let mut offset = 0u64;
    while out.len() < 4 {
        offset += 1;
        let x = n.wrapping_add(&U256::from_u64(offset * 0x1_0000_0001));
        assert!(x < p);
        let mut sec1 = [0u8; 33];
        sec1[0] = 0x02;
        sec1[1..].copy_from_slice(&x.to_be_bytes());
        let Ok(r_point) = sm2::PublicKey::from_sec1_bytes(&sec1) else {
            continue;
        };
        let r_point = r_point.to_projective();
        let t = Scalar::from(offset + 7);
        let key = (r_point - ProjectivePoint::generator()) * t.invert().unwrap();
        let public =
            PublicKey::from_sec1(key.to_affine().to_sec1_point(false).as_bytes()).expect("P");
        let mut issuer = Issuer::new(&public, None);
        let r = t - Scalar::ONE;
        let x1 = <Scalar as Reduce<U256>>::reduce(&x);
        let e = scalar_bytes(&(r - x1));
        let sig = Signature::from_scalars(scalar_bytes(&r), scalar_bytes(&Scalar::ONE));
        assert_eq!(r_point.to_affine().x().as_slice(), &x.to_be_bytes()[..]);
        issuer.valid.push((e, sig));
        out.push(issuer);
    }
    out
}

/// Scalars at and around the range boundaries, as 32-byte strings (some out of range).
fn edge_scalars() -> Vec<[u8; 32]> {
    let n = U256::from_be_hex(N_HEX);
    let mut one = [0u8; 32];
    one[31] = 1;
    vec![
        [0u8; 32],
        one,
        scalar_bytes(&Scalar::from(2u64)),
        n.wrapping_sub(&U256::ONE).to_be_bytes().into(),
        n.wrapping_sub(&U256::from_u64(2)).to_be_bytes().into(),
        n.to_be_bytes().into(),
        n.wrapping_add(&U256::ONE).to_be_bytes().into(),
        [0xff; 32],
        hex32(P_HEX),
    ]
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    Valid,
    FlipE,
    FlipR,
    FlipS,
    EdgeR,
    EdgeS,
    SumIsN,
    Infinity,
    WrongKey,
}

const KINDS: [Kind; 9] = [
    Kind::Valid,
    Kind::FlipE,
    Kind::FlipR,
    Kind::FlipS,
    Kind::EdgeR,
    Kind::EdgeS,
    Kind::SumIsN,
    Kind::Infinity,
    Kind::WrongKey,
];

fn flip(bytes: &[u8; 32], bit: usize) -> [u8; 32] {
    let mut out = *bytes;
    out[bit / 8] ^= 1 << (bit % 8);
    out
}

/// The case numbered `i`: which issuer, e, signature, and its kind.
fn case(issuers: &[Issuer], i: usize) -> (usize, [u8; 32], Signature, Kind) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (i as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    rng.next();
    let kind = KINDS[i % KINDS.len()];
    let k = rng.below(issuers.len());
    let issuer = &issuers[k];
    let (e, sig) = &issuer.valid[rng.below(issuer.valid.len())];
    let n = U256::from_be_hex(N_HEX);
    let edges = edge_scalars();
    let (e, sig) = match kind {
        Kind::Valid => (*e, *sig),
        Kind::FlipE => (flip(e, rng.below(256)), *sig),
        Kind::FlipR => (
            *e,
            Signature::from_scalars(flip(sig.r(), rng.below(256)), *sig.s()),
        ),
        Kind::FlipS => (
            *e,
            Signature::from_scalars(*sig.r(), flip(sig.s(), rng.below(256))),
        ),
        Kind::EdgeR => (
            *e,
            Signature::from_scalars(edges[rng.below(edges.len())], *sig.s()),
        ),
        Kind::EdgeS => (
            *e,
            Signature::from_scalars(*sig.r(), edges[rng.below(edges.len())]),
        ),
        Kind::SumIsN => {
            // r + s = n, so t = 0; sometimes r itself is an edge value.
            let r = if rng.next().is_multiple_of(4) {
                U256::ONE
            } else {
                U256::from_be_slice(sig.r())
            };
            let s = n.wrapping_sub(&r);
            (
                *e,
                Signature::from_scalars(r.to_be_bytes().into(), s.to_be_bytes().into()),
            )
        }
        Kind::Infinity => match issuer.private {
            // sG + tP = (s + t·d)G = O for s = −r·d·(1 + d)⁻¹; e = r would make a verifier
            // that reads the identity as x1 = 0 accept.
            Some(d) => {
                let r = reduce(&rng.bytes());
                let r = if bool::from(r.is_zero()) {
                    Scalar::ONE
                } else {
                    r
                };
                let s = -(r * d) * (d + Scalar::ONE).invert().unwrap();
                let sig = Signature::from_scalars(scalar_bytes(&r), scalar_bytes(&s));
                let e = if rng.next().is_multiple_of(2) {
                    scalar_bytes(&r)
                } else {
                    rng.bytes()
                };
                (e, sig)
            }
            None => (*e, *sig),
        },
        Kind::WrongKey => {
            let other = &issuers[(k + 1 + rng.below(issuers.len() - 1)) % issuers.len()];
            let (e, sig) = &other.valid[rng.below(other.valid.len())];
            (*e, *sig)
        }
    };
    (k, e, sig, kind)
}

#[test]
fn verifiers_agree_on_100000_cases() {
    let issuers = issuers();
    // The constructed cases really are what they claim.
    for issuer in &issuers {
        for (e, sig) in &issuer.valid {
            assert_eq!(issuer.verdicts(e, sig, true), [Some(true); 4]);
        }
    }
    let cases = cases();
    let accepted = AtomicUsize::new(0);
    let rustcrypto_checked = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(4);
    std::thread::scope(|scope| {
        for t in 0..threads {
            let issuers = &issuers;
            let accepted = &accepted;
            let rustcrypto_checked = &rustcrypto_checked;
            scope.spawn(move || {
                for i in (t..cases).step_by(threads) {
                    let (k, e, sig, kind) = case(issuers, i);
                    let cheap = matches!(kind, Kind::EdgeR | Kind::EdgeS | Kind::SumIsN);
                    let with_rc = cheap || i % 4 == 0;
                    let v = issuers[k].verdicts(&e, &sig, with_rc);
                    let expected = v[0];
                    assert!(
                        v.iter().flatten().all(|x| Some(*x) == expected),
                        "case {i} ({kind:?}, issuer {k}): generic, compact, fast, RustCrypto = {v:?}\n e = {}\n r = {}\n s = {}",
                        govcred::internal::hex::encode(&e),
                        govcred::internal::hex::encode(sig.r()),
                        govcred::internal::hex::encode(sig.s()),
                    );
                    if expected == Some(true) {
                        accepted.fetch_add(1, Ordering::Relaxed);
                    }
                    if with_rc {
                        rustcrypto_checked.fetch_add(1, Ordering::Relaxed);
                    }
                    // Mutations of a valid signature never verify, and valid ones always do.
                    // Infinity cases on keys without a known private key fall back to
                    // a valid signature (see `case`).
                    let fallback = matches!(kind, Kind::Infinity) && issuers[k].private.is_none();
                    match kind {
                        Kind::Valid => assert_eq!(expected, Some(true), "case {i}"),
                        Kind::FlipE | Kind::FlipR | Kind::FlipS | Kind::SumIsN | Kind::Infinity
                            if !fallback =>
                        {
                            assert_eq!(expected, Some(false), "case {i} ({kind:?})");
                        }
                        _ => {}
                    }
                }
            });
        }
    });
    let accepted = accepted.into_inner();
    let rc = rustcrypto_checked.into_inner();
    println!("{cases} cases: {accepted} accepted by all; RustCrypto checked {rc}");
    // Valid cases, plus edge cases that happen to keep a valid signature (none expected).
    assert!(accepted >= cases / KINDS.len());
    assert!(rc >= cases / 4);
}

#[test]
fn fast_signer_interoperates_with_openssl() {
    let openssl_ok = std::process::Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !openssl_ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "openssl is required in CI for the interoperability test"
        );
        println!("skipping: openssl not found");
        return;
    }
    let dir = std::env::temp_dir().join(format!("govcred-sm2-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let run = |pub_pem: &std::path::Path, sig: &std::path::Path, msg: &std::path::Path| {
        std::process::Command::new("openssl")
            .args(["pkeyutl", "-verify", "-rawin", "-digest", "sm3"])
            .args(["-pkeyopt", "distid:1234567812345678", "-pubin", "-inkey"])
            .arg(pub_pem)
            .arg("-sigfile")
            .arg(sig)
            .arg("-in")
            .arg(msg)
            .output()
            .expect("run openssl")
    };
    let messages: [&[u8]; 4] = [b"", b"a", b"message digest", &[0x5a; 1000]];
    for i in 0..8usize {
        let d = govcred::sm3::sm3(format!("openssl key {i}").as_bytes());
        let signer =
            SigningKey::new(PrivateKey::from_bytes(&d).expect("key"), DEFAULT_ID).expect("signer");
        let msg = messages[i % messages.len()];
        let sig = signer.sign(msg).expect("sign");
        // RustCrypto's own verifier, on the message (it computes Z_A itself).
        let rc = sm2::dsa::VerifyingKey::new(
            "1234567812345678",
            sm2::PublicKey::from_sec1_bytes(&signer.public_key().to_uncompressed()).expect("pk"),
        )
        .expect("rc vk");
        let rc_sig = sm2::dsa::Signature::from_scalars(*sig.r(), *sig.s()).expect("rc sig");
        sm2::dsa::signature::Verifier::verify(&rc, msg, &rc_sig).expect("RustCrypto verifies");

        let pub_pem = dir.join(format!("pub{i}.pem"));
        let sig_der = dir.join(format!("sig{i}.der"));
        let msg_file = dir.join(format!("msg{i}"));
        std::fs::write(&pub_pem, signer.public_key().to_spki_pem()).expect("write");
        std::fs::write(&sig_der, sig.to_der()).expect("write");
        std::fs::write(&msg_file, msg).expect("write");
        let out = run(&pub_pem, &sig_der, &msg_file);
        assert!(
            out.status.success(),
            "openssl rejected signature {i}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        // A changed message must fail, or the check above proves nothing.
        std::fs::write(&msg_file, [msg, b"!"].concat()).expect("write");
        assert!(!run(&pub_pem, &sig_der, &msg_file).status.success());
    }
    let _ = std::fs::remove_dir_all(&dir);
}
