//! `decode` and `inspect` on any QR text: total, and consistent with each other.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let decoded = govcred::decode(text);
    let inspected = govcred::inspect(text);
    if let Ok(inspection) = &inspected {
        let (prefix, cose) = decoded
            .as_ref()
            .expect("inspect accepted what decode refused");
        assert_eq!(inspection.format, prefix.as_str());
        assert_eq!(inspection.kid, govcred::internal::hex::encode(cose.kid()));
        assert!(!inspection.verified);
        assert_eq!(
            inspection.credential.is_some(),
            inspection.credential_error.is_none()
        );
    }
    if let Err(e) = &decoded {
        assert_eq!(inspected.as_ref().err().map(|e| e.code()), Some(e.code()));
    }
});
