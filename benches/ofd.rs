//! OFD verification against ofdrw in one run: `cargo bench --bench ofd`.
//!
//! Measures the files verified per second, on one core, for a one-seal document
//! (`peer/seal-v4.ofd`, an e-license-sized GB/T 38540 seal, its root pinned) and a
//! two-signature document (`ofdrw/ofdrw-converter__testImageNotFound.ofd`, two GB/T 35275
//! signatures by a real signer), and runs ofdrw 2.3.6's own verifier
//! (`../shared/peers/ofdrw/ofdrw-verify`) on the same files in the same run. ofdrw checks many
//! files in one JVM: it is given the same file `WARMUP + TIMED` times, each verdict line is
//! time-stamped as it arrives, and its rate is the last `TIMED` lines over the time they took
//! (JVM start, class loading and JIT warm-up fall into the first `WARMUP`). ofdrw checks less
//! than govcred does (no seal maker signature, certList, seal validity or chain), so the
//! ratio favours it. Both sides are wall clock; ours alternates with ofdrw's runs over
//! `CYCLES` cycles so that load on a shared machine hits both.
//!
//! Peak memory: a counting global allocator records the live bytes at their highest while
//! each file of `tests/vectors/ofd/` is verified, printed against the file's size; the
//! corpus's largest file is the row the target speaks of (a small multiple of the file).
//!
//! ofdrw needs `../shared/peers/ofdrw` and a JDK; when either is missing the ofdrw rows are
//! reported as missing, and under `CI=1` the bench fails.

// The counting global allocator (tests/common/peak_alloc.rs) needs `unsafe impl GlobalAlloc`;
// nothing else here is unsafe.
#![allow(unsafe_code)]

#[path = "../tests/common/peak_alloc.rs"]
mod peak_alloc;

use std::hint::black_box;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use govcred::ofd::OfdVerifier;
use govcred::x509::Certificate;
use peak_alloc::peak_during;

const CYCLES: usize = 3;
const ROUND_TIME: Duration = Duration::from_millis(500);
const WARMUP: usize = 60;
const TIMED: usize = 120;
/// Within the validity of the peer PKI and after every signing time in the corpus.
const NOW: i64 = 1_800_000_000;

struct Case {
    name: &'static str,
    file: &'static str,
    root: Option<&'static str>,
    /// What govcred must conclude (the corpus's EXPECTED.tsv).
    expect_code: &'static str,
}

const CASES: [Case; 2] = [
    Case {
        name: "one seal (peer/seal-v4.ofd)",
        file: "peer/seal-v4.ofd",
        root: Some("peer/certs/root.cert.pem"),
        expect_code: "Ok",
    },
    Case {
        name: "two signatures (testImageNotFound)",
        file: "ofdrw/ofdrw-converter__testImageNotFound.ofd",
        // Its CA root is not published: both signatures are intact, their chain untrusted.
        root: None,
        expect_code: "UntrustedCertificate",
    },
];

fn vectors() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/ofd")
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

fn verifier(case: &Case) -> Result<OfdVerifier, String> {
    let mut v = OfdVerifier::new();
    if let Some(root) = case.root {
        let bytes = std::fs::read(vectors().join(root)).map_err(err)?;
        v.add_root(Certificate::decode(&bytes).map_err(err)?)
            .map_err(err)?;
    }
    Ok(v)
}

/// Our files per second: rounds of about `ROUND_TIME`, wall clock.
fn our_rate(v: &OfdVerifier, bytes: &[u8]) -> f64 {
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < ROUND_TIME {
        black_box(v.verify(black_box(bytes), NOW).passed());
        n += 1;
    }
    n as f64 / start.elapsed().as_secs_f64()
}

fn ofdrw_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/peers/ofdrw/ofdrw-verify")
}

/// ofdrw's files per second after warm-up, and its verdict on the file.
fn ofdrw_rate(file: &Path) -> Result<(f64, String), String> {
    let script = ofdrw_script();
    if !script.is_file() {
        return Err(format!("{} not found", script.display()));
    }
    let mut child = Command::new(&script)
        .args(std::iter::repeat_n(file, WARMUP + TIMED))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", script.display()))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut stamps = Vec::with_capacity(WARMUP + TIMED);
    let mut verdict = String::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(err)?;
        stamps.push(Instant::now());
        let word = line.split('\t').nth(1).unwrap_or("").to_owned();
        if verdict.is_empty() {
            verdict = word;
        } else if verdict != word {
            return Err(format!("ofdrw changed its verdict: {verdict} then {word}"));
        }
    }
    let status = child.wait().map_err(err)?;
    if stamps.len() != WARMUP + TIMED {
        return Err(format!(
            "ofdrw printed {} lines for {} files ({status})",
            stamps.len(),
            WARMUP + TIMED
        ));
    }
    let secs = (stamps[WARMUP + TIMED - 1] - stamps[WARMUP - 1]).as_secs_f64();
    Ok((TIMED as f64 / secs, verdict))
}

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

fn run() -> Result<(), String> {
    let mut ours: Vec<Vec<f64>> = vec![Vec::new(); CASES.len()];
    let mut theirs: Vec<Vec<f64>> = vec![Vec::new(); CASES.len()];
    let mut verdicts: Vec<String> = vec![String::new(); CASES.len()];
    let mut ofdrw_error: Option<String> = None;
    let mut loaded = Vec::new();
    for case in &CASES {
        let path = vectors().join(case.file);
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let v = verifier(case)?;
        let verdict = v.verify(&bytes, NOW);
        if verdict.code.name() != case.expect_code {
            return Err(format!(
                "self-check: {} gave {} ({}), expected {}",
                case.file,
                verdict.code.name(),
                verdict.message,
                case.expect_code
            ));
        }
        loaded.push((path, bytes, v, verdict.signatures.len()));
    }
    println!(
        "{CYCLES} cycles: govcred rounds of {ROUND_TIME:?} per file, then ofdrw-verify over {} copies ({WARMUP} warm-up); wall clock, one thread",
        WARMUP + TIMED
    );
    for cycle in 1..=CYCLES {
        println!("cycle {cycle}/{CYCLES} ...");
        for (i, (path, bytes, v, _)) in loaded.iter().enumerate() {
            for _ in 0..3 {
                ours[i].push(our_rate(v, bytes));
            }
            if ofdrw_error.is_none() {
                match ofdrw_rate(path) {
                    Ok((rate, verdict)) => {
                        theirs[i].push(rate);
                        verdicts[i] = verdict;
                    }
                    Err(e) => ofdrw_error = Some(e),
                }
            }
        }
    }
    println!();
    println!(
        "{:<36} {:>5} {:>9} {:>10} {:>9} {:>8}  target",
        "OFD verify (files per second)", "sigs", "size", "govcred", "ofdrw", "xofdrw"
    );
    for (i, case) in CASES.iter().enumerate() {
        let (_, bytes, _, sigs) = &loaded[i];
        let us = median(&ours[i]);
        let (them, x) = if theirs[i].is_empty() {
            ("missing".to_owned(), "-".to_owned())
        } else {
            let t = median(&theirs[i]);
            (format!("{t:.1}"), format!("{:.1}x", us / t))
        };
        println!(
            "{:<36} {:>5} {:>9} {:>10.1} {:>9} {:>8}  >= 10x ofdrw",
            case.name,
            sigs,
            bytes.len(),
            us,
            them,
            x
        );
    }
    for (i, case) in CASES.iter().enumerate() {
        if !verdicts[i].is_empty() {
            println!(
                "ofdrw on {}: {} (govcred: {})",
                case.file, verdicts[i], case.expect_code
            );
        }
    }
    if let Some(e) = &ofdrw_error {
        println!("ofdrw missing: {e}");
    }

    println!();
    println!(
        "{:<48} {:>9} {:>11} {:>7}",
        "peak memory while verifying", "size", "peak", "ratio"
    );
    let mut files = Vec::new();
    for dir in ["peer", "ofdrw"] {
        for entry in std::fs::read_dir(vectors().join(dir)).map_err(err)? {
            let path = entry.map_err(err)?.path();
            if path.extension().is_some_and(|e| e == "ofd") {
                files.push(path);
            }
        }
    }
    files.sort();
    let v = OfdVerifier::new();
    let mut largest: Option<(String, usize, usize)> = None;
    let mut worst = 0.0f64;
    for path in &files {
        let bytes = std::fs::read(path).map_err(err)?;
        let (verdict, peak) = peak_during(|| v.verify(&bytes, NOW));
        black_box(verdict);
        let name = path
            .strip_prefix(vectors())
            .map_err(err)?
            .display()
            .to_string();
        let ratio = peak as f64 / bytes.len() as f64;
        worst = worst.max(ratio);
        println!("{name:<48} {:>9} {peak:>11} {ratio:>6.2}x", bytes.len());
        if largest.as_ref().is_none_or(|l| bytes.len() > l.1) {
            largest = Some((name, bytes.len(), peak));
        }
    }
    if let Some((name, size, peak)) = largest {
        println!(
            "largest file {name}: {size} bytes, peak {peak} bytes, {:.2}x its size; the highest ratio over the corpus {worst:.2}x",
            peak as f64 / size as f64
        );
    }
    match ofdrw_error {
        Some(e) if in_ci() => Err(format!("ofdrw is required under CI: {e}")),
        _ => Ok(()),
    }
}

fn main() {
    // `cargo bench` passes `--bench`; anything else (such as `cargo test --benches`) only
    // gets a hint.
    if !std::env::args().any(|a| a == "--bench") {
        println!("ofd: run with `cargo bench --bench ofd`");
        return;
    }
    if let Err(e) = run() {
        eprintln!("ofd bench failed: {e}");
        std::process::exit(1);
    }
}
