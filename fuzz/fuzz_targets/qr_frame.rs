//! The QR framing layer alone (prefix, whitespace, base45, bounded inflate) and the
//! bounded inflate on raw bytes, through `govcred::internal`: never more than the cap.
#![no_main]

use govcred::ErrorCode;
use govcred::codec::MAX_INFLATED;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(out) = govcred::internal::inflate(data) {
        assert!(out.len() <= MAX_INFLATED);
    }
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(cose) = govcred::internal::qr_frame_decode(text)
    {
        assert!(cose.len() <= MAX_INFLATED);
        // Framing accepted it, so the full decoder may only refuse what lies inside.
        if let Err(e) = govcred::decode(text) {
            assert!(
                !matches!(
                    e.code(),
                    ErrorCode::TooLarge
                        | ErrorCode::UnknownFormat
                        | ErrorCode::BadBase45
                        | ErrorCode::BadZlib
                        | ErrorCode::InflateTooLarge
                ),
                "decode refused at the framing layer what qr_frame_decode accepted: {:?}",
                e.code()
            );
        }
    }
});
