//! govcred against OpenSSL in one run: `cargo bench --bench vs_openssl`.
//!
//! Measures here (median of timed rounds): SM3 over 8 KiB; SM2 signing (fixed-base, key
//! ready; and with the key set up per operation, as `openssl speed` does); SM2 verification
//! by the generic path and by prepared keys (compact and fast tables, 32 issuer keys, 1,024
//! signatures); whole-QR verification of an e-license and a color code through the
//! `Verifier`; and `govcred verify-qr --batch` over 100,000 mixed codes. It runs
//! `openssl speed -mr -seconds 2 -bytes 8192 -evp sm3 sm2` on the same machine, parses it
//! and prints ratios against OpenSSL and against our generic path, with the targets.
//!
//! The machine is shared, so both sides are timed in CPU time of the measuring thread
//! (OpenSSL's default; here `/proc/thread-self/schedstat`), and our rounds and the OpenSSL
//! runs alternate over `CYCLES` cycles so that load changes hit both. Where schedstat is
//! missing, both sides use the wall clock (`-elapsed`). OpenSSL 3.0 has no `sm3` speed test of
//! its own name, hence `-evp sm3`. `openssl speed` signs a 20-byte input and re-initialises
//! the digest (so recomputes Z_A) per operation; the same is done here, and verification with
//! Z_A cached in the `VerifyingKey` is shown as well.
//!
//! Signing many messages is shown two ways: `sign_batch` over 256 messages (every nonce's
//! k·G included), and signing from a `NoncePool` filled outside the timed part (the online
//! cost alone, as a pool filled ahead of a burst gives it).
//!
//! GmSSL 3.2 (`gmssl_pyx`) and Tongsuo (`tongsuopy`) run in the same cycles through
//! `tests/peers/peers.py bench` in the venv of `scripts/peers-venv.sh` (created on first use,
//! reused after). Both are C libraries behind Python, so the helper also times a near-empty
//! call through each binding (GmSSL: `sm3_hash(b"")`; Tongsuo: a `Hash(SM3())` created and
//! finalized) and the bare floor of a Python call; ratios are printed against the raw rate and
//! against the rate with the near-empty call's time taken off, which favours the peer. A peer
//! that cannot run is reported as missing; under `CI=1` that fails the bench.

use std::hint::black_box;
use std::process::Command;
use std::time::{Duration, Instant};

#[path = "../tests/common/verifier_fixture.rs"]
#[allow(dead_code)]
mod generator;

use govcred::colorcode::{Color, ColorCodeIssuer};
use govcred::license::LicenseIssuer;
use govcred::sm2::{
    DEFAULT_ID, NoncePool, PreparedVerifyingKey, PrivateKey, Signature, SigningKey, TableSize,
    VerifyingKey,
};
use govcred::verify::{Policy, Verifier};

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

/// One run of the peers helper: rates per second (SM3 in bytes per second).
#[derive(Default)]
struct PeerRun {
    python_floor: f64,
    gmssl: PeerRates,
    tongsuo: PeerRates,
    versions: String,
}

#[derive(Default, Clone, Copy)]
struct PeerRates {
    near_empty: f64,
    sm3_bytes: f64,
    sign: f64,
    sign_digest: f64,
    verify: f64,
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

/// The venv's python, creating the venv on first use.
fn peers_python() -> Result<std::path::PathBuf, String> {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new("bash")
        .arg(format!("{root}/scripts/peers-venv.sh"))
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run scripts/peers-venv.sh: {e}"))?;
    if !out.status.success() {
        return Err(format!("scripts/peers-venv.sh failed ({})", out.status));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().into())
}

fn run_peers(python: &std::path::Path, clock: Clock) -> Result<PeerRun, String> {
    let clock = match clock {
        Clock::Cpu => "cpu",
        Clock::Wall => "wall",
    };
    let out = Command::new(python)
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/peers/peers.py"))
        .args(["bench", "--clock", clock, "--round", "0.3", "--rounds", "3"])
        .output()
        .map_err(|e| format!("cannot run the peers helper: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "peers helper failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(err)?;
    let num = |v: &serde_json::Value, k: &str| -> Result<f64, String> {
        v[k].as_f64().ok_or_else(|| format!("peers helper: no {k}"))
    };
    let rates = |p: &serde_json::Value| -> Result<PeerRates, String> {
        Ok(PeerRates {
            near_empty: num(p, "near_empty_call_per_s")?,
            sm3_bytes: num(p, "sm3_8k_bytes_per_s")?,
            sign: num(p, "sign_per_s")?,
            sign_digest: p["sign_digest_per_s"].as_f64().unwrap_or(f64::NAN),
            verify: num(p, "verify_per_s")?,
        })
    };
    Ok(PeerRun {
        python_floor: num(&v, "python_call_floor_per_s")?,
        gmssl: rates(&v["gmssl"])?,
        tongsuo: rates(&v["tongsuo"])?,
        versions: v["versions"].to_string(),
    })
}

/// Medians over runs, field by field.
fn median_rates(runs: &[PeerRates]) -> PeerRates {
    let m = |f: fn(&PeerRates) -> f64| median(&runs.iter().map(f).collect::<Vec<_>>());
    PeerRates {
        near_empty: m(|r| r.near_empty),
        sm3_bytes: m(|r| r.sm3_bytes),
        sign: m(|r| r.sign),
        sign_digest: m(|r| r.sign_digest),
        verify: m(|r| r.verify),
    }
}

/// `rate` with the time of one near-empty call taken off each operation (SM3's by its
/// 8 KiB), as if the binding cost nothing.
fn net(rate: f64, near_empty: f64, per_op_bytes: f64) -> f64 {
    let per_op = per_op_bytes / rate - 1.0 / near_empty;
    if per_op > 0.0 {
        per_op_bytes / per_op
    } else {
        f64::INFINITY
    }
}

fn main() {
    // `cargo bench` passes `--bench`; anything else (such as `cargo test --benches`) only
    // gets a hint, so that no test run spends a minute here.
    if !std::env::args().any(|a| a == "--bench") {
        println!("vs_openssl: run with `cargo bench --bench vs_openssl`");
        return;
    }
    if let Err(e) = run() {
        eprintln!("vs_openssl: {e}");
        std::process::exit(1);
    }
}

const KEYS: usize = 32;
const SIGNATURES: usize = 1024;
const BATCH_CODES: usize = 100_000;
/// Messages per `sign_batch` call.
const BATCH_SIGN: usize = 256;
/// Nonces a `PoolOnline` round fills (untimed) and then signs with (timed).
const POOL_ROUND: usize = 8192;

/// Signing from a filled pool alone: each round fills the pool outside the timed part, then
/// times signatures that use up exactly those nonces. The fill is what `sign_batch`'s row
/// includes.
struct PoolOnline<'a> {
    signer: &'a SigningKey,
    message: [u8; 20],
    pool: NoncePool,
    rates: Vec<f64>,
}

impl<'a> PoolOnline<'a> {
    fn new(signer: &'a SigningKey, message: [u8; 20]) -> Self {
        PoolOnline {
            signer,
            message,
            pool: NoncePool::new(),
            rates: Vec::new(),
        }
    }

    fn median(&self) -> f64 {
        median(&self.rates)
    }
}

impl Rounds for PoolOnline<'_> {
    fn run_rounds(&mut self, clock: Clock, n: usize) {
        for _ in 0..n {
            if self.pool.fill(POOL_ROUND).is_err() {
                return;
            }
            let (signer, pool, message) = (self.signer, &self.pool, &self.message);
            let secs = clock.time(|| {
                for _ in 0..POOL_ROUND {
                    black_box(signer.sign_with_pool(black_box(message), pool).is_ok());
                }
            });
            if secs > 0.0 {
                self.rates.push(POOL_ROUND as f64 / secs);
            }
        }
    }
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// 1,024 (key, e, signature) cases over 32 issuer keys.
/// (issuer key index, e, signature).
type Case = (usize, [u8; 32], Signature);

fn sm2_cases() -> Result<(Vec<VerifyingKey>, Vec<Case>), String> {
    let signers = (0..KEYS)
        .map(|i| {
            let d = govcred::sm3::sm3(format!("bench key {i}").as_bytes());
            SigningKey::new(PrivateKey::from_bytes(&d).map_err(err)?, DEFAULT_ID).map_err(err)
        })
        .collect::<Result<Vec<_>, String>>()?;
    let verifiers: Vec<VerifyingKey> = signers.iter().map(SigningKey::verifying_key).collect();
    let cases = (0..SIGNATURES)
        .map(|i| {
            let k = i % KEYS;
            let msg = format!("credential {i}");
            Ok((
                k,
                verifiers[k].digest(msg.as_bytes()),
                signers[k].sign(msg.as_bytes()).map_err(err)?,
            ))
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok((verifiers, cases))
}

struct Qr {
    verifier: Verifier,
    bundle: Vec<u8>,
    roots: Vec<String>,
    license: String,
    color_code: String,
    batch: Vec<String>,
}

/// The shared vectors' fixture: its bundle, a license, a green code, and a mixed batch of
/// distinct licenses and color codes for `verify-qr --batch`.
fn qr_fixture() -> Result<Qr, String> {
    use generator::{Fixture, NOW};
    let f = Fixture::new();
    let root = SigningKey::new(f.roots[0].clone(), DEFAULT_ID).map_err(err)?;
    let bundle = f.bundle().sign(&root).map_err(err)?;
    let pins: Vec<_> = f.roots.iter().map(|r| *r.public_key()).collect();
    let verifier = Verifier::from_bundle_bytes(&bundle, &pins, Policy::default()).map_err(err)?;
    let licenses = LicenseIssuer::new(f.zj.clone()).map_err(err)?;
    let codes = ColorCodeIssuer::with_derived_salt(f.gd.clone(), &f.gd_uscc).map_err(err)?;
    let license = |i: usize| {
        licenses
            .issue(
                &f.license(&format!("LIC{i:012}"), None, "2026-11-20"),
                NOW - 60,
            )
            .map_err(err)
    };
    let code = |i: usize| {
        codes
            .issue(
                &f.color_request(Color::Green, &format!("CC-{i:010}")),
                NOW - 60,
            )
            .map_err(err)
    };
    let batch = (0..BATCH_CODES)
        .map(|i| if i % 2 == 0 { license(i) } else { code(i) })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Qr {
        verifier,
        bundle,
        roots: f
            .roots
            .iter()
            .map(|r| r.public_key().to_spki_pem())
            .collect(),
        license: license(1)?,
        color_code: code(1)?,
        batch,
    })
}

/// Codes per wall-clock second of `govcred verify-qr --batch` (release binary, verdicts to
/// /dev/null), and of the same codes verified in this process, for the ratio.
fn batch_rates(qr: &Qr) -> Result<(f64, f64), String> {
    let dir = std::env::temp_dir().join(format!("govcred-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(err)?;
    let bundle = dir.join("bundle.cose");
    std::fs::write(&bundle, &qr.bundle).map_err(err)?;
    let mut args = vec![
        "verify-qr".to_owned(),
        "--trust".to_owned(),
        bundle.display().to_string(),
    ];
    for (i, pem) in qr.roots.iter().enumerate() {
        let path = dir.join(format!("root{i}.pem"));
        std::fs::write(&path, pem).map_err(err)?;
        args.extend(["--root".to_owned(), path.display().to_string()]);
    }
    let input = dir.join("codes.txt");
    std::fs::write(&input, qr.batch.join("\n") + "\n").map_err(err)?;
    args.extend([
        "--now".to_owned(),
        generator::NOW.to_string(),
        "--batch".to_owned(),
        input.display().to_string(),
    ]);
    let binary = cli_binary()?;
    let start = Instant::now();
    let status = Command::new(&binary)
        .args(&args)
        .stdout(std::process::Stdio::null())
        .status()
        .map_err(err)?;
    let cli = BATCH_CODES as f64 / start.elapsed().as_secs_f64();
    let _ = std::fs::remove_dir_all(&dir);
    if !status.success() {
        return Err(format!(
            "verify-qr --batch did not pass every code: {status}"
        ));
    }
    let start = Instant::now();
    let passed = qr
        .batch
        .iter()
        .filter(|q| qr.verifier.verify(q, generator::NOW).passed)
        .count();
    let in_process = BATCH_CODES as f64 / start.elapsed().as_secs_f64();
    if passed != BATCH_CODES {
        return Err(format!("only {passed} of {BATCH_CODES} codes passed"));
    }
    Ok((cli, in_process))
}

/// `verify-qr --batch --jobs 1` and `--jobs 2` over the same codes, wall clock, against the
/// in-process rate on one thread.
fn batch_jobs_rows(qr: &Qr, in_process: f64) -> Result<(), String> {
    let binary = cli_binary()?;
    let dir = std::env::temp_dir().join(format!("govcred-bench-jobs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(err)?;
    let bundle = dir.join("bundle.cose");
    std::fs::write(&bundle, &qr.bundle).map_err(err)?;
    let input = dir.join("codes.txt");
    std::fs::write(&input, qr.batch.join("\n") + "\n").map_err(err)?;
    let mut args = vec![
        "verify-qr".into(),
        "--trust".into(),
        bundle.into_os_string(),
    ];
    for (i, pem) in qr.roots.iter().enumerate() {
        let path = dir.join(format!("root{i}.pem"));
        std::fs::write(&path, pem).map_err(err)?;
        args.extend(["--root".into(), path.into_os_string()]);
    }
    args.extend([
        "--now".into(),
        generator::NOW.to_string().into(),
        "--batch".into(),
        input.into_os_string(),
    ]);
    for jobs in [1, 2] {
        let start = Instant::now();
        let status = Command::new(&binary)
            .args(&args)
            .args(["--jobs", &jobs.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .map_err(err)?;
        let rate = BATCH_CODES as f64 / start.elapsed().as_secs_f64();
        if !status.success() {
            return Err(format!("verify-qr --batch --jobs {jobs} failed: {status}"));
        }
        println!(
            "verify-qr --batch --jobs {jobs}: {rate:.0}/s; in process, one thread: {in_process:.0}/s; ratio {:.2}x",
            rate / in_process
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// The release `govcred` binary. The CLI is its own package (`cli/`), so this bench builds it
/// with the same cargo and target directory; it lands beside the bench's own `deps/`.
fn cli_binary() -> Result<std::path::PathBuf, String> {
    let status = Command::new(env!("CARGO"))
        .args([
            "build",
            "--release",
            "-q",
            "-p",
            "govcred-cli",
            "--bin",
            "govcred",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .map_err(err)?;
    if !status.success() {
        return Err(format!("building the govcred binary failed: {status}"));
    }
    let exe = std::env::current_exe().map_err(err)?;
    let dir = exe
        .parent()
        .and_then(std::path::Path::parent)
        .ok_or("the bench runs outside a target directory")?;
    Ok(dir.join(format!("govcred{}", std::env::consts::EXE_SUFFIX)))
}

fn run() -> Result<(), String> {
    let clock = Clock::detect();
    let data = vec![0x5au8; 8192];
    let key = PrivateKey::generate().map_err(err)?;
    let message = [0x42u8; 20];
    let signer = SigningKey::new(key.clone(), DEFAULT_ID).map_err(err)?;
    let (verifiers, cases) = sm2_cases()?;
    let compact: Vec<PreparedVerifyingKey> = verifiers
        .iter()
        .map(|v| v.prepare(TableSize::Compact))
        .collect();
    let fast: Vec<PreparedVerifyingKey> = verifiers
        .iter()
        .map(|v| v.prepare(TableSize::Fast))
        .collect();
    println!("issuing {BATCH_CODES} codes for the batch run ...");
    let qr = qr_fixture()?;
    for q in [&qr.license, &qr.color_code] {
        let v = qr.verifier.verify(q, generator::NOW);
        if !v.passed {
            return Err(format!("self-check failed: {}", v.message));
        }
    }

    let mut sm3 = Timer::new(|| {
        black_box(govcred::sm3::sm3(black_box(&data)));
    });
    let mut sign = Timer::new(|| {
        black_box(signer.sign(black_box(&message)).is_ok());
    });
    let mut sign_setup = Timer::new(|| {
        // Key set up (Z_A, (1+d)^-1) per operation, as `openssl speed` re-initialises its
        // context each time.
        let s = SigningKey::new(black_box(key.clone()), DEFAULT_ID)
            .and_then(|s| s.sign(black_box(&message)));
        black_box(s.is_ok());
    });
    let batch_messages: Vec<[u8; 20]> = (0..BATCH_SIGN)
        .map(|i| {
            let mut m = message;
            m[0] = i as u8;
            m
        })
        .collect();
    let mut sign_batch = Timer::new(|| {
        black_box(signer.sign_batch(black_box(&batch_messages)).is_ok());
    });
    let mut pool_online = PoolOnline::new(&signer, message);
    let generic_fn =
        |k: usize, e: &[u8; 32], s: &Signature| verifiers[k].verify_prehash(e, s).is_ok();
    let compact_fn =
        |k: usize, e: &[u8; 32], s: &Signature| compact[k].verify_prehash(e, s).is_ok();
    let fast_fn = |k: usize, e: &[u8; 32], s: &Signature| fast[k].verify_prehash(e, s).is_ok();
    let mut generic = Timer::new(cycling(&cases, generic_fn));
    let mut prepared_compact = Timer::new(cycling(&cases, compact_fn));
    let mut prepared_fast = Timer::new(cycling(&cases, fast_fn));
    let mut qr_license = Timer::new(|| {
        black_box(
            qr.verifier
                .verify(black_box(&qr.license), generator::NOW)
                .passed,
        );
    });
    let mut qr_code = Timer::new(|| {
        black_box(
            qr.verifier
                .verify(black_box(&qr.color_code), generator::NOW)
                .passed,
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
    let python = peers_python();
    let mut peer_runs: Vec<PeerRun> = Vec::new();
    let mut peer_error = python.as_ref().err().cloned();
    let mut theirs: Vec<Theirs> = Vec::new();
    let mut openssl_error = None;
    for cycle in 1..=CYCLES {
        println!("cycle {cycle}/{CYCLES} ...");
        for t in [
            &mut sm3 as &mut dyn Rounds,
            &mut sign,
            &mut sign_setup,
            &mut sign_batch,
            &mut pool_online,
            &mut generic,
            &mut prepared_compact,
            &mut prepared_fast,
            &mut qr_license,
            &mut qr_code,
        ] {
            t.run_rounds(clock, ROUNDS_PER_CYCLE);
        }
        if openssl_error.is_none() {
            match run_openssl(clock) {
                Ok(t) => theirs.push(t),
                Err(e) => openssl_error = Some(e),
            }
        }
        if let (None, Ok(python)) = (&peer_error, &python) {
            match run_peers(python, clock) {
                Ok(r) => peer_runs.push(r),
                Err(e) => peer_error = Some(e),
            }
        }
    }
    println!("verify-qr --batch over {BATCH_CODES} codes (wall clock) ...");
    let (batch_cli, batch_in_process) = batch_rates(&qr)?;

    let openssl = |f: fn(&Theirs) -> f64| -> Option<f64> {
        let values: Vec<f64> = theirs.iter().map(f).collect();
        (!values.is_empty()).then(|| median(&values))
    };
    let os_sign = openssl(|t| t.sign_per_s);
    let os_verify = openssl(|t| t.verify_per_s);
    let generic_rate = generic.median();
    let sign_batch_rate = sign_batch.median() * BATCH_SIGN as f64;
    let compact_rate = prepared_compact.median();
    // (name, ours, OpenSSL figure, against our generic verify?, target)
    let rows: Vec<(&str, f64, Option<f64>, bool, &str)> = vec![
        (
            "SM3 8 KiB (MB/s)",
            sm3.median() * 8192.0 / 1e6,
            openssl(|t| t.sm3_bytes_per_s / 1e6),
            false,
            ">= 1.0x OpenSSL",
        ),
        (
            "SM2 sign, key ready",
            sign.median(),
            os_sign,
            false,
            ">= 18x OpenSSL",
        ),
        (
            "SM2 sign, key set up per op",
            sign_setup.median(),
            os_sign,
            false,
            "",
        ),
        (
            "SM2 sign_batch (256 per call)",
            sign_batch_rate,
            os_sign,
            false,
            ">= 37x OpenSSL",
        ),
        (
            "SM2 sign, filled NoncePool",
            pool_online.median(),
            os_sign,
            false,
            ">= 37x OpenSSL",
        ),
        ("SM2 verify, generic", generic_rate, os_verify, true, ""),
        (
            "SM2 verify, prepared compact",
            compact_rate,
            os_verify,
            true,
            ">= 7.5x OpenSSL",
        ),
        (
            "SM2 verify, prepared fast",
            prepared_fast.median(),
            os_verify,
            true,
            ">= 10x OpenSSL",
        ),
        (
            "QR verify, e-license",
            qr_license.median(),
            os_verify,
            true,
            ">= 0.9x prepared compact",
        ),
        (
            "QR verify, color code",
            qr_code.median(),
            os_verify,
            true,
            ">= 0.9x prepared compact",
        ),
    ];
    println!();
    println!(
        "{:<30} {:>11} {:>11} {:>10} {:>10}  target",
        "operation (per second)", "govcred", "OpenSSL", "xOpenSSL", "xgeneric"
    );
    for (name, ours, theirs, vs_generic, target) in rows {
        let os = theirs.map_or("-".to_owned(), |t| format!("{t:.1}"));
        let x_os = theirs.map_or("-".to_owned(), |t| format!("{:.2}x", ours / t));
        let x_gen = if vs_generic {
            format!("{:.2}x", ours / generic_rate)
        } else {
            "-".to_owned()
        };
        println!("{name:<30} {ours:>11.1} {os:>11} {x_os:>10} {x_gen:>10}  {target}");
    }
    println!();
    println!(
        "QR verify / prepared compact verify: e-license {:.2}x, color code {:.2}x (target >= 0.9x)",
        qr_license.median() / compact_rate,
        qr_code.median() / compact_rate
    );
    println!(
        "verify-qr --batch, {BATCH_CODES} mixed codes: {batch_cli:.0}/s; the same codes in process: {batch_in_process:.0}/s; ratio {:.2}x (target >= 0.8x)",
        batch_cli / batch_in_process
    );
    batch_jobs_rows(&qr, batch_in_process)?;
    println!(
        "memory per issuer key: compact {} B, fast {} B; shared generator tables {} B",
        compact[0].memory_bytes(),
        fast[0].memory_bytes(),
        PreparedVerifyingKey::shared_bytes()
    );
    print_peers(
        &peer_runs,
        peer_error.as_deref(),
        &[
            ("SM3 8 KiB (MB/s)", sm3.median() * 8192.0 / 1e6, PeerOp::Sm3),
            ("SM2 sign, key ready", sign.median(), PeerOp::SignDigest),
            (
                "SM2 sign, key set up per op",
                sign_setup.median(),
                PeerOp::Sign,
            ),
            (
                "SM2 sign_batch (256 per call)",
                sign_batch_rate,
                PeerOp::SignDigest,
            ),
            (
                "SM2 sign, filled NoncePool",
                pool_online.median(),
                PeerOp::SignDigest,
            ),
            ("SM2 verify, generic", generic_rate, PeerOp::Verify),
            ("SM2 verify, prepared compact", compact_rate, PeerOp::Verify),
            (
                "SM2 verify, prepared fast",
                prepared_fast.median(),
                PeerOp::Verify,
            ),
        ],
    )?;
    match (openssl_error, version) {
        (None, Ok(v)) => println!("{v}, median of {} runs", theirs.len()),
        (Some(e), _) | (None, Err(e)) => println!("no OpenSSL comparison: {e}"),
    }
    Ok(())
}

/// Which peer figure a row of ours is set against.
#[derive(Clone, Copy)]
enum PeerOp {
    /// SM3 over 8 KiB (rates in MB/s).
    Sm3,
    /// Signing a message: GmSSL's `sm2_sign` (Z_A and the public key recomputed per call),
    /// Tongsuo's `sign`.
    Sign,
    /// Signing with the work per key done once: GmSSL's `sm2_sign_sm3_digest` over a ready
    /// digest (no hashing at all, which favours it), Tongsuo's `sign` (it has nothing else).
    SignDigest,
    /// Verifying a message signature.
    Verify,
}

impl PeerOp {
    /// (figure, bytes per operation for the near-empty-call correction)
    fn figure(self, r: &PeerRates, gmssl: bool) -> (f64, f64) {
        match self {
            PeerOp::Sm3 => (r.sm3_bytes / 1e6, 8192.0 / 1e6),
            PeerOp::Sign => (r.sign, 1.0),
            PeerOp::SignDigest if gmssl => (r.sign_digest, 1.0),
            PeerOp::SignDigest => (r.sign, 1.0),
            PeerOp::Verify => (r.verify, 1.0),
        }
    }
}

/// The GmSSL and Tongsuo table: every row of ours against each peer, raw and with the
/// binding's near-empty call taken off. A missing peer is printed as missing, and fails
/// under CI.
fn print_peers(
    runs: &[PeerRun],
    error: Option<&str>,
    rows: &[(&str, f64, PeerOp)],
) -> Result<(), String> {
    println!();
    if runs.is_empty() {
        let why = error.unwrap_or("no run");
        println!("GmSSL: missing ({why})");
        println!("Tongsuo: missing ({why})");
        if in_ci() {
            return Err(format!("GmSSL and Tongsuo are required under CI: {why}"));
        }
        return Ok(());
    }
    let gmssl = median_rates(&runs.iter().map(|r| r.gmssl).collect::<Vec<_>>());
    let tongsuo = median_rates(&runs.iter().map(|r| r.tongsuo).collect::<Vec<_>>());
    let floor = median(&runs.iter().map(|r| r.python_floor).collect::<Vec<_>>());
    println!(
        "{:<30} {:>11} {:>10} {:>9} {:>9} {:>10} {:>9} {:>9}",
        "against the peers (per second)",
        "govcred",
        "GmSSL",
        "xGmSSL",
        "xnet",
        "Tongsuo",
        "xTongsuo",
        "xnet"
    );
    for &(name, ours, op) in rows {
        let (g, g_unit) = op.figure(&gmssl, true);
        let (t, t_unit) = op.figure(&tongsuo, false);
        let g_net = net(g, gmssl.near_empty, g_unit);
        let t_net = net(t, tongsuo.near_empty, t_unit);
        println!(
            "{name:<30} {ours:>11.1} {g:>10.1} {:>8.2}x {:>8.2}x {t:>10.1} {:>8.2}x {:>8.2}x",
            ours / g,
            ours / g_net,
            ours / t,
            ours / t_net
        );
    }
    println!(
        "GmSSL sm2_sign over a message {:.1}/s, over a ready SM3 digest {:.1}/s",
        gmssl.sign, gmssl.sign_digest
    );
    println!(
        "Python layer per call: floor {:.0} ns (loop + builtin), GmSSL near-empty call {:.0} ns, Tongsuo near-empty call {:.0} ns (xnet takes the near-empty call off each peer operation)",
        1e9 / floor,
        1e9 / gmssl.near_empty,
        1e9 / tongsuo.near_empty
    );
    if let Some(last) = runs.last() {
        println!("peers: {}, median of {} runs", last.versions, runs.len());
    }
    if let Some(e) = error {
        println!("peers: a later run failed: {e}");
    }
    Ok(())
}

/// One verification per call, cycling through the cases.
fn cycling<'a>(
    cases: &'a [Case],
    verify: impl Fn(usize, &[u8; 32], &Signature) -> bool + 'a,
) -> impl FnMut() + 'a {
    let mut i = 0;
    move || {
        let (k, e, sig) = &cases[i % cases.len()];
        i += 1;
        black_box(verify(*k, black_box(e), black_box(sig)));
    }
}

trait Rounds {
    fn run_rounds(&mut self, clock: Clock, n: usize);
}

impl<F: FnMut()> Rounds for Timer<F> {
    fn run_rounds(&mut self, clock: Clock, n: usize) {
        self.rounds(clock, n);
    }
}
