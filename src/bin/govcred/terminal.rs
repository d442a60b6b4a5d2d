//! The platform's trust bundle, the terminal's verification, and the end-to-end demo.

use std::io::{BufRead, Write};

use govcred::sm2::{DEFAULT_ID, PublicKey, SigningKey};
use govcred::trust::BundleSpec;
use govcred::verify::{Policy, Verifier};

use crate::args::{Args, Spec};
use crate::common::{
    CliError, CmdResult, Command, Sensitivity, read_input, write_output, write_stdout,
};
use crate::credentials::{json_input, now, qr_text};

pub const TRUST_BUILD: Command = Command {
    name: "trust build",
    summary: "sign a trust bundle from an issuers JSON",
    usage: "govcred trust build --root KEY --in ISSUERS.json --out BUNDLE [--now UNIX]\n\n\
            ISSUERS.json: {\"version\", \"next_update\"?, \"issuers\": [{\"name\", \"uscc\", \"region\",\n\
            \"public_key\", \"kid\"?, \"kinds\", \"license_types\", \"valid_from\", \"valid_until\",\n\
            \"revoked\"}]}. The bundle (COSE_Sign1 bytes) is signed with the root KEY.",
    spec: Spec {
        valued: &["root", "in", "out", "now"],
        flags: &[],
        repeated: &[],
        max_positionals: 0,
    },
    run: trust_build,
};

pub const VERIFY_QR: Command = Command {
    name: "verify-qr",
    summary: "verify any govcred QR offline against a trust bundle",
    usage: "govcred verify-qr --trust BUNDLE --root PUB [--root PUB ...] [--now UNIX]\n\
            \x20                 [--accept-colors green,yellow,...] [QRTEXT|- | --batch FILE]\n\n\
            Prints one JSON verdict (exit 0 pass, 1 no pass, 2 usage or I/O error). With\n\
            --batch, reads one QR text per line from FILE (- for stdin) and prints one\n\
            verdict per line; exit 0 when every code passes, 1 otherwise.",
    spec: Spec {
        valued: &["trust", "root", "now", "batch", "accept-colors"],
        flags: &[],
        repeated: &["root"],
        max_positionals: 1,
    },
    run: verify_qr,
};

pub const DEMO: Command = Command {
    name: "demo",
    summary: "issue, render and verify credentials end to end",
    usage: "govcred demo [--now UNIX]\n\n\
            Makes a root and two provincial issuers, a trust bundle, a business license,\n\
            green and red health codes, and verifies them all at a terminal, including a\n\
            forged and an expired code.",
    spec: Spec {
        valued: &["now"],
        flags: &[],
        repeated: &[],
        max_positionals: 0,
    },
    run: demo,
};

fn trust_build(args: &Args) -> CmdResult {
    let now = now(args)?;
    let root_path = args.required("root").map_err(CliError::Usage)?;
    let out = args.required("out").map_err(CliError::Usage)?;
    let root = govcred::sm2::PrivateKey::decode(&zeroize::Zeroizing::new(read_input(
        Some(root_path),
        "root key",
    )?))?;
    let spec = BundleSpec::from_json(&json_input(args)?).map_err(CliError::Rejected)?;
    let bundle = spec.to_bundle(now).map_err(CliError::Rejected)?;
    let bytes = SigningKey::new(root, DEFAULT_ID)
        .map_err(govcred::Error::from)
        .and_then(|signer| bundle.sign(&signer))
        .map_err(CliError::Rejected)?;
    write_output(Some(out), &bytes, Sensitivity::Public)
}

fn policy(args: &Args) -> Result<Policy, CliError> {
    let mut policy = Policy::default();
    if let Some(list) = args.value("accept-colors") {
        let list = list
            .to_str()
            .ok_or_else(|| CliError::Usage("--accept-colors is not UTF-8".to_owned()))?;
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

fn verify_qr(args: &Args) -> CmdResult {
    let now = now(args)?;
    let bundle_path = args.required("trust").map_err(CliError::Usage)?;
    let roots = args.values("root");
    if roots.is_empty() {
        return Err(CliError::Usage("--root is required".to_owned()));
    }
    if args.value("batch").is_some() && args.positional().is_some() {
        return Err(CliError::Usage(
            "give QRTEXT or --batch, not both".to_owned(),
        ));
    }
    let roots = roots
        .into_iter()
        .map(|p| Ok(PublicKey::decode(&read_input(Some(p), "root public key")?)?))
        .collect::<Result<Vec<_>, CliError>>()?;
    let bundle = read_input(Some(bundle_path), "trust bundle")?;
    let verifier =
        Verifier::from_bundle_bytes(&bundle, &roots, policy(args)?).map_err(CliError::Rejected)?;
    match args.value("batch") {
        None => {
            let verdict = verifier.verify(&qr_text(args.positional())?, now);
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

fn demo(args: &Args) -> CmdResult {
    let now = now(args)?;
    let mut text = Vec::new();
    crate::demo::run(now, &mut text).map_err(CliError::Rejected)?;
    write_stdout(&text)
}
