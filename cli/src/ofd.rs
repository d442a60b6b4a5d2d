//! `govcred verify-ofd`: sealed and signed OFD documents (e-licenses, receipts, invoices).
//!
//! One file prints one JSON verdict; several files (or `--batch LIST`) print one JSON line
//! per file, with its `file`, in input order, and a summary on stderr. Exit 0 when every
//! file is signed and every signature passes, 1 otherwise, 2 for usage or I/O errors.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::Args;
use govcred::ErrorCode;
use govcred::ofd::{OfdVerdict, OfdVerifier};
use govcred::x509::Certificate;
use serde_json::{Value, json};

use crate::common::{CliError, CmdResult, Ctx, write_stderr, write_stdout};
use crate::time::Now;

/// Verify the seals and signatures of OFD documents.
///
/// Prints one JSON verdict per file: {passed, code, code_name, message, signatures: [{id,
/// type, format, code, code_name, signer, seal_name, signed_at, time_source, leniencies}],
/// license}. An intact signature whose certificates reach no --root is
/// UntrustedCertificate.
#[derive(Args, Debug)]
pub struct VerifyOfdArgs {
    /// A trusted root certificate, PEM or DER (repeatable).
    #[arg(long, value_name = "CERT")]
    pub root: Vec<PathBuf>,
    /// A signer certificate for bare SM2 signatures, which carry none (repeatable).
    #[arg(long, value_name = "CERT")]
    pub cert: Vec<PathBuf>,
    /// The verification time: Unix seconds or RFC 3339 (default: the clock).
    #[arg(long, value_name = "TIME")]
    pub now: Option<Now>,
    /// Read the files to verify from LIST, one path per line (- for stdin).
    #[arg(long, value_name = "LIST")]
    pub batch: Option<PathBuf>,
    /// Verify this many files at once (with several files or --batch).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub jobs: usize,
    /// The OFD files.
    #[arg(value_name = "FILE.ofd")]
    pub files: Vec<PathBuf>,
}

fn load_cert(path: &Path) -> Result<Certificate, CliError> {
    let bytes = std::fs::read(path)
        .map_err(|e| CliError::Io(format!("cannot read {}: {e}", path.display())))?;
    Certificate::decode(&bytes).map_err(CliError::Rejected)
}

/// The JSON verdict of one document: the library's own view, which every door shares,
/// printed as the library writes it (the verdict head first).
pub(crate) fn verdict_json(v: &OfdVerdict) -> String {
    v.to_json()
}

fn io_failure(message: String) -> String {
    let code = ErrorCode::InvalidArgument;
    let fields = json!({ "signatures": [], "license": Value::Null });
    govcred::error::verdict_json(code, &message, fields)
}

enum Outcome {
    Verdict(OfdVerdict),
    Unreadable(String),
}

fn check(verifier: &OfdVerifier, path: &Path, now: i64) -> Outcome {
    match std::fs::read(path) {
        Ok(bytes) => Outcome::Verdict(verifier.verify(&bytes, now)),
        Err(e) => Outcome::Unreadable(format!("cannot read {}: {e}", path.display())),
    }
}

/// Runs `verify-ofd`.
pub(crate) fn verify_ofd(args: &VerifyOfdArgs, _ctx: &Ctx) -> CmdResult {
    let now = Now::resolve(args.now)?;
    let mut verifier = OfdVerifier::new();
    for r in &args.root {
        verifier
            .add_root(load_cert(r)?)
            .map_err(CliError::Rejected)?;
    }
    for c in &args.cert {
        verifier.add_signer_certificate(load_cert(c)?);
    }
    if args.jobs == 0 {
        return Err(CliError::Usage("--jobs must be at least 1".into()));
    }
    let mut files = args.files.clone();
    if let Some(list) = &args.batch {
        let input = crate::common::open_input(Some(list), "batch list")?;
        for line in std::io::BufReader::new(input).lines() {
            let line = line.map_err(|e| CliError::Io(format!("cannot read batch list: {e}")))?;
            let line = line.trim();
            if !line.is_empty() {
                files.push(PathBuf::from(line));
            }
        }
    }
    if files.is_empty() {
        return Err(CliError::Usage("no OFD file given".into()));
    }
    let single = files.len() == 1 && args.batch.is_none();
    if single {
        return match check(&verifier, &files[0], now) {
            Outcome::Verdict(v) => {
                write_stdout(format!("{}\n", verdict_json(&v)).as_bytes())?;
                if v.passed() {
                    Ok(())
                } else {
                    Err(CliError::Quiet)
                }
            }
            Outcome::Unreadable(msg) => Err(CliError::Io(msg)),
        };
    }
    run_batch(&verifier, &files, now, args.jobs)
}

// Files are verified in windows of a few hundred, by `jobs` threads, and printed in input
// order; memory is bounded by the window, not the batch.
fn run_batch(verifier: &OfdVerifier, files: &[PathBuf], now: i64, jobs: usize) -> CmdResult {
    const WINDOW: usize = 256;
    let (mut passed, mut failed, mut unreadable) = (0usize, 0usize, 0usize);
    for window in files.chunks(WINDOW) {
        let next = AtomicUsize::new(0);
        let mut slots: Vec<Option<Outcome>> = (0..window.len()).map(|_| None).collect();
        let results = std::sync::Mutex::new(&mut slots);
        std::thread::scope(|scope| {
            for _ in 0..jobs.min(window.len()) {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = window.get(i) else { break };
                        let outcome = check(verifier, path, now);
                        if let Ok(mut r) = results.lock() {
                            r[i] = Some(outcome);
                        }
                    }
                });
            }
        });
        let mut out = String::new();
        for (path, slot) in window.iter().zip(slots) {
            let mut line = match slot {
                Some(Outcome::Verdict(v)) => {
                    if v.passed() {
                        passed += 1;
                    } else {
                        failed += 1;
                    }
                    verdict_json(&v)
                }
                Some(Outcome::Unreadable(msg)) => {
                    unreadable += 1;
                    io_failure(msg)
                }
                None => {
                    unreadable += 1;
                    io_failure("not verified".into())
                }
            };
            // The file's path after the library's fields: the verdict stays as written.
            if line.ends_with('}') {
                line.pop();
                line.push_str(",\"file\":");
                line.push_str(&Value::String(path.display().to_string()).to_string());
                line.push('}');
            }
            out.push_str(&line);
            out.push('\n');
        }
        write_stdout(out.as_bytes())?;
    }
    write_stderr(&format!(
        "verify-ofd: {} files: {passed} passed, {failed} failed, {unreadable} unreadable\n",
        files.len()
    ));
    if unreadable > 0 {
        Err(CliError::Io(format!(
            "{unreadable} files could not be read"
        )))
    } else if failed > 0 {
        Err(CliError::Quiet)
    } else {
        Ok(())
    }
}
