//! SM3 digests, SM2 keys, signing and verification.

use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use govcred::sm2::{DEFAULT_ID, PrivateKey, PublicKey, SignatureFormat, SigningKey, VerifyingKey};
use zeroize::Zeroizing;

use crate::common::{
    CliError, CmdResult, Ctx, Sensitivity, arg_bytes, open_input, read_input, write_output,
    write_stdout,
};
use crate::keys::{PassSource, decode_private_key, encrypt_private_key, load_private_key};

/// Prints the SM3 (GB/T 32905) digest of FILE, or of stdin, as lowercase hex.
#[derive(Args, Debug)]
pub struct Sm3Args {
    /// The input (stdin when absent or -).
    #[arg(value_name = "FILE|-")]
    pub file: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum KeyCommand {
    /// Generate an SM2 private key (PKCS#8 PEM).
    ///
    /// Writes a new SM2 private key as PKCS#8 PEM to FILE (mode 0600; an existing FILE is
    /// replaced only with --force) or to stdout.
    Generate(KeyGenerateArgs),
    /// Write the public key of a private key.
    ///
    /// KEY is a private key (PKCS#8 or SEC1, PEM or DER, or hex) or a public key; its form
    /// is recognised from its contents. The public key is written as SubjectPublicKeyInfo
    /// PEM (default) or DER, or as hex of 04||X||Y or 02/03||X.
    Public(KeyPublicArgs),
}

#[derive(Args, Debug)]
pub struct KeyGenerateArgs {
    /// Where to write the key (stdout when absent or -).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
    /// Encrypt the key (PKCS#8 PBES2: scrypt, AES-256-CBC) with the passphrase from
    /// --passout.
    #[arg(long, requires = "passout")]
    pub encrypt: bool,
    /// The passphrase for --encrypt: env:VAR, file:PATH or stdin.
    #[arg(long, value_name = "SOURCE", requires = "encrypt")]
    pub passout: Option<PassSource>,
}

/// How `key public` writes the key.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PublicForm {
    /// SubjectPublicKeyInfo PEM.
    Pem,
    /// SubjectPublicKeyInfo DER.
    Der,
    /// Hex of the uncompressed point 04||X||Y.
    Hex,
    /// Hex of the compressed point 02/03||X.
    HexCompressed,
}

#[derive(Args, Debug)]
pub struct KeyPublicArgs {
    /// The private or public key (- for stdin).
    #[arg(long = "in", value_name = "KEY")]
    pub input: PathBuf,
    /// The passphrase of an encrypted KEY: env:VAR, file:PATH or stdin.
    #[arg(long, value_name = "SOURCE")]
    pub passin: Option<PassSource>,
    /// Output form.
    #[arg(long, value_enum, default_value = "pem", hide_possible_values = false)]
    pub form: PublicForm,
    /// Where to write the public key (stdout when absent or -).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Signature encodings.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SigForm {
    /// DER SEQUENCE{r, s}.
    Der,
    /// Raw 64-byte r||s.
    Raw,
}

impl SigForm {
    fn format(self) -> SignatureFormat {
        match self {
            SigForm::Der => SignatureFormat::Der,
            SigForm::Raw => SignatureFormat::Raw,
        }
    }
}

/// Signs FILE (or stdin) with SM2-SM3: e = SM3(Z_A || M), deterministic k (RFC 6979).
///
/// ID defaults to 1234567812345678 (GM/T 0009). The signature is DER SEQUENCE{r, s}
/// (default) or raw 64-byte r||s, written to FILE or stdout.
#[derive(Args, Debug)]
pub struct SignArgs {
    /// The private key (PKCS#8 or SEC1, PEM or DER, or hex; or encrypted PKCS#8).
    #[arg(long, value_name = "KEY")]
    pub key: PathBuf,
    /// The passphrase of an encrypted KEY: env:VAR, file:PATH or stdin.
    #[arg(long, value_name = "SOURCE")]
    pub passin: Option<PassSource>,
    /// The distinguishing ID (default 1234567812345678).
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub id: Option<OsString>,
    /// Signature encoding.
    #[arg(long, value_enum, default_value = "der")]
    pub form: SigForm,
    /// Where to write the signature (stdout when absent or -).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The message (stdin when absent or -).
    #[arg(value_name = "FILE|-")]
    pub file: Option<PathBuf>,
}

/// Verifies the signature in SIGFILE over FILE (or stdin).
///
/// PUB is a public key (SubjectPublicKeyInfo PEM or DER, SEC1 bytes or hex). Prints OK and
/// exits 0 when valid; prints FAIL <code> <message> and exits 1 when not (with --json, a
/// verdict {passed, code, code_name, message}).
#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The public key.
    #[arg(long = "pub", value_name = "PUB")]
    pub public: PathBuf,
    /// The distinguishing ID (default 1234567812345678).
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub id: Option<OsString>,
    /// Signature encoding.
    #[arg(long, value_enum, default_value = "der")]
    pub form: SigForm,
    /// The signature file.
    #[arg(long, value_name = "SIGFILE")]
    pub sig: PathBuf,
    /// The message (stdin when absent or -).
    #[arg(value_name = "FILE|-")]
    pub file: Option<PathBuf>,
}

pub(crate) fn key(command: &KeyCommand, ctx: &Ctx) -> CmdResult {
    match command {
        KeyCommand::Generate(a) => key_generate(a, ctx),
        KeyCommand::Public(a) => key_public(a, ctx),
    }
}

pub(crate) fn sm3(args: &Sm3Args, _ctx: &Ctx) -> CmdResult {
    let mut input = open_input(args.file.as_deref(), "input")?;
    let mut hasher = govcred::sm3::Sm3::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => hasher.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(CliError::Io(format!("cannot read input: {e}"))),
        }
    }
    write_stdout(format!("{}\n", govcred::internal::hex::encode(&hasher.finalize())).as_bytes())
}

fn key_generate(args: &KeyGenerateArgs, _ctx: &Ctx) -> CmdResult {
    let key = PrivateKey::generate()?;
    let pem = match &args.passout {
        Some(source) if args.encrypt => encrypt_private_key(&key, &source.read()?)?,
        _ => key.to_pkcs8_pem()?,
    };
    write_output(
        args.out.as_deref(),
        pem.as_bytes(),
        Sensitivity::Secret,
        args.force,
    )
}

fn key_public(args: &KeyPublicArgs, _ctx: &Ctx) -> CmdResult {
    let input = Zeroizing::new(read_input(Some(&args.input), "key")?);
    if args.input.as_os_str() == "-" && args.passin == Some(PassSource::Stdin) {
        return Err(CliError::Usage(
            "the key and --passin cannot both be stdin".to_owned(),
        ));
    }
    let public = match PublicKey::decode(&input) {
        // A public key converts to another form.
        Ok(public) => public,
        Err(_) => *decode_private_key(&input, args.passin.as_ref(), "key")?.public_key(),
    };
    let out = match args.form {
        PublicForm::Der => public.to_spki_der(),
        PublicForm::Hex => format!(
            "{}\n",
            govcred::internal::hex::encode(&public.to_uncompressed())
        )
        .into_bytes(),
        PublicForm::HexCompressed => format!(
            "{}\n",
            govcred::internal::hex::encode(&public.to_compressed())
        )
        .into_bytes(),
        PublicForm::Pem => public.to_spki_pem().into_bytes(),
    };
    write_output(args.out.as_deref(), &out, Sensitivity::Public, true)
}

fn distinguishing_id(id: Option<&OsStr>) -> Result<Vec<u8>, CliError> {
    match id {
        Some(v) => arg_bytes(v),
        None => Ok(DEFAULT_ID.to_vec()),
    }
}

pub(crate) fn sign(args: &SignArgs, _ctx: &Ctx) -> CmdResult {
    let id = distinguishing_id(args.id.as_deref())?;
    let form = args.form.format();
    let key_path = args.key.as_path();
    let message_path = args.file.as_deref();
    refuse_two_stdins(key_path, message_path)?;
    if args.passin == Some(PassSource::Stdin) && message_path.is_none_or(|m| m.as_os_str() == "-") {
        return Err(CliError::Usage(
            "only one input can come from stdin; give the message as a FILE".to_owned(),
        ));
    }
    let key = load_private_key(key_path, args.passin.as_ref(), "key")?;
    let signer = SigningKey::new(key, &id)?;
    let message = read_input(message_path, "message")?;
    let signature = signer.sign_encoded(&message, form)?;
    write_output(args.out.as_deref(), &signature, Sensitivity::Public, true)
}

pub(crate) fn verify(args: &VerifyArgs, ctx: &Ctx) -> CmdResult {
    let id = distinguishing_id(args.id.as_deref())?;
    let form = args.form.format();
    let pub_path = args.public.as_path();
    let sig_path = args.sig.as_path();
    let message_path = args.file.as_deref();
    refuse_two_stdins(pub_path, message_path)?;
    refuse_two_stdins(sig_path, message_path)?;
    if pub_path.as_os_str() == "-" && sig_path.as_os_str() == "-" {
        return Err(CliError::Usage(
            "--pub and --sig cannot both be stdin".to_owned(),
        ));
    }
    let pub_bytes = read_input(Some(pub_path), "public key")?;
    let signature = read_input(Some(sig_path), "signature")?;
    let message = read_input(message_path, "message")?;
    let result = PublicKey::decode(&pub_bytes)
        .and_then(|public| VerifyingKey::new(public, &id))
        .and_then(|verifier| verifier.verify_encoded(&message, &signature, form));
    match result {
        Ok(()) => ctx.print_ok(),
        Err(e) => Err(CliError::Fail(e.into())),
    }
}

// stdin can be read once: a key or signature from `-` needs the message in a file.
fn refuse_two_stdins(option: &Path, message: Option<&Path>) -> CmdResult {
    if option.as_os_str() == "-" && message.is_none_or(|m| m.as_os_str() == "-") {
        return Err(CliError::Usage(
            "only one input can come from stdin; give the message as a FILE".to_owned(),
        ));
    }
    Ok(())
}
