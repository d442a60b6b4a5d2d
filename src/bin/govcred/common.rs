//! What every subcommand shares: the command table entry, errors and exit codes, reading
//! input (a file or stdin), writing output (a file or stdout) and the `FAIL` line.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::process::ExitCode;

use crate::args::{Args, Spec};

/// One subcommand: its words (`"key public"`), help text, arguments and entry point.
pub struct Command {
    /// The words that select it, space-separated.
    pub name: &'static str,
    /// One line for `govcred --help`.
    pub summary: &'static str,
    /// The usage text for `govcred NAME --help`.
    pub usage: &'static str,
    /// Accepted arguments.
    pub spec: Spec,
    /// Runs the command.
    pub run: fn(&Args) -> CmdResult,
}

/// Exit status: 0 success, 1 input rejected (`FAIL` for verify), 2 usage or I/O error.
pub const EXIT_REJECTED: u8 = 1;
/// Exit status for usage and I/O errors.
pub const EXIT_USAGE: u8 = 2;

/// Why a command did not succeed.
#[derive(Debug)]
pub enum CliError {
    /// Bad arguments; exit 2 with the command's usage hint.
    Usage(String),
    /// A file or stream could not be read or written; exit 2.
    Io(String),
    /// The input was read but rejected, with a stable code; exit 1 with a message on stderr.
    Rejected(govcred::Error),
    /// A verification did not pass; exit 1 with `FAIL <code> <message>` on stdout.
    Fail(govcred::Error),
    /// The command already printed its verdict (JSON); exit 1 with nothing more.
    Quiet,
}

impl From<govcred::CryptoError> for CliError {
    fn from(e: govcred::CryptoError) -> Self {
        CliError::Rejected(e.into())
    }
}

/// What a command returns.
pub type CmdResult = Result<(), CliError>;

/// Reports `result` the way scripts expect and returns the exit status.
pub fn finish(command: &str, result: CmdResult) -> ExitCode {
    let prefix = if command.is_empty() {
        "govcred".to_owned()
    } else {
        format!("govcred {command}")
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Usage(msg)) => {
            write_stderr(&format!("{prefix}: {msg}\nTry '{prefix} --help'.\n"));
            ExitCode::from(EXIT_USAGE)
        }
        Err(CliError::Io(msg)) => {
            write_stderr(&format!("{prefix}: {msg}\n"));
            ExitCode::from(EXIT_USAGE)
        }
        Err(CliError::Rejected(e)) => {
            write_stderr(&format!(
                "{prefix}: error {} {}: {}\n",
                e.code().as_u32(),
                e.code().name(),
                e.message()
            ));
            ExitCode::from(EXIT_REJECTED)
        }
        Err(CliError::Quiet) => ExitCode::from(EXIT_REJECTED),
        Err(CliError::Fail(e)) => {
            // Nothing more can be done if stdout is gone; the status still says FAIL.
            let _ = write_stdout(fail_line(&e).as_bytes());
            ExitCode::from(EXIT_REJECTED)
        }
    }
}

/// `FAIL <code> <message>\n`: the code is the stable number; the message is one line.
pub fn fail_line(e: &govcred::Error) -> String {
    let message: String = e
        .message()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("FAIL {} {}\n", e.code().as_u32(), message)
}

/// Reads a whole file, or stdin when `path` is `None` or `-`.
pub fn read_input(path: Option<&OsStr>, what: &str) -> Result<Vec<u8>, CliError> {
    let mut buf = Vec::new();
    match path {
        None => read_stdin(&mut buf, what)?,
        Some(p) if p == "-" => read_stdin(&mut buf, what)?,
        Some(p) => {
            buf = std::fs::read(p).map_err(|e| {
                CliError::Io(format!("cannot read {what} {}: {e}", p.to_string_lossy()))
            })?;
        }
    }
    Ok(buf)
}

fn read_stdin(buf: &mut Vec<u8>, what: &str) -> Result<(), CliError> {
    std::io::stdin()
        .lock()
        .read_to_end(buf)
        .map(drop)
        .map_err(|e| CliError::Io(format!("cannot read {what} from stdin: {e}")))
}

/// Opens a file, or stdin for `None`/`-`, for streaming reads.
pub fn open_input(path: Option<&OsStr>, what: &str) -> Result<Box<dyn Read>, CliError> {
    match path {
        Some(p) if p != "-" => std::fs::File::open(p)
            .map(|f| Box::new(f) as Box<dyn Read>)
            .map_err(|e| CliError::Io(format!("cannot read {what} {}: {e}", p.to_string_lossy()))),
        _ => Ok(Box::new(std::io::stdin().lock())),
    }
}

/// Whether the output holds a secret (then a new file is created readable by its owner only).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Sensitivity {
    /// Public data.
    Public,
    /// Private key material.
    Secret,
}

/// Writes `bytes` to the file `path`, or to stdout when `path` is `None` or `-`.
pub fn write_output(path: Option<&OsStr>, bytes: &[u8], kind: Sensitivity) -> CmdResult {
    match path {
        Some(p) if p != "-" => {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            if kind == Sensitivity::Secret {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            #[cfg(not(unix))]
            let _ = kind;
            options
                .open(p)
                .and_then(|mut f| f.write_all(bytes))
                .map_err(|e| CliError::Io(format!("cannot write {}: {e}", p.to_string_lossy())))
        }
        _ => write_stdout(bytes),
    }
}

/// Writes to stdout; a closed pipe is an I/O error, not a panic.
pub fn write_stdout(bytes: &[u8]) -> CmdResult {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| CliError::Io(format!("cannot write to stdout: {e}")))
}

/// Writes a diagnostic to stderr; unlike `eprintln!`, a closed stderr is ignored, not a panic.
pub fn write_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// The raw bytes of an argument (IDs may be any bytes on Unix).
pub fn arg_bytes(value: &OsStr) -> Result<Vec<u8>, CliError> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Ok(value.as_bytes().to_vec())
    }
    #[cfg(not(unix))]
    {
        value
            .to_str()
            .map(|s| s.as_bytes().to_vec())
            .ok_or_else(|| CliError::Usage("argument is not valid Unicode".to_owned()))
    }
}
