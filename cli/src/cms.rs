//! `govcred cms`: GB/T 35275 / PKCS#7 signatures: verify (attached or detached) and make
//! detached ones.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use govcred::cms::{self, CmsOids};
use govcred::sm2::PrivateKey;
use govcred::x509::{CertVerifier, Certificate};
use zeroize::Zeroizing;

use crate::cert::read_all;
use crate::common::{
    CliError, CmdResult, Ctx, Sensitivity, read_input, write_output, write_stdout,
};
use crate::time::Now;

#[derive(Subcommand, Debug)]
pub enum CmsCommand {
    /// Verify a CMS / PKCS#7 SignedData (DER, BER or PEM); prints one JSON verdict.
    ///
    /// {passed, code, code_name, message} and, when it passes, the signer, the chain,
    /// signing_time, time_used and time_source ("signing_time" or "now": the chain is
    /// checked at the signingTime attribute when present), content_type and the
    /// leniencies accepted. Exit 0 pass, 1 refused, 2 usage or I/O error.
    Verify(VerifyArgs),
    /// Sign FILE (or stdin) into a detached GB/T 35275 SignedData (DER) with signed
    /// attributes (contentType, signingTime, messageDigest).
    Sign(SignArgs),
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// A pinned root certificate, DER or PEM; a PEM file may hold several (repeatable).
    #[arg(long, value_name = "CERT", required = true)]
    pub root: Vec<PathBuf>,
    /// A certificate the signature does not embed: the signer's or an intermediate
    /// (repeatable).
    #[arg(long, value_name = "CERT")]
    pub cert: Vec<PathBuf>,
    /// The signed content of a detached signature.
    #[arg(long, value_name = "FILE")]
    pub content: Option<PathBuf>,
    /// The verification time, used when the signature has no signingTime: Unix seconds or
    /// RFC 3339 (default: the clock).
    #[arg(long, value_name = "TIME")]
    pub now: Option<Now>,
    /// The signature (stdin when absent or -).
    #[arg(value_name = "SIGFILE|-")]
    pub sig: Option<PathBuf>,
}

/// Which object identifiers the signature uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Oids {
    /// GB/T 35275: 1.2.156.10197.6.1.4.2.2 / .2.1.
    Gbt,
    /// PKCS#7: 1.2.840.113549.1.7.2 / .7.1.
    Pkcs7,
}

#[derive(Args, Debug)]
pub struct SignArgs {
    /// The signer's private key (PKCS#8 or SEC1, PEM or DER, or hex).
    #[arg(long, value_name = "KEY")]
    pub key: PathBuf,
    /// The signer's certificate (DER or PEM).
    #[arg(long, value_name = "CERT")]
    pub cert: PathBuf,
    /// Certificates to embed after the signer's: intermediates (repeatable).
    #[arg(long, value_name = "CERT")]
    pub chain: Vec<PathBuf>,
    /// The signingTime: Unix seconds or RFC 3339 (default: the clock).
    #[arg(long, value_name = "TIME")]
    pub now: Option<Now>,
    /// Object identifiers.
    #[arg(long, value_enum, default_value = "gbt")]
    pub oids: Oids,
    /// Where to write the signature (stdout when absent or -).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The content (stdin when absent or -).
    #[arg(value_name = "FILE|-")]
    pub file: Option<PathBuf>,
}

pub(crate) fn cms(command: &CmsCommand, ctx: &Ctx) -> CmdResult {
    match command {
        CmsCommand::Verify(a) => verify(a, ctx),
        CmsCommand::Sign(a) => sign(a, ctx),
    }
}

fn verify(args: &VerifyArgs, _ctx: &Ctx) -> CmdResult {
    let now = Now::resolve(args.now)?;
    let sig = read_input(args.sig.as_deref(), "signature")?;
    let content = match &args.content {
        Some(p) => Some(read_input(Some(p), "content")?),
        None => None,
    };
    let roots = read_all(&args.root, "root certificate")?;
    let extra = read_all(&args.cert, "certificate")?;
    let result = (|| {
        let verifier = CertVerifier::new(roots?)?;
        cms::verify(&sig, content.as_deref(), &extra?, &verifier, now)
    })();
    // The library's own verdict JSON, the one every door shows.
    write_stdout(format!("{}\n", cms::verdict_json(&result)).as_bytes())?;
    if result.is_ok() {
        Ok(())
    } else {
        Err(CliError::Quiet)
    }
}

fn sign(args: &SignArgs, _ctx: &Ctx) -> CmdResult {
    let signing_time = Now::resolve(args.now)?;
    let key = PrivateKey::decode(&Zeroizing::new(read_input(Some(&args.key), "key")?))?;
    let cert = Certificate::decode(&read_input(Some(&args.cert), "certificate")?)
        .map_err(CliError::Rejected)?;
    let chain = read_all(&args.chain, "chain certificate")?.map_err(CliError::Rejected)?;
    let content = read_input(args.file.as_deref(), "content")?;
    let oids = match args.oids {
        Oids::Gbt => CmsOids::GbT35275,
        Oids::Pkcs7 => CmsOids::Pkcs7,
    };
    let p7 = cms::sign_detached_with(&content, &key, &cert, &chain, signing_time, oids)
        .map_err(CliError::Rejected)?;
    write_output(args.out.as_deref(), &p7, Sensitivity::Public, true)
}
