//! `govcred`: the command-line door to the library, for operations staff, shell scripts and
//! conformance checks. The interface (commands, options, output lines, exit codes) is stable.
//!
//! One file per command group: a group defines its clap arguments (`Args` or `Subcommand`)
//! and a `run` function; adding a group is one module, one [`Command`] variant and one arm
//! in [`dispatch`].
// The workspace lints deny unsafe code; the CLI has no C door to lift it for, so it forbids.
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod batch;
mod cert;
mod cms;
mod common;
mod completions;
mod credentials;
mod crypto;
mod demo;
mod keys;
mod ofd;
mod qr;
mod terminal;
mod time;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use common::{CliError, CmdResult, Ctx, finish_usage};

/// SM2/SM3 tools for digital-government credentials.
///
/// Keys are recognised from their contents (PEM, DER or hex). Without FILE, or with -,
/// input is read from stdin.
#[derive(Parser, Debug)]
#[command(
    name = "govcred",
    version,
    arg_required_else_help = true,
    after_help = "Exit status: 0 success; 1 input rejected (a verdict that does not pass, or a \
                  refused input with its stable code); 2 usage or I/O error.\n\
                  'govcred COMMAND --help' shows a command's options."
)]
pub struct Cli {
    /// Print results and failures as JSON: a verdict {passed, code, code_name, message, ...}.
    #[arg(long, global = true)]
    pub json: bool,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Every subcommand, in the order `--help` lists them.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print the SM3 digest of a file or stdin.
    Sm3(crypto::Sm3Args),
    /// Generate SM2 keys and derive public keys.
    #[command(subcommand)]
    Key(crypto::KeyCommand),
    /// Sign a file or stdin with SM2.
    Sign(crypto::SignArgs),
    /// Verify an SM2 signature.
    Verify(crypto::VerifyArgs),
    /// Check identifiers: 统一社会信用代码, 公民身份号码, 证照标识.
    #[command(subcommand)]
    Check(credentials::CheckCommand),
    /// Sign an e-license or a color code into QR text.
    #[command(subcommand)]
    Issue(credentials::IssueCommand),
    /// Decode QR text to JSON without verifying it.
    Inspect(credentials::InspectArgs),
    /// Verify e-license QR text against public keys.
    VerifyLicense(credentials::VerifyLicenseArgs),
    /// Sign trust bundles.
    #[command(subcommand)]
    Trust(terminal::TrustCommand),
    /// Verify any govcred QR offline against a trust bundle.
    VerifyQr(terminal::VerifyQrArgs),
    /// Render QR images.
    #[command(subcommand)]
    Qr(qr::QrCommand),
    /// Verify the seals and signatures of OFD documents.
    VerifyOfd(ofd::VerifyOfdArgs),
    /// Issue, render and verify credentials end to end.
    Demo(terminal::DemoArgs),
    /// Inspect SM2 certificates and verify their chains to pinned roots.
    #[command(subcommand)]
    Cert(cert::CertCommand),
    /// Verify and make GB/T 35275 / PKCS#7 (CMS) signatures.
    #[command(subcommand)]
    Cms(cms::CmsCommand),
    /// Print a shell completion script.
    Completions(completions::CompletionsArgs),
}

fn dispatch(command: &Command, ctx: &Ctx) -> CmdResult {
    match command {
        Command::Sm3(a) => crypto::sm3(a, ctx),
        Command::Key(c) => crypto::key(c, ctx),
        Command::Sign(a) => crypto::sign(a, ctx),
        Command::Verify(a) => crypto::verify(a, ctx),
        Command::Check(c) => credentials::check(c, ctx),
        Command::Issue(c) => credentials::issue(c, ctx),
        Command::Inspect(a) => credentials::inspect(a, ctx),
        Command::VerifyLicense(a) => credentials::verify_license(a, ctx),
        Command::Trust(c) => terminal::trust(c, ctx),
        Command::VerifyQr(a) => terminal::verify_qr(a, ctx),
        Command::Qr(c) => qr::qr(c, ctx),
        Command::VerifyOfd(a) => ofd::verify_ofd(a, ctx),
        Command::Demo(a) => terminal::demo(a, ctx),
        Command::Cert(c) => cert::cert(c, ctx),
        Command::Cms(c) => cms::cms(c, ctx),
        Command::Completions(a) => completions::run(a, ctx),
    }
}

/// The words naming a command (`"key generate"`), for messages.
fn command_name(argv: &[OsString]) -> String {
    let mut words = vec!["govcred".to_owned()];
    let mut cmd = Cli::command();
    for arg in argv.iter().skip(1) {
        let Some(word) = arg.to_str() else { break };
        match cmd.find_subcommand(word) {
            Some(sub) => {
                words.push(word.to_owned());
                cmd = sub.clone();
            }
            None => break,
        }
    }
    words.join(" ")
}

fn main() -> ExitCode {
    let argv: Vec<OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&argv) {
        Ok(cli) => cli,
        Err(e) => {
            // `--json` is known before parsing finishes only by looking for it.
            let json = argv.iter().any(|a| a == "--json");
            return finish_usage(e, json);
        }
    };
    let ctx = Ctx {
        json: cli.json,
        name: command_name(&argv),
    };
    let result: Result<(), CliError> = dispatch(&cli.command, &ctx);
    ctx.finish(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn usage_exit_status_is_two() {
        assert_eq!(common::EXIT_USAGE, 2);
    }
}
