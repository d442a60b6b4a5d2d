//! Identifier checks, issuing e-licenses and color codes, inspecting and verifying QR text.

use std::ffi::OsStr;

use govcred::colorcode::{ColorCodeIssuer, ColorCodeRequest};
use govcred::ids::{LicenseId, ResidentId, Uscc};
use govcred::license::{self, License, LicenseIssuer};
use govcred::sm2::{PrivateKey, PublicKey};
use govcred::{Error, ErrorCode};
use zeroize::Zeroizing;

use crate::args::{Args, Spec};
use crate::common::{CliError, CmdResult, Command, read_input, write_stdout};

const CHECK_SPEC: Spec = Spec {
    valued: &[],
    flags: &[],
    repeated: &[],
    max_positionals: 1,
};

pub const CHECK_USCC: Command = Command {
    name: "check uscc",
    summary: "check a 统一社会信用代码 (GB 32100)",
    usage: "govcred check uscc VALUE\n\nPrints OK (exit 0) or FAIL <code> <message> (exit 1).",
    spec: CHECK_SPEC,
    run: |a| check(a, |v| Uscc::parse(v).map(drop)),
};

pub const CHECK_RESIDENT_ID: Command = Command {
    name: "check resident-id",
    summary: "check a 公民身份号码 (GB 11643)",
    usage: "govcred check resident-id VALUE\n\nPrints OK (exit 0) or FAIL <code> <message> (exit 1).",
    spec: CHECK_SPEC,
    run: |a| check(a, |v| ResidentId::parse(v).map(drop)),
};

pub const CHECK_LICENSE_ID: Command = Command {
    name: "check license-id",
    summary: "check a 证照标识 (GB/T 36904)",
    usage: "govcred check license-id VALUE\n\nPrints OK (exit 0) or FAIL <code> <message> (exit 1).",
    spec: CHECK_SPEC,
    run: |a| check(a, |v| LicenseId::parse(v).map(drop)),
};

pub const ISSUE_LICENSE: Command = Command {
    name: "issue license",
    summary: "sign an e-license JSON into QR text",
    usage: "govcred issue license --key KEY --in LICENSE.json [--now UNIX]\n\n\
            Checks the license (identifier, codes, dates) and prints its QR text\n\
            (EL1:...). --now is the issue time in Unix seconds (default: the clock).",
    spec: Spec {
        valued: &["key", "in", "now"],
        flags: &[],
        repeated: &[],
        max_positionals: 0,
    },
    run: issue_license,
};

pub const ISSUE_COLOR_CODE: Command = Command {
    name: "issue color-code",
    summary: "sign a health/safety code JSON into QR text",
    usage: "govcred issue color-code --key KEY --in CODE.json [--now UNIX]\n\n\
            CODE.json holds issuer_code (the issuer's 统一社会信用代码), optional id_salt\n\
            (64 hex digits; default derived from the key), and the request: kind, color,\n\
            serial, holder (the GB/T 38962 record) and optional lifetime_secs. Only the\n\
            masked and hashed form is signed. Prints the QR text (CC1:...).",
    spec: Spec {
        valued: &["key", "in", "now"],
        flags: &[],
        repeated: &[],
        max_positionals: 0,
    },
    run: issue_color_code,
};

pub const INSPECT: Command = Command {
    name: "inspect",
    summary: "decode QR text to JSON without verifying it",
    usage: "govcred inspect [QRTEXT|-]\n\n\
            Prints the decoded content as JSON with \"verified\": false. Nothing is checked\n\
            against any key: use verify-qr or verify-license for that.",
    spec: Spec {
        valued: &[],
        flags: &[],
        repeated: &[],
        max_positionals: 1,
    },
    run: inspect,
};

pub const VERIFY_LICENSE: Command = Command {
    name: "verify-license",
    summary: "verify e-license QR text against public keys",
    usage: "govcred verify-license --pub PUB [--pub PUB ...] [--now UNIX] [QRTEXT|-]\n\n\
            Prints a JSON verdict; exit 0 valid, 1 not valid, 2 usage or I/O error.",
    spec: Spec {
        valued: &["pub", "now"],
        flags: &[],
        repeated: &["pub"],
        max_positionals: 1,
    },
    run: verify_license,
};

fn check(args: &Args, f: fn(&str) -> Result<(), govcred::ids::IdError>) -> CmdResult {
    let value = args
        .positional()
        .ok_or_else(|| CliError::Usage("VALUE is required".to_owned()))?;
    let value = value
        .to_str()
        .ok_or_else(|| CliError::Fail(Error::new(ErrorCode::InvalidArgument, "not UTF-8")))?;
    match f(value) {
        Ok(()) => write_stdout(b"OK\n"),
        Err(e) => Err(CliError::Fail(e.into())),
    }
}

/// `--now`, or the system clock: the CLI is the caller that passes time in.
pub fn now(args: &Args) -> Result<i64, CliError> {
    match args.value("now") {
        Some(v) => v
            .to_str()
            .and_then(|s| s.parse::<i64>().ok())
            .ok_or_else(|| CliError::Usage("--now must be Unix seconds".to_owned())),
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|_| CliError::Io("system clock before 1970".to_owned()))
            .and_then(|d| {
                i64::try_from(d.as_secs()).map_err(|_| CliError::Io("clock overflow".to_owned()))
            }),
    }
}

pub fn private_key(args: &Args) -> Result<PrivateKey, CliError> {
    let path = args.required("key").map_err(CliError::Usage)?;
    Ok(PrivateKey::decode(&Zeroizing::new(read_input(
        Some(path),
        "key",
    )?))?)
}

pub fn json_input(args: &Args) -> Result<String, CliError> {
    let path = args.required("in").map_err(CliError::Usage)?;
    String::from_utf8(read_input(Some(path), "input")?)
        .map_err(|_| CliError::Rejected(Error::new(ErrorCode::BadJson, "input is not UTF-8")))
}

fn bad_json(e: serde_json::Error) -> CliError {
    CliError::Rejected(Error::new(ErrorCode::BadJson, e.to_string()))
}

fn issue_license(args: &Args) -> CmdResult {
    let now = now(args)?;
    let key = private_key(args)?;
    let license: License = serde_json::from_str(&json_input(args)?).map_err(bad_json)?;
    let qr = LicenseIssuer::new(key)
        .and_then(|i| i.issue(&license, now))
        .map_err(CliError::Rejected)?;
    write_stdout(format!("{qr}\n").as_bytes())
}

fn issue_color_code(args: &Args) -> CmdResult {
    let now = now(args)?;
    let key = private_key(args)?;
    let mut doc: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&json_input(args)?).map_err(bad_json)?;
    let issuer_code = match doc.remove("issuer_code") {
        Some(serde_json::Value::String(s)) => s,
        _ => {
            return Err(CliError::Rejected(Error::new(
                ErrorCode::BadJson,
                "issuer_code (text) is required",
            )));
        }
    };
    let salt = match doc.remove("id_salt") {
        None => None,
        Some(serde_json::Value::String(hex)) => Some(
            govcred::internal::hex::decode(&hex)
                .and_then(|b| <[u8; 32]>::try_from(b.as_slice()).ok())
                .ok_or_else(|| {
                    CliError::Rejected(Error::new(
                        ErrorCode::BadJson,
                        "id_salt must be 64 hex digits",
                    ))
                })?,
        ),
        Some(_) => {
            return Err(CliError::Rejected(Error::new(
                ErrorCode::BadJson,
                "id_salt must be text",
            )));
        }
    };
    let request: ColorCodeRequest =
        serde_json::from_value(serde_json::Value::Object(doc)).map_err(bad_json)?;
    let issuer = match salt {
        Some(salt) => ColorCodeIssuer::new(key, &issuer_code, salt),
        None => ColorCodeIssuer::with_derived_salt(key, &issuer_code),
    };
    let qr = issuer
        .and_then(|i| i.issue(&request, now))
        .map_err(CliError::Rejected)?;
    write_stdout(format!("{qr}\n").as_bytes())
}

/// QR text from the argument, or stdin for none or `-`.
pub fn qr_text(arg: Option<&OsStr>) -> Result<String, CliError> {
    match arg {
        Some(a) if a != "-" => a
            .to_str()
            .map(str::to_owned)
            .ok_or_else(|| CliError::Usage("QR text is not UTF-8".to_owned())),
        _ => String::from_utf8(read_input(None, "QR text")?)
            .map_err(|_| CliError::Usage("QR text is not UTF-8".to_owned())),
    }
}

fn inspect(args: &Args) -> CmdResult {
    let text = qr_text(args.positional())?;
    let inspection = govcred::inspect(&text).map_err(CliError::Rejected)?;
    let json =
        serde_json::to_string_pretty(&inspection).map_err(|e| CliError::Io(e.to_string()))?;
    write_stdout(format!("{json}\n").as_bytes())
}

fn verify_license(args: &Args) -> CmdResult {
    let now = now(args)?;
    let paths = args.values("pub");
    if paths.is_empty() {
        return Err(CliError::Usage("--pub is required".to_owned()));
    }
    let keys = paths
        .into_iter()
        .map(|p| Ok(PublicKey::decode(&read_input(Some(p), "public key")?)?))
        .collect::<Result<Vec<_>, CliError>>()?;
    let text = qr_text(args.positional())?;
    let (json, ok) = match license::verify(&text, &keys, now) {
        Ok(l) => (
            serde_json::json!({"valid": true, "code": 0, "code_name": "Ok", "message": "ok", "license": l}),
            true,
        ),
        Err(e) => (
            serde_json::json!({"valid": false, "code": e.code().as_u32(), "code_name": e.code().name(), "message": e.message()}),
            false,
        ),
    };
    write_stdout(format!("{json}\n").as_bytes())?;
    if ok { Ok(()) } else { Err(CliError::Quiet) }
}
