//! GB/T 35275 / PKCS#7 SignedData: `cms::verify` of fuzzed bytes, attached and detached
//! (over the shared content), with and without the signer certificate supplied, against the
//! test PKI's root at the vectors' time. What passes has a chain that starts at its signer
//! and ends at the root, and a JSON view.
#![no_main]

use std::sync::OnceLock;

use govcred::cms;
use govcred::x509::{CertVerifier, Certificate};
use libfuzzer_sys::fuzz_target;

/// tests/vectors/cms/cases.jsonl's `now`.
const NOW: i64 = 1_767_225_600;

struct Fixture {
    root: Certificate,
    signer: Vec<Certificate>,
    verifier: CertVerifier,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let root = Certificate::decode(include_bytes!("../../tests/vectors/x509/ok-root.pem"))
            .expect("test root");
        let signer = Certificate::decode_all(include_bytes!(
            "../../tests/vectors/x509/ok-signer.pem"
        ))
        .expect("test signer");
        Fixture {
            verifier: CertVerifier::new(vec![root.clone()]).expect("verifier"),
            root,
            signer,
        }
    })
}

const CONTENT: &[u8] = include_bytes!("../../tests/vectors/cms/content.txt");

fuzz_target!(|data: &[u8]| {
    // The first byte picks the form: detached over the shared content or attached, and
    // whether the signer's certificate comes from the caller.
    let Some((&mode, signature)) = data.split_first() else {
        return;
    };
    let f = fixture();
    let content = (mode & 1 == 1).then_some(CONTENT);
    let extra: &[Certificate] = if mode & 2 == 2 { &f.signer } else { &[] };
    if let Ok(verdict) = cms::verify(signature, content, extra, &f.verifier, NOW) {
        assert_eq!(verdict.chain[0].to_der(), verdict.signer.to_der());
        let last = verdict.chain.last().expect("a chain");
        assert_eq!(last.to_der(), f.root.to_der());
        let _ = verdict.to_json();
    }
});
