//! Verification and signing throughput of the speed layer against the generic paths and
//! `openssl speed sm2` from the same run. Not a test: it prints numbers.
//!
//! `cargo bench --bench prepared` (release). 32 issuer keys, 1,024 signatures, median of
//! several rounds.

use std::hint::black_box;
use std::process::Command;
use std::time::Instant;

use govcred::sm2::{
    DEFAULT_ID, PreparedVerifyingKey, PrivateKey, Signature, SigningKey, TableSize, VerifyingKey,
};
use sm2::dsa::signature::hazmat::PrehashSigner;

const KEYS: usize = 32;
const SIGNATURES: usize = 1024;
const ROUNDS: usize = 7;

/// Nanoseconds this thread has spent on a CPU (Linux), so that the rates, like
/// `openssl speed`'s (which divides by user CPU time unless `-elapsed` is given), do not
/// depend on how busy the machine is.
fn cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// Median over ROUNDS of ops per CPU second (wall-clock second where CPU time is not
/// available); each round repeats `batch` until it has run for at least 200 ms.
fn median_rate(ops_per_batch: usize, mut batch: impl FnMut()) -> f64 {
    let mut rates: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let wall = Instant::now();
            let cpu = cpu_ns();
            let mut ops = 0;
            while ops == 0 || wall.elapsed().as_millis() < 200 {
                batch();
                ops += ops_per_batch;
            }
            let seconds = match (cpu, cpu_ns()) {
                (Some(a), Some(b)) if b > a => (b - a) as f64 / 1e9,
                _ => wall.elapsed().as_secs_f64(),
            };
            ops as f64 / seconds
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    rates[ROUNDS / 2]
}

/// (sign/s, verify/s) from `openssl speed -seconds 2 sm2`, if openssl is there.
fn openssl_speed() -> Option<(f64, f64)> {
    let out = Command::new("openssl")
        .args(["speed", "-seconds", "2", "sm2"])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    // "256 bits SM2 (CurveSM2)   0.0002s   0.0002s   4289.4   4434.0"
    let line = text
        .lines()
        .find(|l| l.contains("SM2") && l.contains("bits"))?;
    let fields: Vec<f64> = line
        .split_whitespace()
        .filter_map(|f| f.parse::<f64>().ok())
        .collect();
    match fields.as_slice() {
        [.., sign, verify] => Some((*sign, *verify)),
        _ => None,
    }
}

fn main() {
    let signers: Vec<SigningKey> = (0..KEYS)
        .map(|i| {
            let d = govcred::sm3::sm3(format!("bench key {i}").as_bytes());
            SigningKey::new(PrivateKey::from_bytes(&d).expect("key"), DEFAULT_ID).expect("signer")
        })
        .collect();
    let verifiers: Vec<VerifyingKey> = signers.iter().map(SigningKey::verifying_key).collect();
    let cases: Vec<(usize, [u8; 32], Signature)> = (0..SIGNATURES)
        .map(|i| {
            let key = i % KEYS;
            let msg = format!("credential {i}");
            let e = verifiers[key].digest(msg.as_bytes());
            (key, e, signers[key].sign(msg.as_bytes()).expect("sign"))
        })
        .collect();

    let start = Instant::now();
    let compact: Vec<PreparedVerifyingKey> = verifiers
        .iter()
        .map(|v| v.prepare(TableSize::Compact))
        .collect();
    let compact_build = start.elapsed() / KEYS as u32;
    let start = Instant::now();
    let fast: Vec<PreparedVerifyingKey> = verifiers
        .iter()
        .map(|v| v.prepare(TableSize::Fast))
        .collect();
    let fast_build = start.elapsed() / KEYS as u32;

    let generic = median_rate(SIGNATURES, || {
        for (key, e, sig) in &cases {
            black_box(verifiers[*key].verify_prehash(e, sig)).expect("verifies");
        }
    });
    let rate_of = |keys: &[PreparedVerifyingKey]| {
        median_rate(SIGNATURES, || {
            for (key, e, sig) in &cases {
                black_box(keys[*key].verify_prehash(e, sig)).expect("verifies");
            }
        })
    };
    let compact_rate = rate_of(&compact);
    let fast_rate = rate_of(&fast);
    // One hot key, for the cache effect of 32 keys.
    let single_fast = median_rate(SIGNATURES, || {
        for (_, e, sig) in cases.iter().filter(|c| c.0 == 0).cycle().take(SIGNATURES) {
            black_box(fast[0].verify_prehash(e, sig)).expect("verifies");
        }
    });

    // Signing: RustCrypto's own signer (constant-time, crate tables) against ours, both
    // deterministic, on the same prehash.
    let rc_signer = sm2::dsa::SigningKey::new(
        "1234567812345678",
        &sm2::SecretKey::from_slice(&signers[0].private_key().to_bytes()[..]).expect("key"),
    )
    .expect("rc key");
    let messages: Vec<String> = (0..SIGNATURES).map(|i| format!("credential {i}")).collect();
    let digests: Vec<[u8; 32]> = messages
        .iter()
        .map(|m| verifiers[0].digest(m.as_bytes()))
        .collect();
    let rc_sign = median_rate(SIGNATURES / 4, || {
        for e in &digests[..SIGNATURES / 4] {
            let sig: sm2::dsa::Signature = rc_signer.sign_prehash(e).expect("sign");
            black_box(sig);
        }
    });
    let our_sign = median_rate(SIGNATURES, || {
        for m in &messages {
            black_box(signers[0].sign(m.as_bytes())).expect("sign");
        }
    });

    println!(
        "SM2, {KEYS} keys, {SIGNATURES} signatures, median of {ROUNDS} rounds, per {} second",
        if cpu_ns().is_some() {
            "CPU"
        } else {
            "wall-clock"
        }
    );
    println!(
        "table build per key: compact {compact_build:?}, fast {fast_build:?}; memory per key: compact {} B, fast {} B; shared generator table {} B",
        compact[0].memory_bytes(),
        fast[0].memory_bytes(),
        PreparedVerifyingKey::shared_bytes()
    );
    println!("verify/s  generic VerifyingKey        {generic:>10.0}");
    println!("verify/s  prepared compact (32 keys)  {compact_rate:>10.0}");
    println!("verify/s  prepared fast (32 keys)     {fast_rate:>10.0}");
    println!("verify/s  prepared fast (1 hot key)   {single_fast:>10.0}");
    println!("sign/s    RustCrypto sm2 SigningKey   {rc_sign:>10.0}");
    println!("sign/s    fixed-base SigningKey::sign {our_sign:>10.0}");
    match openssl_speed() {
        Some((os_sign, os_verify)) => {
            println!("openssl speed sm2: sign/s {os_sign:.0}, verify/s {os_verify:.0}");
            println!(
                "ratio vs OpenSSL verify: generic {:.1}x, compact {:.1}x, fast {:.1}x",
                generic / os_verify,
                compact_rate / os_verify,
                fast_rate / os_verify
            );
            println!(
                "ratio vs OpenSSL sign: RustCrypto {:.1}x, fixed-base {:.1}x",
                rc_sign / os_sign,
                our_sign / os_sign
            );
        }
        None => println!("openssl not found: no ratios"),
    }
}
