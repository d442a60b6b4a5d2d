//! COSE_Sign1 decoding, and verification of what decodes against the shared root key
//! (the generic and the prepared verifier must agree).
#![no_main]

use std::sync::OnceLock;

use govcred::cose::CoseSign1;
use govcred::sm2::{PreparedVerifyingKey, TableSize, VerifyingKey};
use libfuzzer_sys::fuzz_target;

fn root() -> &'static (VerifyingKey, PreparedVerifyingKey) {
    static KEY: OnceLock<(VerifyingKey, PreparedVerifyingKey)> = OnceLock::new();
    KEY.get_or_init(|| {
        let key = govcred_fuzz::fixture().root_signer.verifying_key();
        let prepared = key.prepare(TableSize::Compact);
        (key, prepared)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(cose) = CoseSign1::decode(data) else {
        return;
    };
    let _ = (
        cose.kid(),
        cose.payload(),
        cose.protected_bytes(),
        cose.signature(),
    );
    let (generic, prepared) = root();
    assert_eq!(
        cose.verify(generic).is_ok(),
        cose.verify_prepared(prepared).is_ok(),
        "generic and prepared COSE verification disagree"
    );
});
