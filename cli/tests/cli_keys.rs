//! Key files done safely: no overwrite without --force, mode 0600, encrypted PKCS#8 written
//! by `key generate --encrypt` and read with `--passin`, both ways with OpenSSL (AES-CBC and
//! SM4-CBC).

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
}

/// PBES2 with SM4-CBC, as `openssl pkcs8 -topk8 -v2 sm4-cbc` writes it (PBKDF2 with its
/// HMAC-SHA256 default, another PRF, and scrypt; PEM and DER): govcred signs with each and
/// OpenSSL verifies; a wrong passphrase or broken padding is 3001, as on the AES path.
#[test]
fn sm4_cbc_keys_from_openssl() {
    let Some(openssl) = common::openssl() else {
        return;
    };
    let dir = TempDir::new("cli-keys-sm4");
    let pass = dir.write("pass.txt", b"s3cret passphrase\n");
    let pass_arg = format!("file:{}", pass.display());
    let plain = dir.file("plain.pem");
    run_openssl(
        &openssl,
        os_args!["genpkey", "-algorithm", "SM2", "-out", plain],
    );
    let public = dir.file("pub.pem");
    run_openssl(
        &openssl,
        os_args!["pkey", "-in", plain, "-pubout", "-out", public],
    );
    let topk8 = |name: &str, extra: &[&str]| {
        let out = dir.file(name);
        let mut args = vec!["pkcs8", "-topk8", "-v2", "sm4-cbc"];
        args.extend_from_slice(extra);
        let made = Command::new(&openssl)
            .args(&args)
            .arg("-in")
            .arg(&plain)
            .arg("-passout")
            .arg(&pass_arg)
            .arg("-out")
            .arg(&out)
            .output()
            .expect("run openssl");
        assert!(
            made.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&made.stderr)
        );
        out
    };
    let pem = topk8("sm4.pem", &[]);
    let der = topk8("sm4.der", &["-outform", "DER"]);
    let sha512 = topk8("sm4-sha512.pem", &["-v2prf", "hmacWithSHA512"]);
    let scrypt = topk8("sm4-scrypt.der", &["-scrypt", "-outform", "DER"]);
    // The files are what this test is about: PBES2 naming sm4-cbc (1.2.156.10197.1.104.2).
    let text = std::fs::read_to_string(&pem).expect("pem");
    assert!(text.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    let parsed = run_openssl(&openssl, os_args!["asn1parse", "-in", pem]);
    let parsed = String::from_utf8_lossy(&parsed.stdout);
    assert!(
        parsed.contains("PBES2") && parsed.contains("sm4-cbc"),
        "{parsed}"
    );
    let parsed = run_openssl(
        &openssl,
        os_args!["asn1parse", "-inform", "DER", "-in", scrypt],
    );
    let parsed = String::from_utf8_lossy(&parsed.stdout);
    assert!(
        parsed.contains(":scrypt") && parsed.contains("sm4-cbc"),
        "{parsed}"
    );

    let want = std::fs::read(&public).expect("pub");
    let msg = dir.write("m", "统一社会信用代码 91310115591693856A".as_bytes());
    for key in [&pem, &der, &sha512, &scrypt] {
        let out = govcred(
            os_args!["key", "public", "--in", key, "--passin", pass_arg],
            &[],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            key.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.stdout, want, "{}", key.display());
        let sig = dir.file("sig");
        let _ = std::fs::remove_file(&sig);
        let out = govcred(
            os_args![
                "sign", "--key", key, "--passin", pass_arg, "--out", sig, msg
            ],
            &[],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            key.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let verified = run_openssl(
            &openssl,
            os_args![
                "pkeyutl",
                "-verify",
                "-rawin",
                "-digest",
                "sm3",
                "-pkeyopt",
                "distid:1234567812345678",
                "-pubin",
                "-inkey",
                public,
                "-in",
                msg,
                "-sigfile",
                sig
            ],
        );
        assert!(
            String::from_utf8_lossy(&verified.stdout).contains("Verified Successfully"),
            "{}",
            key.display()
        );
    }

    // Without --passin: the usage error that says what to give.
    let out = govcred(os_args!["key", "public", "--in", der], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--passin"));
    // A wrong passphrase: 3001, with the AES path's message.
    for key in [&pem, &der, &scrypt] {
        let out = govcred(
            os_args!["key", "public", "--in", key, "--passin", "env:P"],
            &[("P", "wrong")],
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{}: {err}", key.display());
        assert!(
            err.contains("3001") && err.contains("wrong passphrase"),
            "{err}"
        );
    }
    // Broken padding: the last byte of the next-to-last ciphertext block flipped makes the
    // padding byte of the last block above 16, whatever it was: 3001 as well.
    let mut bytes = std::fs::read(&der).expect("der");
    let at = bytes.len() - 17;
    bytes[at] ^= 0xff;
    let broken = dir.write("sm4-bad-padding.der", &bytes);
    let out = govcred(
        os_args!["key", "public", "--in", broken, "--passin", pass_arg],
        &[],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("3001"), "{err}");
}
