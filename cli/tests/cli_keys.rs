//! Key files done safely: no overwrite without --force, mode 0600, encrypted PKCS#8 written
//! by `key generate --encrypt` and read with `--passin`, both ways with OpenSSL.

#[path = "../../tests/common/mod.rs"]
mod common;

use std::process::{Command, Output};

use common::{TempDir, run_openssl};

const BIN: &str = env!("CARGO_BIN_EXE_govcred");

fn govcred(args: &[&std::ffi::OsStr], env: &[(&str, &str)]) -> Output {
    let out = Command::new(BIN)
        .args(args)
        .envs(env.iter().copied())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run govcred");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    out
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).expect("meta").permissions().mode() & 0o777
}

#[test]
fn out_never_overwrites_without_force_and_is_0600() {
    let dir = TempDir::new("cli-keys-safe");
    let key = dir.write("k.pem", b"precious");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    let out = govcred(os_args!["key", "generate", "--out", key], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read(&key).expect("kept"), b"precious");
    let out = govcred(os_args!["key", "generate", "--out", key, "--force"], &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&key)
            .expect("key")
            .starts_with("-----BEGIN PRIVATE KEY")
    );
    #[cfg(unix)]
    assert_eq!(mode(&key), 0o600, "a replaced key file is 0600");
    let fresh = dir.file("new.pem");
    govcred(os_args!["key", "generate", "--out", fresh], &[]);
    #[cfg(unix)]
    assert_eq!(mode(&fresh), 0o600);
    // With --json the refusal is one object.
    let out = govcred(os_args!["--json", "key", "generate", "--out", fresh], &[]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        (out.status.code(), &v["code_name"]),
        (Some(2), &"InvalidArgument".into())
    );
}

#[test]
fn encrypted_keys_both_ways() {
    let dir = TempDir::new("cli-keys-enc");
    let pass = dir.write("pass.txt", b"s3cret passphrase\n");
    let pass_arg = format!("file:{}", pass.display());
    let enc = dir.file("enc.pem");
    let out = govcred(
        os_args![
            "key",
            "generate",
            "--encrypt",
            "--passout",
            "env:GOVCRED_PASS",
            "--out",
            enc
        ],
        &[("GOVCRED_PASS", "s3cret passphrase")],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&enc).expect("enc");
    assert!(
        text.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"),
        "{text}"
    );
    // Without a passphrase: a usage error that says what to give; a wrong one: 3001.
    let out = govcred(os_args!["key", "public", "--in", enc], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--passin"));
    let out = govcred(
        os_args!["key", "public", "--in", enc, "--passin", "env:P"],
        &[("P", "wrong")],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("3001"));
    let ours = govcred(
        os_args!["key", "public", "--in", enc, "--passin", pass_arg],
        &[],
    );
    assert_eq!(ours.status.code(), Some(0));
    // Signing with it works, and the signature verifies.
    let msg = dir.write("m", b"message");
    let sig = dir.file("sig");
    let public = dir.write("pub.pem", &ours.stdout);
    let out = govcred(
        os_args![
            "sign", "--key", enc, "--passin", pass_arg, "--out", sig, msg
        ],
        &[],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = govcred(os_args!["verify", "--pub", public, "--sig", sig, msg], &[]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "OK\n");

    let Some(openssl) = common::openssl() else {
        return;
    };
    // OpenSSL reads ours.
    let osl_pub = dir.file("osl-from-ours.pub.pem");
    run_openssl(
        &openssl,
        os_args![
            "pkey", "-in", enc, "-passin", pass_arg, "-pubout", "-out", osl_pub
        ],
    );
    assert_eq!(std::fs::read(&osl_pub).expect("pub"), ours.stdout);
    // We read OpenSSL's: genpkey -aes256, and pkcs8 -topk8 -v2 aes-256-cbc (PBKDF2).
    let plain = dir.file("osl.pem");
    run_openssl(
        &openssl,
        os_args!["genpkey", "-algorithm", "SM2", "-out", plain],
    );
    let genpkey_enc = dir.file("osl-genpkey.pem");
    run_openssl(
        &openssl,
        os_args![
            "genpkey",
            "-algorithm",
            "SM2",
            "-aes256",
            "-pass",
            pass_arg,
            "-out",
            genpkey_enc
        ],
    );
    let topk8 = dir.file("osl-topk8.pem");
    run_openssl(
        &openssl,
        os_args![
            "pkcs8",
            "-topk8",
            "-v2",
            "aes-256-cbc",
            "-in",
            plain,
            "-passout",
            pass_arg,
            "-out",
            topk8
        ],
    );
    let topk8_der = dir.file("osl-topk8.der");
    run_openssl(
        &openssl,
        os_args![
            "pkcs8",
            "-topk8",
            "-v2",
            "aes-128-cbc",
            "-in",
            plain,
            "-passout",
            pass_arg,
            "-outform",
            "DER",
            "-out",
            topk8_der
        ],
    );
    let scrypt = dir.file("osl-scrypt.pem");
    run_openssl(
        &openssl,
        os_args![
            "pkcs8", "-topk8", "-scrypt", "-in", plain, "-passout", pass_arg, "-out", scrypt
        ],
    );
    let want = run_openssl(&openssl, os_args!["pkey", "-in", plain, "-pubout"]).stdout;
    for file in [&topk8, &topk8_der, &scrypt] {
        let out = govcred(
            os_args!["key", "public", "--in", file, "--passin", pass_arg],
            &[],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.stdout, want, "{}", file.display());
    }
    let want = run_openssl(
        &openssl,
        os_args!["pkey", "-in", genpkey_enc, "-passin", pass_arg, "-pubout"],
    )
    .stdout;
    let out = govcred(
        os_args!["key", "public", "--in", genpkey_enc, "--passin", pass_arg],
        &[],
    );
    assert_eq!(out.stdout, want, "{}", String::from_utf8_lossy(&out.stderr));
    // SM4-CBC, which OpenSSL can write here: refused with a code (no SM4 in PBES2 here).
    let sm4 = dir.file("osl-sm4.pem");
    let made = Command::new(&openssl)
        .args(["pkcs8", "-topk8", "-v2", "sm4-cbc", "-passout"])
        .arg(&pass_arg)
        .arg("-in")
        .arg(&plain)
        .arg("-out")
        .arg(&sm4)
        .output()
        .expect("openssl");
    if made.status.success() {
        let out = govcred(
            os_args!["key", "public", "--in", sm4, "--passin", pass_arg],
            &[],
        );
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stderr).contains("3001"));
    }
}
