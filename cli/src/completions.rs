//! `govcred completions bash|zsh|fish`: shell completion scripts generated from the same
//! definition as the parser, so they never drift from it.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::Cli;
use crate::common::{CmdResult, Ctx, write_stdout};

/// Prints a completion script for SHELL on stdout, e.g.
/// `govcred completions bash > /etc/bash_completion.d/govcred`.
#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub(crate) fn run(args: &CompletionsArgs, _ctx: &Ctx) -> CmdResult {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "govcred", &mut script);
    write_stdout(&script)
}
