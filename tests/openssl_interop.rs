//! Interoperability with the OpenSSL 3 command line, both ways: keys, public keys and
//! signatures, with the default ID, a custom ID and a binary ID.
//!
//! OpenSSL signs and verifies with an EMPTY ID unless `distid:`/`hexdistid:` is given, so
//! every invocation below passes one. Without `openssl` the tests fail under CI and are
//! skipped (with a note) elsewhere.

mod common;

use std::path::{Path, PathBuf};

use common::{Rng, TempDir, run_openssl};
use govcred::ErrorCode;
use govcred::sm2::{DEFAULT_ID, PrivateKey, PublicKey, SignatureFormat, SigningKey, VerifyingKey};

/// Messages per direction; the floor the interop requirement sets is 200.
const MESSAGES: usize = 200;
/// Keys per direction; messages are spread over them (one key, many messages each).
const KEYS: usize = 4;

/// The IDs used in turn: the GM/T 0009 default, an ASCII ID (`distid:`), and a UTF-8 and a
/// binary ID (`hexdistid:`).
fn ids() -> [Vec<u8>; 4] {
    [
        DEFAULT_ID.to_vec(),
        b"govcred@example.cn".to_vec(),
        "电子证照-互认".as_bytes().to_vec(),
        vec![0x00, 0xff, 0x10, 0x80, 0x7f],
    ]
}

/// The `-pkeyopt`/`-sigopt` value that makes OpenSSL use `id`.
fn distid_opt(id: &[u8]) -> String {
    match std::str::from_utf8(id) {
        Ok(text) if id.iter().all(|b| b.is_ascii_graphic()) => format!("distid:{text}"),
        _ => format!("hexdistid:{}", govcred::internal::hex::encode(id)),
    }
}

fn random_message(rng: &mut Rng, i: usize) -> Vec<u8> {
    // Include the empty message and sizes around SM3's 64-byte block.
    let len = match i % 5 {
        0 => i % 3,
        1 => 55 + rng.below(20),
        _ => rng.below(3000),
    };
    rng.bytes(len)
}

struct OpensslKey {
    pkcs8_pem: PathBuf,
    pub_pem: PathBuf,
    pub_der: PathBuf,
}

fn openssl_genkey(openssl: &Path, dir: &TempDir, tag: &str) -> OpensslKey {
    let pkcs8_pem = dir.file(&format!("{tag}.pem"));
    let pub_pem = dir.file(&format!("{tag}.pub.pem"));
    let pub_der = dir.file(&format!("{tag}.pub.der"));
    run_openssl(
        openssl,
        os_args!["genpkey", "-algorithm", "SM2", "-out", pkcs8_pem],
    );
    run_openssl(
        openssl,
        os_args!["pkey", "-in", pkcs8_pem, "-pubout", "-out", pub_pem],
    );
    run_openssl(
        openssl,
        os_args![
            "pkey", "-in", pkcs8_pem, "-pubout", "-outform", "DER", "-out", pub_der
        ],
    );
    OpensslKey {
        pkcs8_pem,
        pub_pem,
        pub_der,
    }
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn openssl_keys_load_in_every_form() {
    let Some(openssl) = common::openssl() else {
        return;
    };
    let dir = TempDir::new("keys");
    let key = openssl_genkey(&openssl, &dir, "k");
    let sec1_pem = dir.file("k.sec1.pem");
    let sec1_der = dir.file("k.sec1.der");
    let pkcs8_der = dir.file("k.p8.der");
    let pub_compressed = dir.file("k.pubc.pem");
    let k = &key.pkcs8_pem;
    run_openssl(&openssl, os_args!["ec", "-in", k, "-out", sec1_pem]);
    run_openssl(
        &openssl,
        os_args!["pkey", "-in", k, "-outform", "DER", "-out", sec1_der],
    );
    run_openssl(
        &openssl,
        os_args![
            "pkcs8", "-topk8", "-nocrypt", "-in", k, "-outform", "DER", "-out", pkcs8_der
        ],
    );
    run_openssl(
        &openssl,
        os_args![
            "ec",
            "-in",
            k,
            "-pubout",
            "-conv_form",
            "compressed",
            "-out",
            pub_compressed
        ],
    );
    let text = run_openssl(&openssl, os_args!["pkey", "-in", k, "-text", "-noout"]).stdout;
    let text = String::from_utf8_lossy(&text);
    assert!(String::from_utf8_lossy(&read(&sec1_pem)).contains("BEGIN SM2 PRIVATE KEY"));

    let reference = PrivateKey::decode(&read(k)).expect("PKCS#8 PEM from genpkey");
    for path in [&sec1_pem, &sec1_der, &pkcs8_der] {
        let other =
            PrivateKey::decode(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(other.to_bytes(), reference.to_bytes(), "{}", path.display());
    }
    // `openssl pkey -text` prints the scalar as colon-separated hex: it must be ours.
    let priv_hex: String = text
        .split("priv:")
        .nth(1)
        .and_then(|t| t.split("pub:").next())
        .expect("priv: in openssl -text")
        .split_whitespace()
        .collect();
    let from_text = govcred::internal::hex::decode(&priv_hex).expect("hex");
    let from_text = &from_text[from_text.len() - 32..];
    assert_eq!(from_text, reference.to_bytes().as_slice());

    let public = reference.public_key();
    for path in [&key.pub_pem, &key.pub_der, &pub_compressed] {
        let other =
            PublicKey::decode(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(&other, public, "{}", path.display());
    }
    // Our encodings are OpenSSL's, byte for byte.
    assert_eq!(public.to_spki_pem().as_bytes(), read(&key.pub_pem));
    assert_eq!(public.to_spki_der(), read(&key.pub_der));
    assert_eq!(
        reference.to_pkcs8_der().expect("der").as_slice(),
        read(&pkcs8_der)
    );
}

#[test]
fn our_keys_load_in_openssl() {
    let Some(openssl) = common::openssl() else {
        return;
    };
    let dir = TempDir::new("ourkeys");
    let key = PrivateKey::generate().expect("key");
    let pem = dir.write("ours.pem", key.to_pkcs8_pem().expect("pem").as_bytes());
    let der = dir.write("ours.der", &key.to_pkcs8_der().expect("der"));
    let pub_pem = dir.write("ours.pub.pem", key.public_key().to_spki_pem().as_bytes());
    let pub_der = dir.write("ours.pub.der", &key.public_key().to_spki_der());
    let want = key.public_key().to_spki_pem().into_bytes();
    let outputs = [
        run_openssl(&openssl, os_args!["pkey", "-in", pem, "-pubout"]),
        run_openssl(
            &openssl,
            os_args!["pkey", "-inform", "DER", "-in", der, "-pubout"],
        ),
        run_openssl(
            &openssl,
            os_args!["pkey", "-pubin", "-in", pub_pem, "-pubout"],
        ),
        run_openssl(
            &openssl,
            os_args![
                "pkey", "-pubin", "-inform", "DER", "-in", pub_der, "-pubout"
            ],
        ),
    ];
    for out in outputs {
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&want)
        );
    }
    // OpenSSL sees the SM2 curve, not a generic EC key.
    let text = run_openssl(&openssl, os_args!["pkey", "-in", pem, "-text", "-noout"]).stdout;
    assert!(String::from_utf8_lossy(&text).contains("SM2"));
}

#[test]
fn openssl_signatures_verify_here() {
    let Some(openssl) = common::openssl() else {
        return;
    };
    let mut rng = Rng::from_env("openssl_signatures_verify_here");
    let dir = TempDir::new("osl-sign");
    let ids = ids();
    let mut verified = 0;
    for k in 0..KEYS {
        let key = openssl_genkey(&openssl, &dir, &format!("k{k}"));
        // Alternate the public key's form between the PEM and DER that OpenSSL wrote.
        let pub_file = if k % 2 == 0 {
            &key.pub_pem
        } else {
            &key.pub_der
        };
        let public = PublicKey::decode(&read(pub_file)).expect("openssl public key");
        let verifiers: Vec<VerifyingKey> = ids
            .iter()
            .map(|id| VerifyingKey::new(public, id).expect("verifier"))
            .collect();
        for i in 0..MESSAGES / KEYS {
            let which = (k + i) % ids.len();
            let id = &ids[which];
            let msg = random_message(&mut rng, i);
            let msg_file = dir.write("m", &msg);
            let sig_file = dir.file("s");
            let distid = distid_opt(id);
            // Both OpenSSL front ends: pkeyutl and dgst.
            if i % 2 == 0 {
                run_openssl(
                    &openssl,
                    os_args![
                        "pkeyutl",
                        "-sign",
                        "-rawin",
                        "-digest",
                        "sm3",
                        "-pkeyopt",
                        distid,
                        "-inkey",
                        key.pkcs8_pem,
                        "-in",
                        msg_file,
                        "-out",
                        sig_file
                    ],
                );
            } else {
                run_openssl(
                    &openssl,
                    os_args![
                        "dgst",
                        "-sm3",
                        "-sign",
                        key.pkcs8_pem,
                        "-sigopt",
                        distid,
                        "-out",
                        sig_file,
                        msg_file
                    ],
                );
            }
            let sig = read(&sig_file);
            verifiers[which]
                .verify_encoded(&msg, &sig, SignatureFormat::Der)
                .unwrap_or_else(|e| panic!("key {k} message {i} id {which}: {e}"));
            // The same signature under another ID (OpenSSL's empty default included) fails.
            let wrong = VerifyingKey::new(public, b"").expect("verifier");
            assert_eq!(
                wrong
                    .verify_encoded(&msg, &sig, SignatureFormat::Der)
                    .unwrap_err()
                    .code(),
                ErrorCode::SignatureInvalid
            );
            verified += 1;
        }
    }
    assert_eq!(verified, MESSAGES);
}

#[test]
fn our_signatures_verify_in_openssl() {
    let Some(openssl) = common::openssl() else {
        return;
    };
    let mut rng = Rng::from_env("our_signatures_verify_in_openssl");
    let dir = TempDir::new("our-sign");
    let ids = ids();
    let mut verified = 0;
    for k in 0..KEYS {
        let key = PrivateKey::generate().expect("key");
        let (pub_file, keyform) = if k % 2 == 0 {
            (
                dir.write("pub.pem", key.public_key().to_spki_pem().as_bytes()),
                "PEM",
            )
        } else {
            (dir.write("pub.der", &key.public_key().to_spki_der()), "DER")
        };
        let signers: Vec<SigningKey> = ids
            .iter()
            .map(|id| SigningKey::new(key.clone(), id).expect("signer"))
            .collect();
        for i in 0..MESSAGES / KEYS {
            let which = (k + i) % ids.len();
            let msg = random_message(&mut rng, i);
            let msg_file = dir.write("m", &msg);
            let sig = if i % 3 == 0 {
                signers[which].sign_randomized(&msg)
            } else {
                signers[which].sign(&msg)
            }
            .expect("sign");
            let sig_file = dir.write("s", &sig.to_der());
            let distid = distid_opt(&ids[which]);
            let out = std::process::Command::new(&openssl)
                .args(os_args![
                    "pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pkeyopt", distid, "-pubin",
                    "-keyform", keyform, "-inkey", pub_file, "-in", msg_file, "-sigfile", sig_file
                ])
                .output()
                .expect("spawn openssl");
            assert!(
                out.status.success(),
                "openssl rejected key {k} message {i} id {which}: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(String::from_utf8_lossy(&out.stdout).contains("Verified Successfully"));
            verified += 1;
        }
    }
    assert_eq!(verified, MESSAGES);
}

// OpenSSL must reject what it should, or the accepting runs above prove nothing: a
// signature made with the default ID fails without distid (the trap) and on a changed message.
#[test]
fn openssl_rejects_our_signature_under_wrong_id_or_message() {
    let Some(openssl) = common::openssl() else {
        return;
    };
    let dir = TempDir::new("our-neg");
    let key = PrivateKey::generate().expect("key");
    let signer = SigningKey::new(key.clone(), DEFAULT_ID).expect("signer");
    let pub_file = dir.write("pub.pem", key.public_key().to_spki_pem().as_bytes());
    let msg_file = dir.write("m", b"interop");
    let other_file = dir.write("m2", b"interoP");
    let sig_file = dir.write("s", &signer.sign(b"interop").expect("sign").to_der());
    let verify = |extra: &[&str], msg: &Path| {
        let mut cmd = std::process::Command::new(&openssl);
        cmd.args(["pkeyutl", "-verify", "-rawin", "-digest", "sm3"])
            .args(extra)
            .args(os_args![
                "-pubin", "-inkey", pub_file, "-in", msg, "-sigfile", sig_file
            ]);
        cmd.output().expect("spawn openssl").status.success()
    };
    let default = format!("distid:{}", std::str::from_utf8(DEFAULT_ID).expect("ascii"));
    assert!(verify(&["-pkeyopt", &default], &msg_file));
    assert!(
        !verify(&[], &msg_file),
        "OpenSSL's empty default ID must not match"
    );
    assert!(!verify(&["-pkeyopt", "distid:1234567812345679"], &msg_file));
    assert!(!verify(&["-pkeyopt", &default], &other_file));
}
