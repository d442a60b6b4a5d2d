//! The platform's trust bundle, the terminal's verification, and the end-to-end demo.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use govcred::sm2::{DEFAULT_ID, PublicKey, SigningKey};
use govcred::trust::BundleSpec;
use govcred::verify::{Policy, Verifier};

use crate::common::{
    CliError, CmdResult, Ctx, Sensitivity, read_input, write_output, write_stdout,
};
use crate::credentials::{json_input, qr_text};
use crate::time::Now;

#[derive(Subcommand, Debug)]
pub enum TrustCommand {
    /// Sign a trust bundle from an issuers JSON.
    ///
    /// ISSUERS.json: {"version", "next_update"?, "issuers": [{"name", "uscc", "region",
    /// "public_key", "kid"?, "kinds", "license_types", "valid_from", "valid_until",
    /// "revoked"}]}. The bundle (COSE_Sign1 bytes) is signed with the root KEY.
    Build(TrustBuildArgs),
}

#[derive(Args, Debug)]
pub struct TrustBuildArgs {
    /// The root private key.
    #[arg(long, value_name = "KEY")]
    pub root: PathBuf,
    /// The passphrase of an encrypted root KEY: env:VAR, file:PATH or stdin.
    #[arg(long, value_name = "SOURCE")]
    pub passin: Option<crate::keys::PassSource>,
    /// The issuers (JSON).
    #[arg(long = "in", value_name = "ISSUERS.json")]
    pub input: PathBuf,
    /// Where to write the bundle.
    #[arg(long, value_name = "BUNDLE")]
    pub out: PathBuf,
    /// The issue time: Unix seconds or RFC 3339 (default: the clock).
    #[arg(long, value_name = "TIME")]
    pub now: Option<Now>,
}

/// Prints one JSON verdict (exit 0 pass, 1 no pass, 2 usage or I/O error). With --batch,
/// reads one QR text per line from FILE (- for stdin) and prints one verdict per line, in
/// input order, each with "line": N (blank lines included); a summary (total, passed,
/// refused by code name, codes/s) goes to stderr; exit 0 when every line passes, 1
/// otherwise.
#[derive(Args, Debug)]
pub struct VerifyQrArgs {
    /// The trust bundle.
    #[arg(long, value_name = "BUNDLE")]
    pub trust: PathBuf,
    /// A pinned root public key (repeatable).
    #[arg(long, value_name = "PUB", required = true)]
    pub root: Vec<PathBuf>,
    /// The verification time: Unix seconds or RFC 3339 (default: the clock).
    #[arg(long, value_name = "TIME")]
    pub now: Option<Now>,
    /// Colors that pass, comma-separated (default green).
    #[arg(long, value_name = "green,yellow,...")]
    pub accept_colors: Option<String>,
    /// One QR text per line from FILE (- for stdin), one verdict per line out, each with
    /// its "line" number; a blank line gets a verdict too (2001 UnknownFormat).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["qr", "image"])]
    pub batch: Option<PathBuf>,
    /// Threads verifying a batch, sharing one verifier (default: the number of cores).
    #[arg(long, value_name = "N", requires = "batch", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub jobs: Option<u16>,
    /// Decode the QR code in a PNG or JPEG image (photo or screenshot) and verify it.
    #[arg(long, value_name = "IMAGE", conflicts_with = "qr")]
    pub image: Option<PathBuf>,
    /// The QR text (stdin when absent or -).
    #[arg(value_name = "QRTEXT|-")]
    pub qr: Option<String>,
}

/// Makes a root and two provincial issuers, a trust bundle, a business license, green and
/// red health codes, and verifies them all at a terminal, including a forged and an expired
/// code.
#[derive(Args, Debug)]
pub struct DemoArgs {
    /// The time of the story: Unix seconds or RFC 3339 (default: the clock).
    #[arg(long, value_name = "TIME")]
    pub now: Option<Now>,
}

pub(crate) fn trust(command: &TrustCommand, ctx: &Ctx) -> CmdResult {
    match command {
        TrustCommand::Build(a) => trust_build(a, ctx),
    }
}

fn trust_build(args: &TrustBuildArgs, _ctx: &Ctx) -> CmdResult {
    let now = Now::resolve(args.now)?;
    let root = crate::keys::load_private_key(&args.root, args.passin.as_ref(), "root key")?;
    let spec = BundleSpec::from_json(&json_input(&args.input)?).map_err(CliError::Rejected)?;
    let bundle = spec.to_bundle(now).map_err(CliError::Rejected)?;
    let bytes = SigningKey::new(root, DEFAULT_ID)
        .map_err(govcred::Error::from)
        .and_then(|signer| bundle.sign(&signer))
        .map_err(CliError::Rejected)?;
    write_output(Some(&args.out), &bytes, Sensitivity::Public, true)
}

fn policy(args: &VerifyQrArgs) -> Result<Policy, CliError> {
    let mut policy = Policy::default();
    if let Some(list) = &args.accept_colors {
        policy.accepted_colors = list
            .split(',')
            .map(|c| {
                serde_json::from_value(serde_json::Value::String(c.trim().to_owned()))
                    .map_err(|_| CliError::Usage(format!("unknown color {c:?}")))
            })
            .collect::<Result<_, _>>()?;
    }
    Ok(policy)
}

pub(crate) fn verify_qr(args: &VerifyQrArgs, ctx: &Ctx) -> CmdResult {
    let now = Now::resolve(args.now)?;
    let roots = args
        .root
        .iter()
        .map(|p| Ok(PublicKey::decode(&read_input(Some(p), "root public key")?)?))
        .collect::<Result<Vec<_>, CliError>>()?;
    let bundle = read_input(Some(&args.trust), "trust bundle")?;
    let verifier =
        Verifier::from_bundle_bytes(&bundle, &roots, policy(args)?).map_err(CliError::Rejected)?;
    if let Some(path) = &args.batch {
        return batch(&verifier, path, args, now, ctx);
    }
    let text = match &args.image {
        Some(path) => crate::qr::decode_image(&read_input(Some(path), "image")?)
            .map_err(CliError::Rejected)?,
        None => qr_text(args.qr.as_deref())?,
    };
    let verdict = verifier.verify(&text, now);
    let mut json = verdict.to_json();
    if json.ends_with('}') {
        json.pop();
        json.push_str(&crate::time::verdict_times(&verdict, now));
        json.push('}');
    }
    write_stdout(format!("{json}\n").as_bytes())?;
    if verdict.passed {
        Ok(())
    } else {
        Err(CliError::Quiet)
    }
}

fn batch(
    verifier: &Verifier,
    path: &std::path::Path,
    args: &VerifyQrArgs,
    now: i64,
    ctx: &Ctx,
) -> CmdResult {
    use std::io::IsTerminal;
    let jobs = match args.jobs {
        Some(n) => usize::from(n),
        None => std::thread::available_parallelism().map_or(1, usize::from),
    };
    let input_len = (path.as_os_str() != "-")
        .then(|| std::fs::metadata(path).ok().map(|m| m.len()))
        .flatten();
    let input: Box<dyn std::io::Read + Send> =
        if path.as_os_str() == "-" {
            Box::new(std::io::stdin())
        } else {
            Box::new(std::fs::File::open(path).map_err(|e| {
                CliError::Io(format!("cannot read batch file {}: {e}", path.display()))
            })?)
        };
    let options = crate::batch::Options {
        now,
        jobs,
        input_len,
        interactive: std::io::stderr().is_terminal(),
    };
    let mut stdout = std::io::stdout();
    let (summary, seconds) = crate::batch::run(verifier, input, &mut stdout, &options)?;
    crate::common::write_stderr(&summary.render(seconds, jobs, ctx.json));
    if summary.passed == summary.total {
        Ok(())
    } else {
        Err(CliError::Quiet)
    }
}

pub(crate) fn demo(args: &DemoArgs, _ctx: &Ctx) -> CmdResult {
    let now = Now::resolve(args.now)?;
    let mut text = Vec::new();
    crate::demo::run(now, &mut text).map_err(CliError::Rejected)?;
    write_stdout(&text)
}
