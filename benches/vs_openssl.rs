//! govcred against OpenSSL in one run: `cargo bench --bench vs_openssl`.
//!
//! Measures SM3 over 8 KiB, SM2 sign and SM2 verify here (median of several timed rounds),
//! then runs `openssl speed -mr -elapsed -seconds 2 -bytes 8192 -evp sm3 sm2` on the same
//! machine, parses it and prints govcred/OpenSSL ratios (above 1 means govcred is faster).
//! Both sides are timed on the wall clock (`-elapsed`). OpenSSL 3.0 has no `sm3` speed test
//! of its own name, hence `-evp sm3`. `openssl speed` signs a 20-byte input and re-initialises
//! the digest (so recomputes Z_A) per operation; the same is done here, and verification with
//! Z_A cached in the `VerifyingKey` is shown as well.

use std::hint::black_box;
use std::process::Command;
use std::time::{Duration, Instant};

use govcred::sm2::{DEFAULT_ID, PrivateKey, Signature, SigningKey, VerifyingKey};

const ROUNDS: usize = 9;
const ROUND_TIME: Duration = Duration::from_millis(300);

/// Operations per second: the median over `ROUNDS` rounds of at least `ROUND_TIME` each.
fn median_rate(mut op: impl FnMut()) -> f64 {
    // Calibrate the batch size so that one round lasts about ROUND_TIME.
    let mut batch = 1u64;
    loop {
        let start = Instant::now();
        for _ in 0..batch {
            op();
        }
        if start.elapsed() >= ROUND_TIME / 4 {
            break;
        }
        batch *= 2;
    }
    batch *= 4;
    let mut rates: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..batch {
                op();
            }
            batch as f64 / start.elapsed().as_secs_f64()
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    rates[ROUNDS / 2]
}

struct Ours {
    sm3_bytes_per_s: f64,
    sign_per_s: f64,
    verify_per_s: f64,
    verify_cached_per_s: f64,
}

fn measure_ours() -> Result<Ours, String> {
    let data = vec![0x5au8; 8192];
    let sm3_per_s = median_rate(|| {
        black_box(govcred::sm3::sm3(black_box(&data)));
    });

    let key = PrivateKey::generate().map_err(|e| e.to_string())?;
    let message = [0x42u8; 20];
    let signer = SigningKey::new(key.clone(), DEFAULT_ID).map_err(|e| e.to_string())?;
    let signature: Signature = signer.sign(&message).map_err(|e| e.to_string())?;
    let public = *key.public_key();
    let verifier = signer.verifying_key();
    verifier
        .verify(&message, &signature)
        .map_err(|e| format!("self-check failed: {e}"))?;

    let sign_per_s = median_rate(|| {
        // Z_A per operation, as `openssl speed` re-initialises its digest context each time.
        let s = SigningKey::new(black_box(key.clone()), DEFAULT_ID)
            .and_then(|s| s.sign(black_box(&message)));
        black_box(s.is_ok());
    });
    let verify_per_s = median_rate(|| {
        let ok = VerifyingKey::new(black_box(public), DEFAULT_ID)
            .and_then(|v| v.verify(black_box(&message), black_box(&signature)));
        black_box(ok.is_ok());
    });
    let verify_cached_per_s = median_rate(|| {
        black_box(
            verifier
                .verify(black_box(&message), black_box(&signature))
                .is_ok(),
        );
    });
    Ok(Ours {
        sm3_bytes_per_s: sm3_per_s * 8192.0,
        sign_per_s,
        verify_per_s,
        verify_cached_per_s,
    })
}

struct Theirs {
    version: String,
    sm3_bytes_per_s: f64,
    sign_per_s: f64,
    verify_per_s: f64,
}

fn run_openssl() -> Result<Theirs, String> {
    let version = Command::new("openssl")
        .arg("version")
        .output()
        .map_err(|e| format!("cannot run openssl: {e}"))?;
    let version = String::from_utf8_lossy(&version.stdout).trim().to_owned();
    let out = Command::new("openssl")
        .args([
            "speed", "-mr", "-elapsed", "-seconds", "2", "-bytes", "8192", "-evp", "sm3", "sm2",
        ])
        .output()
        .map_err(|e| format!("cannot run openssl speed: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "openssl speed failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    parse_speed(&String::from_utf8_lossy(&out.stdout), version)
}

// `-mr` lines: `+F:<n>:sm3:<bytes/s>` and `+F7:<n>:256:CurveSM2:<sign/s>:<verify/s>`.
fn parse_speed(text: &str, version: String) -> Result<Theirs, String> {
    let mut sm3 = None;
    let mut sm2 = None;
    for line in text.lines() {
        let fields: Vec<&str> = line.trim().split(':').collect();
        match fields.as_slice() {
            ["+F", _, name, rate] if name.eq_ignore_ascii_case("sm3") => {
                sm3 = rate.parse::<f64>().ok();
            }
            ["+F7", _, _, curve, sign, verify] if curve.contains("SM2") => {
                sm2 = sign.parse::<f64>().ok().zip(verify.parse::<f64>().ok());
            }
            _ => {}
        }
    }
    let sm3_bytes_per_s = sm3.ok_or("no sm3 line in openssl speed output")?;
    let (sign_per_s, verify_per_s) = sm2.ok_or("no SM2 line in openssl speed output")?;
    Ok(Theirs {
        version,
        sm3_bytes_per_s,
        sign_per_s,
        verify_per_s,
    })
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would pass nothing: run only
    // when benchmarking.
    if !std::env::args().any(|a| a == "--bench") {
        println!("vs_openssl: run with `cargo bench --bench vs_openssl`");
        return;
    }
    println!("measuring govcred ({ROUNDS} rounds of >= {ROUND_TIME:?} per operation) ...");
    let ours = match measure_ours() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("vs_openssl: {e}");
            std::process::exit(1);
        }
    };
    println!("running openssl speed -mr -elapsed -seconds 2 -bytes 8192 -evp sm3 sm2 ...");
    let theirs = run_openssl();
    let rows = [
        (
            "SM3 8 KiB (MB/s)",
            ours.sm3_bytes_per_s / 1e6,
            theirs.as_ref().ok().map(|t| t.sm3_bytes_per_s / 1e6),
        ),
        (
            "SM2 sign (ops/s)",
            ours.sign_per_s,
            theirs.as_ref().ok().map(|t| t.sign_per_s),
        ),
        (
            "SM2 verify (ops/s)",
            ours.verify_per_s,
            theirs.as_ref().ok().map(|t| t.verify_per_s),
        ),
        (
            "SM2 verify, Z_A cached",
            ours.verify_cached_per_s,
            theirs.as_ref().ok().map(|t| t.verify_per_s),
        ),
    ];
    println!();
    println!(
        "{:<24} {:>12} {:>12} {:>16}",
        "operation", "govcred", "OpenSSL", "govcred/OpenSSL"
    );
    for (name, ours, theirs) in rows {
        match theirs {
            Some(t) => println!("{name:<24} {ours:>12.1} {t:>12.1} {:>15.2}x", ours / t),
            None => println!("{name:<24} {ours:>12.1} {:>12} {:>16}", "-", "-"),
        }
    }
    match theirs {
        Ok(t) => println!("\n{}", t.version),
        Err(e) => println!("\nno OpenSSL comparison: {e}"),
    }
}
