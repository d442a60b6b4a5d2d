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
/// reads one QR text per line from FILE (- for stdin) and prints one verdict per line; exit
/// 0 when every code passes, 1 otherwise.
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
    /// One QR text per line from FILE (- for stdin), one verdict per line out.
    #[arg(long, value_name = "FILE", conflicts_with = "qr")]
    pub batch: Option<PathBuf>,
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

pub fn trust(command: &TrustCommand, ctx: &Ctx) -> CmdResult {
    match command {
        TrustCommand::Build(a) => trust_build(a, ctx),
    }
}

fn trust_build(args: &TrustBuildArgs, _ctx: &Ctx) -> CmdResult {
    let now = Now::resolve(args.now)?;
    let root = govcred::sm2::PrivateKey::decode(&zeroize::Zeroizing::new(read_input(
        Some(&args.root),
        "root key",
    )?))?;
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

pub fn verify_qr(args: &VerifyQrArgs, _ctx: &Ctx) -> CmdResult {
    let now = Now::resolve(args.now)?;
    let roots = args
        .root
        .iter()
        .map(|p| Ok(PublicKey::decode(&read_input(Some(p), "root public key")?)?))
        .collect::<Result<Vec<_>, CliError>>()?;
    let bundle = read_input(Some(&args.trust), "trust bundle")?;
    let verifier =
        Verifier::from_bundle_bytes(&bundle, &roots, policy(args)?).map_err(CliError::Rejected)?;
    match &args.batch {
        None => {
            let verdict = verifier.verify(&qr_text(args.qr.as_deref())?, now);
            write_stdout(format!("{}\n", verdict.to_json()).as_bytes())?;
            if verdict.passed {
                Ok(())
            } else {
                Err(CliError::Quiet)
            }
        }
        Some(path) => batch(
            &verifier,
            crate::common::open_input(Some(path), "batch file")?,
            now,
        ),
    }
}

// One verdict per input line, streamed: a batch of any size runs in constant memory.
fn batch(verifier: &Verifier, input: Box<dyn std::io::Read>, now: i64) -> CmdResult {
    use std::io::{BufRead, Write};
    let mut reader = std::io::BufReader::with_capacity(1 << 16, input);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut all_passed = true;
    // One line buffer for the whole batch; the verifier trims the line break itself.
    let mut line = String::new();
    loop {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => return Err(CliError::Io(format!("cannot read batch: {e}"))),
        }
        if line.trim().is_empty() {
            continue;
        }
        let verdict = verifier.verify(&line, now);
        all_passed &= verdict.passed;
        verdict
            .write_json(&mut out)
            .and_then(|()| out.write_all(b"\n"))
            .map_err(|e| CliError::Io(format!("cannot write: {e}")))?;
    }
    out.flush()
        .map_err(|e| CliError::Io(format!("cannot write: {e}")))?;
    if all_passed {
        Ok(())
    } else {
        Err(CliError::Quiet)
    }
}

pub fn demo(args: &DemoArgs, _ctx: &Ctx) -> CmdResult {
    let now = Now::resolve(args.now)?;
    let mut text = Vec::new();
    crate::demo::run(now, &mut text).map_err(CliError::Rejected)?;
    write_stdout(&text)
}
