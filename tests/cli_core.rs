//! The `govcred` binary: output formats, exit codes 0/1/2, the shared vectors through the
//! CLI, and a round trip with the `openssl` CLI.

mod common;

use std::ffi::OsStr;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{TempDir, run_openssl};
use govcred::sm2::{DEFAULT_ID, PrivateKey, PublicKey, Signature, SignatureFormat, VerifyingKey};

const BIN: &str = env!("CARGO_BIN_EXE_govcred");

fn govcred(args: &[&OsStr]) -> Output {
    let out = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run govcred");
    no_panic(&out);
    out
}

fn govcred_stdin(args: &[&OsStr], input: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run govcred");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    no_panic(&out);
    out
}

fn no_panic(out: &Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "govcred panicked: {stderr}");
    assert_ne!(out.status.code(), Some(101), "panic exit status: {stderr}");
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exit status")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn vector_b_file(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!(
        "tests/vectors/sm2/valid-openssl-gbt32918-5-{name}.pem"
    ))
}

#[test]
fn help_and_version() {
    let out = govcred(os_args!["--help"]);
    assert_eq!(code(&out), 0);
    for cmd in ["sm3", "key generate", "key public", "sign", "verify"] {
        assert!(stdout(&out).contains(cmd), "help lists {cmd}");
    }
    let out = govcred(os_args!["--version"]);
    assert_eq!(code(&out), 0);
    assert_eq!(
        stdout(&out),
        format!("govcred {}\n", env!("CARGO_PKG_VERSION"))
    );
    let out = govcred(os_args!["verify", "--help"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("--sig SIGFILE"));
}

#[test]
fn usage_errors_exit_2() {
    let dir = TempDir::new("cli-usage");
    let msg = dir.write("m", b"x");
    let missing = dir.file("missing");
    let no_dir = dir.file("no/such/dir/k.pem");
    let cases: Vec<Vec<&OsStr>> = vec![
        vec![],
        os_args!["frobnicate"].to_vec(),
        os_args!["key"].to_vec(),
        os_args!["sign", "--nope"].to_vec(),
        os_args!["sign", msg].to_vec(),
        os_args!["sign", "--key"].to_vec(),
        os_args!["verify", "--pub", msg, msg].to_vec(),
        os_args!["verify", "--pub", msg, "--sig", msg, "--form", "pem", msg].to_vec(),
        os_args!["key", "public", "--in", msg, "--form", "base64"].to_vec(),
        os_args!["sm3", msg, msg].to_vec(),
        os_args!["sm3", missing].to_vec(),
        os_args!["sign", "--key", missing, msg].to_vec(),
        os_args!["verify", "--pub", missing, "--sig", msg, msg].to_vec(),
        os_args!["verify", "--pub", msg, "--sig", missing, msg].to_vec(),
        os_args!["verify", "--pub", msg, "--sig", msg, missing].to_vec(),
        os_args!["key", "public", "--in", missing].to_vec(),
        os_args!["key", "generate", "--out", no_dir].to_vec(),
        os_args!["sign", "--key", "-"].to_vec(),
        os_args!["sign", "--key", msg, "--id", "a", "--id", "b", msg].to_vec(),
    ];
    for args in cases {
        let out = govcred(&args);
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).is_empty(), "{args:?} explains itself");
        assert!(!stdout(&out).starts_with("OK"));
    }
}

#[test]
fn sm3_file_and_stdin() {
    let cases = common::parse_cases(&common::vector_file("sm3/valid-gbt32905.txt"));
    let dir = TempDir::new("cli-sm3");
    for case in &cases {
        let want = format!("{}\n", govcred::internal::hex::encode(case.bytes("digest")));
        let file = dir.write("m", case.bytes("msg"));
        let out = govcred(os_args!["sm3", file]);
        assert_eq!(
            (code(&out), stdout(&out)),
            (0, want.clone()),
            "{}",
            case.name
        );
        let out = govcred_stdin(os_args!["sm3"], case.bytes("msg"));
        assert_eq!(
            (code(&out), stdout(&out)),
            (0, want.clone()),
            "{}",
            case.name
        );
        let out = govcred_stdin(os_args!["sm3", "-"], case.bytes("msg"));
        assert_eq!(stdout(&out), want, "{}", case.name);
    }
    // Streaming over a file larger than the read buffer.
    let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let file = dir.write("big", &big);
    let out = govcred(os_args!["sm3", file]);
    assert_eq!(
        stdout(&out),
        format!(
            "{}\n",
            govcred::internal::hex::encode(&govcred::sm3::sm3(&big))
        )
    );
}

#[test]
fn key_generate_and_public_forms() {
    let dir = TempDir::new("cli-keys");
    let key_file = dir.file("k.pem");
    let out = govcred(os_args!["key", "generate", "--out", key_file]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "private key readable by others: {mode:o}");
    }
    let pem = std::fs::read(&key_file).expect("key");
    assert!(pem.starts_with(b"-----BEGIN PRIVATE KEY-----"));
    let key = PrivateKey::decode(&pem).expect("generated key loads");
    let public = key.public_key();

    let stdout_key = govcred(os_args!["key", "generate"]);
    assert_eq!(code(&stdout_key), 0);
    let other = PrivateKey::decode(&stdout_key.stdout).expect("stdout key");
    assert_ne!(other.public_key(), public, "two generated keys differ");

    let expected: [(&str, Vec<u8>); 4] = [
        ("pem", public.to_spki_pem().into_bytes()),
        ("der", public.to_spki_der()),
        (
            "hex",
            format!(
                "{}\n",
                govcred::internal::hex::encode(&public.to_uncompressed())
            )
            .into_bytes(),
        ),
        (
            "hex-compressed",
            format!(
                "{}\n",
                govcred::internal::hex::encode(&public.to_compressed())
            )
            .into_bytes(),
        ),
    ];
    for (form, want) in &expected {
        let out = govcred(os_args!["key", "public", "--in", key_file, "--form", form]);
        assert_eq!(code(&out), 0, "{form}: {}", stderr(&out));
        assert_eq!(&out.stdout, want, "{form}");
        // Every form written is accepted back, as a public key and by `key public` itself.
        assert_eq!(&PublicKey::decode(&out.stdout).expect(form), public);
        let again = dir.write("pub", &out.stdout);
        let out = govcred(os_args!["key", "public", "--in", again]);
        assert_eq!(
            out.stdout,
            public.to_spki_pem().into_bytes(),
            "{form} again"
        );
    }
    let out_file = dir.file("pub.der");
    let out = govcred(os_args![
        "key", "public", "--in", key_file, "--form", "der", "--out", out_file
    ]);
    assert_eq!((code(&out), out.stdout.len()), (0, 0));
    assert_eq!(std::fs::read(&out_file).expect("der"), public.to_spki_der());
    // The key from stdin.
    let out = govcred_stdin(
        os_args!["key", "public", "--in", "-", "--form", "hex"],
        &pem,
    );
    assert_eq!(out.stdout, expected[2].1);
}

#[test]
fn sign_and_verify_exit_codes() {
    let dir = TempDir::new("cli-sign");
    let key = dir.file("k.pem");
    assert_eq!(code(&govcred(os_args!["key", "generate", "--out", key])), 0);
    let public = dir.write(
        "p.pem",
        &govcred(os_args!["key", "public", "--in", key]).stdout,
    );
    let msg = dir.write("m", "电子证照 test message".as_bytes());
    let other = dir.write("m2", "电子证照 test messagf".as_bytes());
    let garbage = dir.write("garbage", b"\x01\x02 not a key");

    for (id, form) in [
        (None, "der"),
        (Some("govcred@example.cn"), "der"),
        (Some(""), "raw"),
        (Some("1234567812345678"), "raw"),
    ] {
        let sig = dir.file(&format!("sig-{form}-{}", id.unwrap_or("default")));
        let mut sign_args: Vec<&OsStr> =
            os_args!["sign", "--key", key, "--form", form, "--out", sig].to_vec();
        let mut verify_args: Vec<&OsStr> =
            os_args!["verify", "--pub", public, "--form", form, "--sig", sig].to_vec();
        if let Some(id) = id {
            sign_args.extend([OsStr::new("--id"), OsStr::new(id)]);
            verify_args.extend([OsStr::new("--id"), OsStr::new(id)]);
        }
        sign_args.push(msg.as_os_str());
        let out = govcred(&sign_args);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let sig_bytes = std::fs::read(&sig).expect("sig");
        let parsed = match form {
            "raw" => {
                assert_eq!(sig_bytes.len(), 64);
                Signature::from_raw(&sig_bytes)
            }
            _ => Signature::from_der(&sig_bytes),
        }
        .expect("signature parses");
        // The library agrees with the CLI.
        let pk = PublicKey::decode(&std::fs::read(&public).expect("pub")).expect("pub");
        let id_bytes = id.map_or(DEFAULT_ID, str::as_bytes);
        VerifyingKey::new(pk, id_bytes)
            .expect("verifier")
            .verify(&std::fs::read(&msg).expect("msg"), &parsed)
            .expect("library verifies the CLI's signature");

        let mut ok = verify_args.clone();
        ok.push(msg.as_os_str());
        let out = govcred(&ok);
        assert_eq!((code(&out), stdout(&out)), (0, "OK\n".to_owned()));
        // The message from stdin.
        let out = govcred_stdin(&verify_args, &std::fs::read(&msg).expect("msg"));
        assert_eq!((code(&out), stdout(&out)), (0, "OK\n".to_owned()));

        let mut tampered = verify_args.clone();
        tampered.push(other.as_os_str());
        let out = govcred(&tampered);
        assert_eq!(
            (code(&out), stdout(&out)),
            (1, "FAIL 3004 signature invalid\n".to_owned())
        );
    }

    let sig = dir.file("sig-der-default");
    // Wrong ID, including OpenSSL's empty default.
    for id in ["", "1234567812345679"] {
        let out = govcred(os_args![
            "verify", "--pub", public, "--id", id, "--sig", sig, msg
        ]);
        assert_eq!(code(&out), 1);
        assert!(stdout(&out).starts_with("FAIL 3004 "), "{}", stdout(&out));
    }
    // DER read as raw, and a broken signature.
    let out = govcred(os_args![
        "verify", "--pub", public, "--form", "raw", "--sig", sig, msg
    ]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).starts_with("FAIL 3003 "), "{}", stdout(&out));
    let out = govcred(os_args!["verify", "--pub", public, "--sig", garbage, msg]);
    assert!(stdout(&out).starts_with("FAIL 3003 "), "{}", stdout(&out));
    // A public key that is not one.
    let out = govcred(os_args!["verify", "--pub", garbage, "--sig", sig, msg]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).starts_with("FAIL 3002 "), "{}", stdout(&out));
    let out = govcred(os_args!["verify", "--pub", key, "--sig", sig, msg]);
    assert!(stdout(&out).starts_with("FAIL 2010 "), "{}", stdout(&out));
    // A bad key when signing: exit 1 with the code on stderr, nothing on stdout.
    let out = govcred(os_args!["sign", "--key", garbage, msg]);
    assert_eq!((code(&out), out.stdout.len()), (1, 0));
    assert!(
        stderr(&out).contains("error 3001 BadPrivateKey"),
        "{}",
        stderr(&out)
    );
    // An ID over 8191 bytes.
    let long_id = "x".repeat(8192);
    let out = govcred(os_args!["sign", "--key", key, "--id", long_id, msg]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("error 3005 BadDistId"),
        "{}",
        stderr(&out)
    );
    let out = govcred(os_args![
        "verify", "--pub", public, "--id", long_id, "--sig", sig, msg
    ]);
    assert!(stdout(&out).starts_with("FAIL 3005 "), "{}", stdout(&out));
}

// Every verify case of the shared vector file gives the same code through the CLI.
#[test]
fn invalid_verify_vectors_through_cli() {
    let cases = common::parse_cases(&common::vector_file("sm2/invalid-cases.txt"));
    let dir = TempDir::new("cli-vectors");
    let b = std::fs::read(vector_b_file("spki")).expect("vector B key");
    let mut checked = 0;
    for case in cases.iter().filter(|c| c.text("op") == "verify") {
        let public = dir.write("pub", case.get("pub").unwrap_or(&b));
        let sig = dir.write("sig", case.bytes("sig"));
        let msg = dir.write("msg", case.get("msg").unwrap_or(b"message digest"));
        let id = case.get("id").unwrap_or(DEFAULT_ID);
        let id = std::str::from_utf8(id).expect("vector IDs are text");
        let out = govcred(os_args![
            "verify",
            "--pub",
            public,
            "--id",
            id,
            "--form",
            case.text("sig_form"),
            "--sig",
            sig,
            msg
        ]);
        let want = format!("FAIL {} ", case.expected_code().as_u32());
        assert_eq!(code(&out), 1, "{}", case.name);
        assert!(
            stdout(&out).starts_with(&want),
            "{}: {}",
            case.name,
            stdout(&out)
        );
        checked += 1;
    }
    assert!(checked >= 35, "{checked} verify cases");
    // And the control: vector B itself verifies through the CLI.
    let der = dir.write(
        "sig",
        &govcred::internal::hex::decode(concat!(
            "3046022100f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3",
            "022100b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa"
        ))
        .expect("hex"),
    );
    let msg = dir.write("msg", b"message digest");
    let out = govcred(os_args![
        "verify",
        "--pub",
        vector_b_file("spki"),
        "--sig",
        der,
        msg
    ]);
    assert_eq!((code(&out), stdout(&out)), (0, "OK\n".to_owned()));
}

#[test]
fn garbage_never_panics() {
    let dir = TempDir::new("cli-garbage");
    let inputs: [&[u8]; 6] = [
        b"",
        b"\x00",
        b"-----BEGIN PRIVATE KEY-----\n\xff\n-----END PRIVATE KEY-----\n",
        b"0\x81\xff",
        &[0x30; 300],
        b"\x04",
    ];
    for (i, input) in inputs.iter().enumerate() {
        let f = dir.write(&format!("g{i}"), input);
        for args in [
            os_args!["sign", "--key", f, f].to_vec(),
            os_args!["verify", "--pub", f, "--sig", f, f].to_vec(),
            os_args!["verify", "--pub", f, "--sig", f, "--form", "raw", f].to_vec(),
            os_args!["key", "public", "--in", f].to_vec(),
            os_args!["sm3", f].to_vec(),
        ] {
            let out = govcred(&args);
            assert!(matches!(code(&out), 0..=2), "{args:?}");
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        // An argument that is not UTF-8 is an unknown option or a file name, never a crash.
        let weird = OsStr::from_bytes(b"--\xff\xfe");
        assert_eq!(code(&govcred(&[OsStr::new("sign"), weird])), 2);
        assert_eq!(
            code(&govcred(&[OsStr::new("sm3"), OsStr::from_bytes(b"\xff")])),
            2
        );
    }
}

#[test]
fn openssl_round_trip_through_cli() {
    let Some(openssl) = common::openssl() else {
        return;
    };
    let dir = TempDir::new("cli-openssl");
    let osl_key = dir.file("osl.pem");
    let osl_sec1 = dir.file("osl.sec1.pem");
    run_openssl(
        &openssl,
        os_args!["genpkey", "-algorithm", "SM2", "-out", osl_key],
    );
    run_openssl(&openssl, os_args!["ec", "-in", osl_key, "-out", osl_sec1]);
    let osl_pub = dir.file("osl.pub.pem");
    run_openssl(
        &openssl,
        os_args!["pkey", "-in", osl_key, "-pubout", "-out", osl_pub],
    );
    let our_pub = dir.file("our.pub.pem");
    let out = govcred(os_args![
        "key", "public", "--in", osl_sec1, "--out", our_pub
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        std::fs::read(&our_pub).expect("ours"),
        std::fs::read(&osl_pub).expect("openssl's"),
        "govcred and openssl derive the same public key file"
    );
    let msg = dir.write("m", "统一社会信用代码 91310115591693856A".as_bytes());
    for id in ["1234567812345678", "govcred@example.cn"] {
        let distid = format!("distid:{id}");
        // OpenSSL signs, govcred verifies.
        let osl_sig = dir.file("osl.sig");
        run_openssl(
            &openssl,
            os_args![
                "pkeyutl", "-sign", "-rawin", "-digest", "sm3", "-pkeyopt", distid, "-inkey",
                osl_key, "-in", msg, "-out", osl_sig
            ],
        );
        let out = govcred(os_args![
            "verify", "--pub", osl_pub, "--id", id, "--sig", osl_sig, msg
        ]);
        assert_eq!((code(&out), stdout(&out)), (0, "OK\n".to_owned()), "{id}");
        // govcred signs with both OpenSSL key files, OpenSSL verifies.
        for key in [&osl_key, &osl_sec1] {
            let our_sig = dir.file("our.sig");
            let out = govcred(os_args![
                "sign", "--key", key, "--id", id, "--out", our_sig, msg
            ]);
            assert_eq!(code(&out), 0, "{}", stderr(&out));
            let verified = run_openssl(
                &openssl,
                os_args![
                    "pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pkeyopt", distid, "-pubin",
                    "-inkey", our_pub, "-in", msg, "-sigfile", our_sig
                ],
            );
            assert!(stdout(&verified).contains("Verified Successfully"));
        }
    }
    // Raw signatures are ours to convert: DER is what OpenSSL takes.
    let raw = dir.file("raw.sig");
    govcred(os_args![
        "sign", "--key", osl_key, "--form", "raw", "--out", raw, msg
    ]);
    let raw = std::fs::read(&raw).expect("raw");
    let sig = Signature::decode(&raw, SignatureFormat::Raw).expect("raw parses");
    let der = dir.write("der.sig", &sig.to_der());
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
            osl_pub,
            "-in",
            msg,
            "-sigfile",
            der
        ],
    );
    assert!(stdout(&verified).contains("Verified Successfully"));
}
