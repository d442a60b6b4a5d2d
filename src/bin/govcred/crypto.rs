//! SM3 digests, SM2 keys, signing and verification.

use std::ffi::OsStr;
use std::io::Read;

use govcred::sm2::{DEFAULT_ID, PrivateKey, PublicKey, SignatureFormat, SigningKey, VerifyingKey};
use zeroize::Zeroizing;

use crate::args::{Args, Spec};
use crate::common::{
    CliError, CmdResult, Command, Sensitivity, arg_bytes, open_input, read_input, write_output,
    write_stdout,
};

pub const SM3: Command = Command {
    name: "sm3",
    summary: "print the SM3 digest of a file or stdin",
    usage: "govcred sm3 [FILE|-]\n\n\
            Prints the SM3 (GB/T 32905) digest of FILE, or of stdin, as lowercase hex.",
    spec: Spec {
        valued: &[],
        flags: &[],
        repeated: &[],
        max_positionals: 1,
    },
    run: sm3,
};

pub const KEY_GENERATE: Command = Command {
    name: "key generate",
    summary: "generate an SM2 private key (PKCS#8 PEM)",
    usage: "govcred key generate [--out FILE]\n\n\
            Writes a new SM2 private key as PKCS#8 PEM to FILE (created with mode 0600)\n\
            or to stdout.",
    spec: Spec {
        valued: &["out"],
        flags: &[],
        repeated: &[],
        max_positionals: 0,
    },
    run: key_generate,
};

pub const KEY_PUBLIC: Command = Command {
    name: "key public",
    summary: "write the public key of a private key",
    usage: "govcred key public --in KEY [--form pem|der|hex|hex-compressed] [--out FILE]\n\n\
            KEY is a private key (PKCS#8 or SEC1, PEM or DER, or hex) or a public key;\n\
            its form is recognised from its contents. The public key is written as\n\
            SubjectPublicKeyInfo PEM (default) or DER, or as hex of 04||X||Y or 02/03||X.",
    spec: Spec {
        valued: &["in", "form", "out"],
        flags: &[],
        repeated: &[],
        max_positionals: 0,
    },
    run: key_public,
};

pub const SIGN: Command = Command {
    name: "sign",
    summary: "sign a file or stdin with SM2",
    usage: "govcred sign --key KEY [--id ID] [--form der|raw] [--out FILE] [FILE|-]\n\n\
            Signs FILE (or stdin) with SM2-SM3: e = SM3(Z_A || M), deterministic k\n\
            (RFC 6979). ID defaults to 1234567812345678 (GM/T 0009). The signature is\n\
            DER SEQUENCE{r, s} (default) or raw 64-byte r||s, written to FILE or stdout.",
    spec: Spec {
        valued: &["key", "id", "form", "out"],
        flags: &[],
        repeated: &[],
        max_positionals: 1,
    },
    run: sign,
};

pub const VERIFY: Command = Command {
    name: "verify",
    summary: "verify an SM2 signature",
    usage: "govcred verify --pub PUB [--id ID] [--form der|raw] --sig SIGFILE [FILE|-]\n\n\
            Verifies the signature in SIGFILE over FILE (or stdin). PUB is a public key\n\
            (SubjectPublicKeyInfo PEM or DER, SEC1 bytes or hex). Prints OK and exits 0\n\
            when valid; prints FAIL <code> <message> and exits 1 when not.",
    spec: Spec {
        valued: &["pub", "id", "form", "sig"],
        flags: &[],
        repeated: &[],
        max_positionals: 1,
    },
    run: verify,
};

fn sm3(args: &Args) -> CmdResult {
    let mut input = open_input(args.positional(), "input")?;
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

fn key_generate(args: &Args) -> CmdResult {
    let key = PrivateKey::generate()?;
    let pem = key.to_pkcs8_pem()?;
    write_output(args.value("out"), pem.as_bytes(), Sensitivity::Secret)
}

fn key_public(args: &Args) -> CmdResult {
    let form = args
        .choice("form", &["pem", "der", "hex", "hex-compressed"], "pem")
        .map_err(CliError::Usage)?;
    let path = args.required("in").map_err(CliError::Usage)?;
    let input = Zeroizing::new(read_input(Some(path), "key")?);
    let public = match PrivateKey::decode(&input) {
        Ok(key) => *key.public_key(),
        // A public key converts to another form; otherwise the private key error stands.
        Err(e) => PublicKey::decode(&input).map_err(|_| e)?,
    };
    let out = match form {
        "der" => public.to_spki_der(),
        "hex" => format!(
            "{}\n",
            govcred::internal::hex::encode(&public.to_uncompressed())
        )
        .into_bytes(),
        "hex-compressed" => format!(
            "{}\n",
            govcred::internal::hex::encode(&public.to_compressed())
        )
        .into_bytes(),
        _ => public.to_spki_pem().into_bytes(),
    };
    write_output(args.value("out"), &out, Sensitivity::Public)
}

fn id_and_form(args: &Args) -> Result<(Vec<u8>, SignatureFormat), CliError> {
    let id = match args.value("id") {
        Some(v) => arg_bytes(v)?,
        None => DEFAULT_ID.to_vec(),
    };
    let form = match args
        .choice("form", &["der", "raw"], "der")
        .map_err(CliError::Usage)?
    {
        "raw" => SignatureFormat::Raw,
        _ => SignatureFormat::Der,
    };
    Ok((id, form))
}

fn sign(args: &Args) -> CmdResult {
    let (id, form) = id_and_form(args)?;
    let key_path = args.required("key").map_err(CliError::Usage)?;
    let message_path = args.positional();
    refuse_two_stdins(key_path, message_path)?;
    let key = PrivateKey::decode(&Zeroizing::new(read_input(Some(key_path), "key")?))?;
    let signer = SigningKey::new(key, &id)?;
    let message = read_input(message_path, "message")?;
    let signature = signer.sign_encoded(&message, form)?;
    write_output(args.value("out"), &signature, Sensitivity::Public)
}

fn verify(args: &Args) -> CmdResult {
    let (id, form) = id_and_form(args)?;
    let pub_path = args.required("pub").map_err(CliError::Usage)?;
    let sig_path = args.required("sig").map_err(CliError::Usage)?;
    let message_path = args.positional();
    refuse_two_stdins(pub_path, message_path)?;
    refuse_two_stdins(sig_path, message_path)?;
    if pub_path == "-" && sig_path == "-" {
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
        Ok(()) => write_stdout(b"OK\n"),
        Err(e) => Err(CliError::Fail(e.into())),
    }
}

// stdin can be read once: a key or signature from `-` needs the message in a file.
fn refuse_two_stdins(option: &OsStr, message: Option<&OsStr>) -> CmdResult {
    if option == "-" && message.is_none_or(|m| m == "-") {
        return Err(CliError::Usage(
            "only one input can come from stdin; give the message as a FILE".to_owned(),
        ));
    }
    Ok(())
}
