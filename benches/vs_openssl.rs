//! govcred against OpenSSL in one run: `cargo bench --bench vs_openssl`.
//!
//! Measures SM3 over 8 KiB, SM2 sign and SM2 verify here (median of timed rounds), runs
//! `openssl speed -mr -seconds 2 -bytes 8192 -evp sm3 sm2` on the same machine, parses it
//! and prints govcred/OpenSSL ratios (above 1 means govcred is faster).
//!
//! The machine is shared, so both sides are timed in CPU time of the measuring thread
//! (OpenSSL's default; here `/proc/thread-self/schedstat`), and our rounds and the OpenSSL
//! runs alternate over `CYCLES` cycles so that load changes hit both. Where schedstat is
//! missing, both sides use the wall clock (`-elapsed`). OpenSSL 3.0 has no `sm3` speed test of
//! its own name, hence `-evp sm3`. `openssl speed` signs a 20-byte input and re-initialises
//! the digest (so recomputes Z_A) per operation; the same is done here, and verification with
//! Z_A cached in the `VerifyingKey` is shown as well.

use std::hint::black_box;
use std::process::Command;
use std::time::{Duration, Instant};

use govcred::sm2::{DEFAULT_ID, PrivateKey, Signature, SigningKey, VerifyingKey};

const CYCLES: usize = 3;
const ROUNDS_PER_CYCLE: usize = 3;
const ROUND_TIME: Duration = Duration::from_millis(300);

/// CPU time this thread has run, from the scheduler's own accounting (Linux).
fn thread_cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

#[derive(Clone, Copy)]
enum Clock {
    Cpu,
    Wall,
}

impl Clock {
    fn detect() -> Clock {
        match (thread_cpu_time(), thread_cpu_time()) {
            (Some(_), Some(_)) => Clock::Cpu,
            _ => Clock::Wall,
        }
    }

    /// Seconds taken by `f`.
    fn time(self, f: impl FnOnce()) -> f64 {
        match self {
            Clock::Cpu => {
                let start = thread_cpu_time().unwrap_or_default();
                f();
                (thread_cpu_time().unwrap_or_default() - start).as_secs_f64()
            }
            Clock::Wall => {
                let start = Instant::now();
                f();
                start.elapsed().as_secs_f64()
            }
        }
    }
}

/// Times one operation: a batch size calibrated once, then rounds of about `ROUND_TIME`.
struct Timer<F: FnMut()> {
    op: F,
    batch: u64,
    rates: Vec<f64>,
}

impl<F: FnMut()> Timer<F> {
    fn new(mut op: F) -> Self {
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
        Timer {
            op,
            batch: batch * 4,
            rates: Vec::new(),
        }
    }

    fn rounds(&mut self, clock: Clock, n: usize) {
        for _ in 0..n {
            let (op, batch) = (&mut self.op, self.batch);
            let secs = clock.time(|| {
                for _ in 0..batch {
                    op();
                }
            });
            if secs > 0.0 {
                self.rates.push(batch as f64 / secs);
            }
        }
    }

    fn median(&self) -> f64 {
        median(&self.rates)
    }
}

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

struct Ours {
    sm3_bytes_per_s: f64,
    sign_per_s: f64,
    verify_per_s: f64,
    verify_cached_per_s: f64,
}

struct Theirs {
    sm3_bytes_per_s: f64,
    sign_per_s: f64,
    verify_per_s: f64,
}

fn openssl_version() -> Result<String, String> {
    let out = Command::new("openssl")
        .arg("version")
        .output()
        .map_err(|e| format!("cannot run openssl: {e}"))?;
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn openssl_args(clock: Clock) -> Vec<&'static str> {
    let mut args = vec!["speed", "-mr"];
    if let Clock::Wall = clock {
        args.push("-elapsed");
    }
    args.extend(["-seconds", "2", "-bytes", "8192", "-evp", "sm3", "sm2"]);
    args
}

fn run_openssl(clock: Clock) -> Result<Theirs, String> {
    let out = Command::new("openssl")
        .args(openssl_args(clock))
        .output()
        .map_err(|e| format!("cannot run openssl speed: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "openssl speed failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    parse_speed(&String::from_utf8_lossy(&out.stdout))
}

// `-mr` lines: `+F:<n>:sm3:<bytes/s>` and `+F7:<n>:256:CurveSM2:<sign/s>:<verify/s>`.
fn parse_speed(text: &str) -> Result<Theirs, String> {
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
        sm3_bytes_per_s,
        sign_per_s,
        verify_per_s,
    })
}

fn main() {
    // `cargo bench` passes `--bench`; anything else (such as `cargo test --benches`) only
    // gets a hint, so that no test run spends half a minute here.
    if !std::env::args().any(|a| a == "--bench") {
        println!("vs_openssl: run with `cargo bench --bench vs_openssl`");
        return;
    }
    if let Err(e) = run() {
        eprintln!("vs_openssl: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let clock = Clock::detect();
    let data = vec![0x5au8; 8192];
    let key = PrivateKey::generate().map_err(|e| e.to_string())?;
    let message = [0x42u8; 20];
    let signer = SigningKey::new(key.clone(), DEFAULT_ID).map_err(|e| e.to_string())?;
    let signature: Signature = signer.sign(&message).map_err(|e| e.to_string())?;
    let public = *key.public_key();
    let verifier = signer.verifying_key();
    verifier
        .verify(&message, &signature)
        .map_err(|e| format!("self-check failed: {e}"))?;

    let mut sm3 = Timer::new(|| {
        black_box(govcred::sm3::sm3(black_box(&data)));
    });
    let mut sign = Timer::new(|| {
        // Z_A per operation, as `openssl speed` re-initialises its digest context each time.
        let s = SigningKey::new(black_box(key.clone()), DEFAULT_ID)
            .and_then(|s| s.sign(black_box(&message)));
        black_box(s.is_ok());
    });
    let mut verify = Timer::new(|| {
        let ok = VerifyingKey::new(black_box(public), DEFAULT_ID)
            .and_then(|v| v.verify(black_box(&message), black_box(&signature)));
        black_box(ok.is_ok());
    });
    let mut verify_cached = Timer::new(|| {
        black_box(
            verifier
                .verify(black_box(&message), black_box(&signature))
                .is_ok(),
        );
    });

    let clock_name = match clock {
        Clock::Cpu => "thread CPU time",
        Clock::Wall => "wall clock",
    };
    println!(
        "{CYCLES} cycles of {ROUNDS_PER_CYCLE} rounds (>= {ROUND_TIME:?}) per operation, then `openssl {}`; timed by {clock_name}",
        openssl_args(clock).join(" ")
    );
    let version = openssl_version();
    let mut theirs: Vec<Theirs> = Vec::new();
    let mut openssl_error = None;
    for cycle in 1..=CYCLES {
        println!("cycle {cycle}/{CYCLES} ...");
        sm3.rounds(clock, ROUNDS_PER_CYCLE);
        sign.rounds(clock, ROUNDS_PER_CYCLE);
        verify.rounds(clock, ROUNDS_PER_CYCLE);
        verify_cached.rounds(clock, ROUNDS_PER_CYCLE);
        if openssl_error.is_none() {
            match run_openssl(clock) {
                Ok(t) => theirs.push(t),
                Err(e) => openssl_error = Some(e),
            }
        }
    }
    let ours = Ours {
        sm3_bytes_per_s: sm3.median() * 8192.0,
        sign_per_s: sign.median(),
        verify_per_s: verify.median(),
        verify_cached_per_s: verify_cached.median(),
    };
    let openssl = |f: fn(&Theirs) -> f64| -> Option<f64> {
        let values: Vec<f64> = theirs.iter().map(f).collect();
        (!values.is_empty()).then(|| median(&values))
    };
    let rows = [
        (
            "SM3 8 KiB (MB/s)",
            ours.sm3_bytes_per_s / 1e6,
            openssl(|t| t.sm3_bytes_per_s / 1e6),
        ),
        (
            "SM2 sign (ops/s)",
            ours.sign_per_s,
            openssl(|t| t.sign_per_s),
        ),
        (
            "SM2 verify (ops/s)",
            ours.verify_per_s,
            openssl(|t| t.verify_per_s),
        ),
        (
            "SM2 verify, Z_A cached",
            ours.verify_cached_per_s,
            openssl(|t| t.verify_per_s),
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
    match (openssl_error, version) {
        (None, Ok(v)) => println!("\n{v}, median of {} runs", theirs.len()),
        (Some(e), _) | (None, Err(e)) => println!("\nno OpenSSL comparison: {e}"),
    }
    Ok(())
}
