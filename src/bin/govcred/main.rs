//! `govcred`: the command-line door to the library, for operations staff, shell scripts and
//! conformance checks. The interface (commands, options, output lines, exit codes) is stable.
//!
//! A subcommand is a module exporting `Command` constants plus one line in [`COMMANDS`].

#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod args;
mod common;
mod credentials;
mod crypto;
mod demo;
mod terminal;

use std::ffi::OsString;
use std::process::ExitCode;

use common::{CliError, Command, EXIT_USAGE, finish, write_stderr, write_stdout};

/// Every subcommand, in the order `--help` lists them.
const COMMANDS: &[Command] = &[
    crypto::SM3,
    crypto::KEY_GENERATE,
    crypto::KEY_PUBLIC,
    crypto::SIGN,
    crypto::VERIFY,
    credentials::CHECK_USCC,
    credentials::CHECK_RESIDENT_ID,
    credentials::CHECK_LICENSE_ID,
    credentials::ISSUE_LICENSE,
    credentials::ISSUE_COLOR_CODE,
    credentials::INSPECT,
    credentials::VERIFY_LICENSE,
    terminal::TRUST_BUILD,
    terminal::VERIFY_QR,
    terminal::DEMO,
];

fn main() -> ExitCode {
    let argv: Vec<OsString> = std::env::args_os().skip(1).collect();
    run(&argv)
}

fn run(argv: &[OsString]) -> ExitCode {
    let first = argv.first().and_then(|a| a.to_str());
    match first {
        None => {
            write_stderr(&help());
            return ExitCode::from(EXIT_USAGE);
        }
        Some("--help" | "-h" | "help") => return print(&help()),
        Some("--version" | "-V") => {
            return print(&format!("govcred {}\n", env!("CARGO_PKG_VERSION")));
        }
        _ => {}
    }
    let Some((command, rest)) = find(argv) else {
        let group: Vec<&str> = COMMANDS
            .iter()
            .filter_map(|c| c.name.split_once(' '))
            .filter(|(head, _)| Some(*head) == first)
            .map(|(_, tail)| tail)
            .collect();
        if !group.is_empty() {
            write_stderr(&format!(
                "govcred {}: expected one of: {}\nTry 'govcred --help'.\n",
                first.unwrap_or_default(),
                group.join(", ")
            ));
            return ExitCode::from(EXIT_USAGE);
        }
        let words: Vec<String> = argv
            .iter()
            .take(2)
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        write_stderr(&format!(
            "govcred: unknown command '{}'\nTry 'govcred --help'.\n",
            words.join(" ")
        ));
        return ExitCode::from(EXIT_USAGE);
    };
    let result = match args::parse(rest, &command.spec) {
        Err(msg) => Err(CliError::Usage(msg)),
        Ok(parsed) if parsed.help => {
            return print(&format!("usage: {}\n", command.usage));
        }
        Ok(parsed) => (command.run)(&parsed),
    };
    finish(command.name, result)
}

// The command whose words start `argv`, and the arguments after them.
fn find(argv: &[OsString]) -> Option<(&'static Command, &[OsString])> {
    COMMANDS.iter().find_map(|c| {
        let words: Vec<&str> = c.name.split(' ').collect();
        let matches = argv.len() >= words.len()
            && words.iter().zip(argv).all(|(w, a)| a.to_str() == Some(*w));
        matches.then(|| (c, &argv[words.len()..]))
    })
}

fn print(text: &str) -> ExitCode {
    finish("", write_stdout(text.as_bytes()))
}

fn help() -> String {
    let mut out = format!(
        "govcred {}: SM2/SM3 tools for digital-government credentials\n\n\
         usage: govcred COMMAND [OPTIONS] [FILE|-]\n\ncommands:\n",
        env!("CARGO_PKG_VERSION")
    );
    for c in COMMANDS {
        out.push_str(&format!("  {:<18} {}\n", c.name, c.summary));
    }
    out.push_str(
        "\nKeys are recognised from their contents (PEM, DER or hex). Without FILE, or with -,\n\
         input is read from stdin. 'govcred COMMAND --help' shows a command's options.\n\n\
         exit status: 0 success; 1 input rejected (verify prints FAIL <code> <message>,\n\
         other commands print the code on stderr); 2 usage or I/O error.\n",
    );
    out
}
