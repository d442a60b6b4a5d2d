//! What every subcommand shares: errors and exit codes, the one failure form (human text,
//! or with `--json` one verdict object in the library's schema, `docs/verdict-json.md`),
//! reading input (a file or stdin) and writing output.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

use govcred::{Error, ErrorCode};

/// Exit status: 0 success, 1 input rejected (`FAIL` for verify), 2 usage or I/O error.
pub(crate) const EXIT_REJECTED: u8 = 1;
/// Exit status for usage and I/O errors.
pub(crate) const EXIT_USAGE: u8 = 2;

/// What every command needs besides its own arguments.
#[derive(Debug)]
pub(crate) struct Ctx {
    /// `--json`: results and failures as JSON on stdout.
    pub json: bool,
    /// The command's words (`govcred key generate`), for messages.
    pub name: String,
}

/// Why a command did not succeed.
#[derive(Debug)]
pub enum CliError {
    /// Bad arguments; exit 2 with the command's usage hint.
    Usage(String),
    /// A file or stream could not be read or written; exit 2.
    Io(String),
    /// The input was read but rejected, with a stable code; exit 1 with a message on stderr.
    Rejected(govcred::Error),
    /// A verification did not pass; exit 1 with `FAIL <code> <message>` on stdout (or the
    /// verdict `{passed: false, ...}` with `--json`).
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
pub(crate) type CmdResult = Result<(), CliError>;

/// `{passed, code, code_name, message}`: the verdict of a check that has nothing more to
/// show, and the one JSON form of every failure (usage and I/O errors included), in the
/// library's verdict schema.
pub(crate) fn plain_verdict_json(code: ErrorCode, message: &str) -> String {
    govcred::error::verdict_json(code, message, ())
}

impl Ctx {
    /// Prints "OK" (or the passing verdict with `--json`) for a check that passed.
    pub(crate) fn print_ok(&self) -> CmdResult {
        if self.json {
            let line = plain_verdict_json(ErrorCode::Ok, ErrorCode::Ok.message());
            write_stdout(format!("{line}\n").as_bytes())
        } else {
            write_stdout(b"OK\n")
        }
    }

    /// Reports `result` the way scripts expect and returns the exit status.
    pub(crate) fn finish(&self, result: CmdResult) -> ExitCode {
        let prefix = &self.name;
        let (status, code, message) = match result {
            Ok(()) => return ExitCode::SUCCESS,
            Err(CliError::Quiet) => return ExitCode::from(EXIT_REJECTED),
            Err(CliError::Usage(msg)) => {
                if !self.json {
                    write_stderr(&format!("{prefix}: {msg}\nTry '{prefix} --help'.\n"));
                }
                (EXIT_USAGE, ErrorCode::InvalidArgument, msg)
            }
            Err(CliError::Io(msg)) => {
                if !self.json {
                    write_stderr(&format!("{prefix}: {msg}\n"));
                }
                (EXIT_USAGE, ErrorCode::InvalidArgument, msg)
            }
            Err(CliError::Rejected(e)) => {
                if !self.json {
                    write_stderr(&format!(
                        "{prefix}: error {} {}: {}\n",
                        e.code().as_u32(),
                        e.code().name(),
                        e.message()
                    ));
                }
                (EXIT_REJECTED, e.code(), e.message().to_owned())
            }
            Err(CliError::Fail(e)) => {
                // Nothing more can be done if stdout is gone; the status still says FAIL.
                let line = if self.json {
                    format!("{}\n", plain_verdict_json(e.code(), e.message()))
                } else {
                    fail_line(&e)
                };
                let _ = write_stdout(line.as_bytes());
                return ExitCode::from(EXIT_REJECTED);
            }
        };
        if self.json {
            let _ = write_stdout(format!("{}\n", plain_verdict_json(code, &message)).as_bytes());
        }
        ExitCode::from(status)
    }
}

/// Reports a parse error from clap: help and version exit 0; anything else exits 2, as one
/// JSON object on stdout with `--json`.
pub(crate) fn finish_usage(e: clap::Error, json: bool) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            ExitCode::SUCCESS
        }
        _ if json => {
            let text = e.render().to_string();
            let message = text
                .lines()
                .next()
                .unwrap_or("invalid arguments")
                .trim_start_matches("error: ")
                .to_owned();
            let _ = write_stdout(
                format!(
                    "{}\n",
                    plain_verdict_json(ErrorCode::InvalidArgument, &message)
                )
                .as_bytes(),
            );
            ExitCode::from(EXIT_USAGE)
        }
        _ => {
            let _ = e.print();
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// `FAIL <code> <message>\n`: the code is the stable number; the message is one line.
pub(crate) fn fail_line(e: &govcred::Error) -> String {
    let message: String = e
        .message()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("FAIL {} {}\n", e.code().as_u32(), message)
}

/// A value that is not UTF-8 where text is needed.
pub(crate) fn not_utf8(what: &str) -> CliError {
    CliError::Fail(Error::new(
        ErrorCode::InvalidArgument,
        format!("{what} is not UTF-8"),
    ))
}

/// Reads a whole file, or stdin when `path` is `None` or `-`.
pub(crate) fn read_input(path: Option<&Path>, what: &str) -> Result<Vec<u8>, CliError> {
    let mut buf = Vec::new();
    match path {
        None => read_stdin(&mut buf, what)?,
        Some(p) if p.as_os_str() == "-" => read_stdin(&mut buf, what)?,
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
pub(crate) fn open_input(path: Option<&Path>, what: &str) -> Result<Box<dyn Read>, CliError> {
    match path {
        Some(p) if p.as_os_str() != "-" => std::fs::File::open(p)
            .map(|f| Box::new(f) as Box<dyn Read>)
            .map_err(|e| CliError::Io(format!("cannot read {what} {}: {e}", p.to_string_lossy()))),
        _ => Ok(Box::new(std::io::stdin().lock())),
    }
}

/// Whether the output holds a secret (then a new file is created readable by its owner only).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sensitivity {
    /// Public data.
    Public,
    /// Private key material.
    Secret,
}

/// Writes `bytes` to the file `path`, or to stdout when `path` is `None` or `-`.
///
/// A secret never replaces an existing file unless `force`, and its file is left with mode
/// 0600 whether it was created or replaced.
pub(crate) fn write_output(
    path: Option<&Path>,
    bytes: &[u8],
    kind: Sensitivity,
    force: bool,
) -> CmdResult {
    let Some(p) = path.filter(|p| p.as_os_str() != "-") else {
        return write_stdout(bytes);
    };
    let cannot = |e: std::io::Error| CliError::Io(format!("cannot write {}: {e}", p.display()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if kind == Sensitivity::Secret && !force {
        options.create_new(true);
    } else {
        options.create(true).truncate(true);
    }
    #[cfg(unix)]
    if kind == Sensitivity::Secret {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(p).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            CliError::Usage(format!(
                "{} exists; give --force to replace it",
                p.display()
            ))
        } else {
            cannot(e)
        }
    })?;
    // `mode` applies only to a file being created: a replaced file gets 0600 here, before
    // the secret is written into it.
    #[cfg(unix)]
    if kind == Sensitivity::Secret {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(cannot)?;
    }
    file.write_all(bytes)
        .and_then(|()| file.flush())
        .map_err(cannot)
}

/// Writes to stdout; a closed pipe is an I/O error, not a panic.
pub(crate) fn write_stdout(bytes: &[u8]) -> CmdResult {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| CliError::Io(format!("cannot write to stdout: {e}")))
}

/// Writes a diagnostic to stderr; unlike `eprintln!`, a closed stderr is ignored, not a panic.
pub(crate) fn write_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// The raw bytes of an argument (IDs may be any bytes on Unix).
pub(crate) fn arg_bytes(value: &OsStr) -> Result<Vec<u8>, CliError> {
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
