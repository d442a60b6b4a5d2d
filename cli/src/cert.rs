//! `govcred cert`: inspect SM2 certificates and verify their chains to pinned roots.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use govcred::x509::{CertVerifier, Certificate, KeyPurpose};
use govcred::{Error, ErrorCode};
use serde_json::{Value, json};

use crate::common::{CliError, CmdResult, Ctx, read_input, write_stdout};
use crate::time::Now;

#[derive(Subcommand, Debug)]
pub enum CertCommand {
    /// Print a certificate's fields as JSON (DER or PEM; nothing is verified).
    ///
    /// {subject, issuer, serial, not_before, not_after (Unix seconds), key_usage, is_ca,
    /// path_len, subject_key_id, authority_key_id, public_key (SM2, 04||X||Y hex)}.
    Inspect(InspectArgs),
    /// Verify a certificate's chain to pinned roots; prints one JSON verdict.
    ///
    /// {passed, code, code_name, message} and, when it passes, the chain (leaf first).
    /// Exit 0 pass, 1 refused, 2 usage or I/O error.
    Verify(VerifyArgs),
}

#[derive(Args, Debug)]
pub struct InspectArgs {
    /// The certificate (DER or PEM; stdin when absent or -).
    #[arg(value_name = "CERT|-")]
    pub cert: Option<PathBuf>,
}

/// What the leaf is checked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Purpose {
    /// keyUsage, when present, allows digitalSignature or nonRepudiation.
    Signing,
    /// No keyUsage requirement on the leaf.
    Any,
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// A pinned root certificate, DER or PEM; a PEM file may hold several (repeatable).
    #[arg(long, value_name = "CERT", required = true)]
    pub root: Vec<PathBuf>,
    /// An intermediate certificate, DER or PEM (repeatable, any order).
    #[arg(long, value_name = "CERT")]
    pub chain: Vec<PathBuf>,
    /// The verification time: Unix seconds or RFC 3339 (default: the clock).
    #[arg(long, value_name = "TIME")]
    pub now: Option<Now>,
    /// What the certificate is used for.
    #[arg(long, value_enum, default_value = "signing")]
    pub purpose: Purpose,
    /// The certificate to verify (stdin when absent or -).
    #[arg(value_name = "CERT|-")]
    pub cert: Option<PathBuf>,
}

pub(crate) fn cert(command: &CertCommand, ctx: &Ctx) -> CmdResult {
    match command {
        CertCommand::Inspect(a) => inspect(a, ctx),
        CertCommand::Verify(a) => verify(a, ctx),
    }
}

fn inspect(args: &InspectArgs, _ctx: &Ctx) -> CmdResult {
    let bytes = read_input(args.cert.as_deref(), "certificate")?;
    let c = Certificate::decode(&bytes).map_err(CliError::Rejected)?;
    write_stdout(format!("{}\n", c.to_json()).as_bytes())
}

/// Reads every certificate in a file (one DER, or one or more PEM blocks).
pub(crate) fn read_certs(
    path: &Path,
    what: &str,
) -> Result<Result<Vec<Certificate>, Error>, CliError> {
    let bytes = read_input(Some(path), what)?;
    Ok(Certificate::decode_all(&bytes).map_err(|e| {
        Error::new(
            e.code(),
            format!("{what} {}: {}", path.display(), e.message()),
        )
    }))
}

/// Reads the certificates of several files; I/O errors end the command, a bad certificate
/// becomes the verdict.
pub(crate) fn read_all(
    paths: &[PathBuf],
    what: &str,
) -> Result<Result<Vec<Certificate>, Error>, CliError> {
    let mut out = Vec::new();
    for p in paths {
        match read_certs(p, what)? {
            Ok(mut certs) => out.append(&mut certs),
            Err(e) => return Ok(Err(e)),
        }
    }
    Ok(Ok(out))
}

/// Prints a verdict: `{passed, code, code_name, message, ...extra}`; exit 1 unless passed.
pub(crate) fn print_verdict(result: Result<Value, Error>) -> CmdResult {
    let (value, passed) = match result {
        Ok(extra @ Value::Object(_)) => {
            let ok = ErrorCode::Ok;
            (govcred::error::verdict_json(ok, ok.message(), extra), true)
        }
        Ok(_) => return Err(CliError::Rejected(ErrorCode::Internal.into())),
        Err(e) => (
            govcred::error::verdict_json(e.code(), e.message(), ()),
            false,
        ),
    };
    write_stdout(format!("{value}\n").as_bytes())?;
    if passed { Ok(()) } else { Err(CliError::Quiet) }
}

fn verify(args: &VerifyArgs, _ctx: &Ctx) -> CmdResult {
    let now = Now::resolve(args.now)?;
    let leaf_bytes = read_input(args.cert.as_deref(), "certificate")?;
    let roots = read_all(&args.root, "root certificate")?;
    let chain = read_all(&args.chain, "chain certificate")?;
    let purpose = match args.purpose {
        Purpose::Signing => KeyPurpose::Signing,
        Purpose::Any => KeyPurpose::Any,
    };
    let result = (|| {
        let leaf = Certificate::decode(&leaf_bytes)?;
        let verifier = CertVerifier::new(roots?)?;
        let path = verifier.verify(&leaf, &chain?, now, purpose)?;
        let chain: Value =
            serde_json::from_str(&Certificate::chain_to_json(&path)).unwrap_or(Value::Null);
        Ok(json!({ "time_used": now, "chain": chain }))
    })();
    print_verdict(result)
}
