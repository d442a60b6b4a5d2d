//! SM2 X.509 certificates: DER/PEM decoding (one and all), every accessor, and chain
//! verification of what decodes against the govcred test root, at a fixed time.
#![no_main]

use std::sync::OnceLock;

use govcred::x509::{CertVerifier, Certificate, KeyPurpose};
use libfuzzer_sys::fuzz_target;

fn verifier() -> &'static (Certificate, CertVerifier) {
    static V: OnceLock<(Certificate, CertVerifier)> = OnceLock::new();
    V.get_or_init(|| {
        let root = Certificate::decode(include_bytes!(
            "../../tests/vectors/x509/govcred/openssl-root.pem"
        ))
        .expect("test root");
        (
            root.clone(),
            CertVerifier::new(vec![root]).expect("verifier"),
        )
    })
}

fuzz_target!(|data: &[u8]| {
    let _ = Certificate::decode_all(data);
    let Ok(cert) = Certificate::decode(data) else {
        return;
    };
    // What decoded re-decodes from its own DER, to the same certificate.
    let again = Certificate::from_der(cert.to_der()).expect("own DER re-decodes");
    assert_eq!(again.to_der(), cert.to_der());
    let _ = (
        cert.subject(),
        cert.issuer(),
        cert.serial(),
        cert.version(),
        cert.not_before(),
        cert.not_after(),
        cert.subject_key_id(),
        cert.authority_key_id(),
        cert.key_usage(),
        cert.extended_key_usage(),
        cert.is_ca(),
        cert.path_len(),
        cert.is_self_issued(),
        cert.unknown_critical_extension(),
        cert.public_key(),
        cert.to_pem(),
    );
    let (root, verifier) = verifier();
    let _ = cert.verify_signed_by(root);
    let _ = cert.verify_signed_by(&cert);
    for purpose in [KeyPurpose::Signing, KeyPurpose::Any] {
        let _ = verifier.verify(&cert, std::slice::from_ref(&cert), 1_767_225_600, purpose);
    }
});
