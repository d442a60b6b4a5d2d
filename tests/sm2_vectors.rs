//! SM2 text vectors: every malformed input in `invalid-cases.txt` yields its error code, and
//! the GB/T 32918.5 key as OpenSSL writes it loads and re-encodes byte for byte.

mod common;

use common::Case;
use govcred::sm2::{
    DEFAULT_ID, PrivateKey, PublicKey, Signature, SignatureFormat, SigningKey, VerifyingKey,
};
use govcred::{CryptoError, ErrorCode};

fn vector_b() -> Case {
    let text = common::vector_file("sm2/valid-gbt32918-5-recommended-curve.txt");
    // The standard's vector is a single headerless block; give it a name.
    let cases = common::parse_cases(&format!("case = vector-b\n{text}"));
    cases.into_iter().next().expect("vector B")
}

fn vector_b_public() -> Vec<u8> {
    let b = vector_b();
    [&[4u8][..], b.bytes("px"), b.bytes("py")].concat()
}

fn vector_b_der() -> Vec<u8> {
    let b = vector_b();
    let mut r = [0u8; 32];
    let mut s = [0u8; 32];
    r.copy_from_slice(b.bytes("r"));
    s.copy_from_slice(b.bytes("s"));
    Signature::from_scalars(r, s).to_der()
}

fn run_case(case: &Case) -> Result<(), CryptoError> {
    let b = vector_b();
    let field = |k: &str, default: &[u8]| case.get(k).unwrap_or(default).to_vec();
    match case.text("op") {
        "verify" => {
            let public = PublicKey::decode(&field("pub", &vector_b_public()))?;
            let verifier = VerifyingKey::new(public, &field("id", b.bytes("id")))?;
            let form = match case.text("sig_form") {
                "der" => SignatureFormat::Der,
                "raw" => SignatureFormat::Raw,
                other => panic!("case {}: sig_form {other}", case.name),
            };
            verifier.verify_encoded(&field("msg", b.bytes("msg")), case.bytes("sig"), form)
        }
        "public_key" => PublicKey::decode(case.bytes("input")).map(drop),
        "private_key" => PrivateKey::decode(case.bytes("input")).map(drop),
        "sign" => {
            let key = PrivateKey::decode(case.bytes("key"))?;
            SigningKey::new(key, case.bytes("id"))?
                .sign(case.bytes("msg"))
                .map(drop)
        }
        other => panic!("case {}: unknown op {other}", case.name),
    }
}

// The defaults the verify cases start from must themselves verify, or every
// SignatureInvalid case below would pass for the wrong reason.
#[test]
fn invalid_case_defaults_verify() {
    let b = vector_b();
    let verifier = VerifyingKey::new(
        PublicKey::decode(&vector_b_public()).expect("vector B key"),
        b.bytes("id"),
    )
    .expect("verifier");
    verifier
        .verify_encoded(b.bytes("msg"), &vector_b_der(), SignatureFormat::Der)
        .expect("vector B verifies");
    let raw = Signature::from_der(&vector_b_der()).expect("der").to_raw();
    verifier
        .verify_encoded(b.bytes("msg"), &raw, SignatureFormat::Raw)
        .expect("vector B raw verifies");
    assert_eq!(b.bytes("id"), DEFAULT_ID);
}

#[test]
fn invalid_cases_yield_their_codes() {
    let cases = common::parse_cases(&common::vector_file("sm2/invalid-cases.txt"));
    assert!(cases.len() >= 90, "only {} cases parsed", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let want = case.expected_code();
        assert_ne!(want, ErrorCode::Ok, "case {}", case.name);
        let got = std::panic::catch_unwind(|| run_case(case));
        match got {
            Err(_) => failures.push(format!("{}: panicked", case.name)),
            Ok(Ok(())) => failures.push(format!("{}: accepted, want {}", case.name, want.name())),
            Ok(Err(e)) if e.code() != want => failures.push(format!(
                "{}: got {} ({e}), want {}",
                case.name,
                e.code().name(),
                want.name()
            )),
            Ok(Err(_)) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn openssl_file(name: &str) -> String {
    common::vector_file(&format!("sm2/valid-openssl-gbt32918-5-{name}.pem"))
}

#[test]
fn openssl_written_keys_load() {
    let b = vector_b();
    let want_public = vector_b_public();
    for name in ["pkcs8", "sec1"] {
        let pem = openssl_file(name);
        for input in [pem.clone(), pem.replace('\n', "\r\n")] {
            let key = PrivateKey::decode(input.as_bytes()).expect(name);
            assert_eq!(key.to_bytes().as_slice(), b.bytes("d"), "{name}");
            assert_eq!(key.public_key().to_uncompressed().as_slice(), want_public);
        }
    }
    let spki = openssl_file("spki");
    let public = PublicKey::decode(spki.as_bytes()).expect("spki");
    assert_eq!(public.to_uncompressed().as_slice(), want_public);
    // A key file may carry other blocks first, as `openssl ecparam -genkey` writes them.
    let with_params = format!(
        "-----BEGIN EC PARAMETERS-----\nBggqgRzPVQGCLQ==\n-----END EC PARAMETERS-----\n{}",
        openssl_file("sec1")
    );
    let key = PrivateKey::decode(with_params.as_bytes()).expect("params then key");
    assert_eq!(key.to_bytes().as_slice(), b.bytes("d"));
}

// Canonical encodings: what we write is byte for byte what OpenSSL wrote.
#[test]
fn encodings_match_openssl_bytes() {
    let key = PrivateKey::decode(openssl_file("sec1").as_bytes()).expect("key");
    assert_eq!(key.public_key().to_spki_pem(), openssl_file("spki"));
    assert_eq!(
        key.to_pkcs8_pem().expect("pkcs8").as_str(),
        openssl_file("pkcs8")
    );
    let der = key.to_pkcs8_der().expect("der");
    assert_eq!(
        PrivateKey::decode(&der).expect("own DER").to_bytes(),
        key.to_bytes()
    );
    let spki_der = key.public_key().to_spki_der();
    assert_eq!(
        PublicKey::decode(&spki_der).expect("own SPKI"),
        *key.public_key()
    );
}

#[test]
fn every_public_key_form_decodes_to_the_same_key() {
    let public = PublicKey::decode(&vector_b_public()).expect("sec1");
    let hex_upper = govcred::internal::hex::encode(&public.to_uncompressed()).to_uppercase();
    let forms: Vec<Vec<u8>> = vec![
        public.to_uncompressed().to_vec(),
        public.to_compressed().to_vec(),
        public.to_spki_der(),
        public.to_spki_pem().into_bytes(),
        govcred::internal::hex::encode(&public.to_compressed()).into_bytes(),
        format!("{hex_upper}\n").into_bytes(),
    ];
    for form in forms {
        assert_eq!(PublicKey::decode(&form).expect("decodes"), public);
    }
    // Vector B's y is odd: the compressed form starts with 03 (standards.md).
    assert_eq!(public.to_compressed()[0], 3);
}

#[test]
fn every_private_key_form_decodes_to_the_same_key() {
    let b = vector_b();
    let key = PrivateKey::decode(b.bytes("d")).expect("raw");
    let forms: Vec<Vec<u8>> = vec![
        key.to_pkcs8_der().expect("der").to_vec(),
        key.to_pkcs8_pem().expect("pem").as_bytes().to_vec(),
        format!("{}\n", govcred::internal::hex::encode(key.to_bytes().as_slice())).into_bytes(),
        govcred::internal::hex::decode(
            "307702010104203945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8a00a06082a811ccf5501822da1440342000409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13",
        )
        .expect("sec1 hex"),
    ];
    for form in forms {
        let got = PrivateKey::decode(&form).expect("decodes");
        assert_eq!(got.to_bytes(), key.to_bytes());
    }
}

#[test]
fn private_key_range_edges() {
    let n_minus_2 = govcred::internal::hex::decode(
        "fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54121",
    )
    .expect("hex");
    let mut one = [0u8; 32];
    one[31] = 1;
    for d in [n_minus_2.as_slice(), &one] {
        let key = PrivateKey::from_bytes(d).expect("d in [1, n-2] is valid");
        let signer = SigningKey::new(key, DEFAULT_ID).expect("signer");
        let sig = signer.sign(b"edge").expect("sign");
        signer
            .verifying_key()
            .verify(b"edge", &sig)
            .expect("verify");
    }
}

#[test]
fn debug_output_hides_the_private_key() {
    let b = vector_b();
    let key = PrivateKey::decode(b.bytes("d")).expect("key");
    let d_hex = govcred::internal::hex::encode(b.bytes("d"));
    for text in [
        format!("{key:?}"),
        format!(
            "{:?}",
            SigningKey::new(key.clone(), DEFAULT_ID).expect("signer")
        ),
    ] {
        assert!(!text.to_lowercase().contains(&d_hex[..16]), "{text}");
    }
}
