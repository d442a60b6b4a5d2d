//! QR text into `Verifier::verify` over the shared vectors' bundle, at the vectors' time
//! and at a time taken from the input: a verdict for every input, consistent, and never
//! `Internal`.
#![no_main]

use govcred::ErrorCode;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let f = govcred_fuzz::fixture();
    // The first 8 bytes, when the input is long enough and not text, offset the clock.
    let (now, text) = match data.split_first_chunk::<8>() {
        Some((t, rest)) if data[0] == 0xff => (
            govcred_fuzz::NOW.wrapping_add(i64::from_be_bytes(*t) >> 8),
            rest,
        ),
        _ => (govcred_fuzz::NOW, data),
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let verdict = f.verifier.verify(text, now);
    assert_eq!(verdict.passed, verdict.code == ErrorCode::Ok);
    assert_ne!(verdict.code, ErrorCode::Internal);
    assert_eq!(verdict.credential.is_some(), verdict.issuer.is_some());
    let _ = verdict.to_json();
    if verdict.passed {
        // Whatever passes decodes, and the unverified reading sees the same credential.
        let inspection = govcred::inspect(text).expect("a passing QR inspects");
        assert_eq!(inspection.credential, verdict.credential);
    }
});
