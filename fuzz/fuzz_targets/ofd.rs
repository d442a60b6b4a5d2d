//! OFD packages (zip + XML + seals + signatures): `OfdVerifier::verify` and the package
//! reader on any bytes. The reader's limits are tightened so that any single allocation of
//! a megabyte (the malloc limit) means a limit was not applied before allocating.
#![no_main]

use std::sync::OnceLock;

use govcred::ofd::{Limits, OfdVerifier, Package};
use libfuzzer_sys::fuzz_target;

fn limits() -> Limits {
    Limits {
        max_package: 1 << 17,
        max_entries: 1_000,
        max_entry: 256 << 10,
        max_total: 2 << 20,
        max_ratio: 200,
        ratio_floor: 64 << 10,
        max_xml: 256 << 10,
        max_signatures: 16,
        max_references: 1_000,
    }
}

fn verifier() -> &'static OfdVerifier {
    static V: OnceLock<OfdVerifier> = OnceLock::new();
    V.get_or_init(|| {
        let mut v = OfdVerifier::new();
        for pem in [
            include_str!("../../tests/vectors/ofd/peer/certs/root.cert.pem"),
            include_str!("../../tests/vectors/ofd/ofdrw/keys/ofdrw-gm__ROOT.cert.pem"),
        ] {
            let der = govcred::x509::Certificate::decode(pem.as_bytes()).expect("root");
            v.add_root(der).expect("root");
        }
        v.set_limits(limits());
        v
    })
}

fuzz_target!(|data: &[u8]| {
    let verdict = verifier().verify(data, 1_767_225_600);
    assert_eq!(verdict.passed(), verdict.code == govcred::ErrorCode::Ok);
    if let Ok(package) = Package::open(data, limits()) {
        let names: Vec<String> = package.names().map(str::to_owned).collect();
        for name in names.iter().take(8) {
            if let Ok(bytes) = package.read(name, 64 << 10) {
                assert!(bytes.len() <= 64 << 10);
                let _ = govcred::ofd::xml::parse(&bytes, "entry");
            }
            let _ = package.sm3(name);
        }
    }
});
