//! Identifier checks, issuing e-licenses and color codes, inspecting and verifying QR text.

use std::io::BufRead;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use govcred::colorcode::ColorCodeIssuer;
use govcred::ids::{LicenseId, ResidentId, Uscc};
use govcred::license::{self, License, LicenseIssuer};
use govcred::sm2::PublicKey;
use govcred::verify::Credential;
use govcred::{Error, ErrorCode};

use crate::common::{CliError, CmdResult, Ctx, not_utf8, open_input, read_input, write_stdout};
use crate::keys::{PassSource, load_private_key};
use crate::qr::{ImageOutArgs, write_images};
use crate::time::Now;

/// Checks one identifier; with VALUE `-`, every line of stdin.
#[derive(Subcommand, Debug)]
pub enum CheckCommand {
    /// Check a 统一社会信用代码 (GB 32100).
    Uscc(CheckArgs),
    /// Check a 公民身份号码 (GB 11643).
    ResidentId(CheckArgs),
    /// Check a 证照标识 (GB/T 36904).
    LicenseId(CheckArgs),
}

/// Prints OK (exit 0) or FAIL <code> <message> (exit 1). With VALUE -, reads one value per
/// line from stdin and prints one result per line (a verdict object with --json, with its
/// "line"); exit 0 when every value is valid, 1 otherwise.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// The value, or - for one value per line on stdin.
    #[arg(value_name = "VALUE|-", allow_hyphen_values = true)]
    pub value: std::ffi::OsString,
}

#[derive(Subcommand, Debug)]
pub enum IssueCommand {
    /// Sign an e-license JSON into QR text.
    ///
    /// Checks the license (identifier, codes, dates) and prints its QR text (EL1:...).
    License(IssueLicenseArgs),
    /// Sign a health/safety code JSON into QR text.
    ///
    /// CODE.json is the request every door takes (the C door's request_json): kind, color,
    /// serial, holder (the GB/T 38962 record) and optional lifetime_secs. The issuer's code
    /// and salt are options, as they are arguments of the issuer in the other doors. Only
    /// the masked and hashed form is signed. Prints the QR text (CC1:...).
    ColorCode(IssueColorCodeArgs),
}

#[derive(Args, Debug)]
pub struct IssueLicenseArgs {
    /// The issuer's private key.
    #[arg(long, value_name = "KEY")]
    pub key: PathBuf,
    /// The passphrase of an encrypted KEY: env:VAR, file:PATH or stdin.
    #[arg(long, value_name = "SOURCE")]
    pub passin: Option<PassSource>,
    #[command(flatten)]
    pub images: ImageOutArgs,
    /// The license (JSON).
    #[arg(long = "in", value_name = "LICENSE.json")]
    pub input: PathBuf,
    /// The issue time: Unix seconds or RFC 3339 (default: the clock).
    #[arg(long, value_name = "TIME")]
    pub now: Option<Now>,
}

#[derive(Args, Debug)]
pub struct IssueColorCodeArgs {
    /// The issuer's private key.
    #[arg(long, value_name = "KEY")]
    pub key: PathBuf,
    /// The passphrase of an encrypted KEY: env:VAR, file:PATH or stdin.
    #[arg(long, value_name = "SOURCE")]
    pub passin: Option<PassSource>,
    /// The issuer's 统一社会信用代码.
    #[arg(long, value_name = "USCC")]
    pub issuer_code: String,
    /// The platform's salt for the holder-ID digest, 64 hex digits (default: derived from
    /// the key).
    #[arg(long, value_name = "HEX")]
    pub id_salt: Option<String>,
    #[command(flatten)]
    pub images: ImageOutArgs,
    /// The request (JSON).
    #[arg(long = "in", value_name = "CODE.json")]
    pub input: PathBuf,
    /// The issue time: Unix seconds or RFC 3339 (default: the clock).
    #[arg(long, value_name = "TIME")]
    pub now: Option<Now>,
}

/// Prints the decoded content as JSON with "verified": false. Nothing is checked against
/// any key: use verify-qr or verify-license for that.
#[derive(Args, Debug)]
pub struct InspectArgs {
    /// The QR text (stdin when absent or -).
    #[arg(value_name = "QRTEXT|-")]
    pub qr: Option<String>,
}

/// Prints a JSON verdict ({passed, code, code_name, message, kind, issuer, display,
/// credential}, as verify-qr does); exit 0 valid, 1 not valid, 2 usage or I/O error.
#[derive(Args, Debug)]
pub struct VerifyLicenseArgs {
    /// A trusted issuer public key (repeatable).
    #[arg(long = "pub", value_name = "PUB", required = true)]
    pub public: Vec<PathBuf>,
    /// The verification time: Unix seconds or RFC 3339 (default: the clock).
    #[arg(long, value_name = "TIME")]
    pub now: Option<Now>,
    /// The QR text (stdin when absent or -).
    #[arg(value_name = "QRTEXT|-")]
    pub qr: Option<String>,
}

/// One identifier check.
type IdCheck = fn(&str) -> Result<(), govcred::ids::IdError>;

pub(crate) fn check(command: &CheckCommand, ctx: &Ctx) -> CmdResult {
    let (args, f): (_, IdCheck) = match command {
        CheckCommand::Uscc(a) => (a, |v| Uscc::parse(v).map(drop)),
        CheckCommand::ResidentId(a) => (a, |v| ResidentId::parse(v).map(drop)),
        CheckCommand::LicenseId(a) => (a, |v| LicenseId::parse(v).map(drop)),
    };
    if args.value == "-" {
        return check_lines(f, ctx);
    }
    let value = args.value.to_str().ok_or_else(|| not_utf8("VALUE"))?;
    match f(value) {
        Ok(()) => ctx.print_ok(),
        Err(e) => Err(CliError::Fail(e.into())),
    }
}

// One result per input line, in order: a registry export is cleaned in one pass.
fn check_lines(f: IdCheck, ctx: &Ctx) -> CmdResult {
    let mut reader = std::io::BufReader::new(open_input(None, "values")?);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut all_valid = true;
    let mut raw = Vec::new();
    let mut line_no = 0u64;
    loop {
        raw.clear();
        match reader.read_until(b'\n', &mut raw) {
            Ok(0) => break,
            Ok(_) => line_no += 1,
            Err(e) => return Err(CliError::Io(format!("cannot read values: {e}"))),
        }
        let result: Result<(), Error> = match std::str::from_utf8(&raw) {
            Ok(text) => f(text.trim_end_matches(['\n', '\r'])).map_err(Error::from),
            Err(_) => Err(Error::new(ErrorCode::InvalidArgument, "not UTF-8")),
        };
        all_valid &= result.is_ok();
        let text = match (&result, ctx.json) {
            (Ok(()), false) => "OK\n".to_owned(),
            (Err(e), false) => crate::common::fail_line(e),
            (r, true) => {
                let (code, message) = match r {
                    Ok(()) => (ErrorCode::Ok, ErrorCode::Ok.message()),
                    Err(e) => (e.code(), e.message()),
                };
                let line = serde_json::json!({ "line": line_no });
                format!("{}\n", govcred::error::verdict_json(code, message, line))
            }
        };
        std::io::Write::write_all(&mut out, text.as_bytes())
            .map_err(|e| CliError::Io(format!("cannot write to stdout: {e}")))?;
    }
    std::io::Write::flush(&mut out)
        .map_err(|e| CliError::Io(format!("cannot write to stdout: {e}")))?;
    if all_valid {
        Ok(())
    } else {
        Err(CliError::Quiet)
    }
}

pub(crate) fn issue(command: &IssueCommand, ctx: &Ctx) -> CmdResult {
    match command {
        IssueCommand::License(a) => issue_license(a, ctx),
        IssueCommand::ColorCode(a) => issue_color_code(a, ctx),
    }
}

pub(crate) fn json_input(path: &std::path::Path) -> Result<String, CliError> {
    String::from_utf8(read_input(Some(path), "input")?)
        .map_err(|_| CliError::Rejected(Error::new(ErrorCode::BadJson, "input is not UTF-8")))
}

fn issue_license(args: &IssueLicenseArgs, _ctx: &Ctx) -> CmdResult {
    let now = Now::resolve(args.now)?;
    let key = load_private_key(&args.key, args.passin.as_ref(), "key")?;
    let license = License::from_json(&json_input(&args.input)?).map_err(CliError::Rejected)?;
    let qr = LicenseIssuer::new(key)
        .and_then(|i| i.issue(&license, now))
        .map_err(CliError::Rejected)?;
    write_images(&args.images, &qr)?;
    write_stdout(format!("{qr}\n").as_bytes())
}

fn issue_color_code(args: &IssueColorCodeArgs, _ctx: &Ctx) -> CmdResult {
    let now = Now::resolve(args.now)?;
    let key = load_private_key(&args.key, args.passin.as_ref(), "key")?;
    let request = json_input(&args.input)?;
    let salt = match &args.id_salt {
        None => None,
        Some(hex) => Some(
            govcred::internal::hex::decode(hex)
                .and_then(|b| <[u8; 32]>::try_from(b.as_slice()).ok())
                .ok_or_else(|| CliError::Usage("--id-salt must be 64 hex digits".to_owned()))?,
        ),
    };
    let issuer = match salt {
        Some(salt) => ColorCodeIssuer::new(key, &args.issuer_code, salt),
        None => ColorCodeIssuer::with_derived_salt(key, &args.issuer_code),
    };
    let qr = issuer
        .and_then(|i| i.issue_json(&request, now))
        .map_err(CliError::Rejected)?;
    write_images(&args.images, &qr)?;
    write_stdout(format!("{qr}\n").as_bytes())
}

/// QR text from the argument, or stdin for none or `-`.
pub(crate) fn qr_text(arg: Option<&str>) -> Result<String, CliError> {
    match arg {
        Some(a) if a != "-" => Ok(a.to_owned()),
        _ => String::from_utf8(read_input(None, "QR text")?)
            .map_err(|_| CliError::Usage("QR text is not UTF-8".to_owned())),
    }
}

pub(crate) fn inspect(args: &InspectArgs, _ctx: &Ctx) -> CmdResult {
    let text = qr_text(args.qr.as_deref())?;
    let inspection = govcred::inspect(&text).map_err(CliError::Rejected)?;
    let json =
        serde_json::to_string_pretty(&inspection).map_err(|e| CliError::Io(e.to_string()))?;
    write_stdout(format!("{json}\n").as_bytes())
}

pub(crate) fn verify_license(args: &VerifyLicenseArgs, _ctx: &Ctx) -> CmdResult {
    let now = Now::resolve(args.now)?;
    let keys = args
        .public
        .iter()
        .map(|p| Ok(PublicKey::decode(&read_input(Some(p), "public key")?)?))
        .collect::<Result<Vec<_>, CliError>>()?;
    let text = qr_text(args.qr.as_deref())?;
    // The verdict has the shape of verify-qr's; without a bundle there is no issuer name.
    let (json, ok) = match license::verify(&text, &keys, now) {
        Ok(l) => {
            let display = format!("{} {}: pass", l.name(), l.holder_name());
            let fields = serde_json::json!({
                "kind": "license",
                "issuer": null,
                "display": display,
                "credential": Credential::License(l),
            });
            let ok = ErrorCode::Ok;
            (govcred::error::verdict_json(ok, ok.message(), fields), true)
        }
        Err(e) => {
            let fields = serde_json::json!({
                "kind": null,
                "issuer": null,
                "display": format!("refused: {}", e.code().message()),
                "credential": null,
            });
            (
                govcred::error::verdict_json(e.code(), e.message(), fields),
                false,
            )
        }
    };
    write_stdout(format!("{json}\n").as_bytes())?;
    if ok { Ok(()) } else { Err(CliError::Quiet) }
}
