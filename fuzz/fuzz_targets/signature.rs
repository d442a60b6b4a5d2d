//! Signature decoding, DER and raw: total, strict (what decodes re-encodes to the same
//! bytes) and the two formats agree.
#![no_main]

use govcred::sm2::{Signature, SignatureFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(sig) = Signature::from_der(data) {
        assert_eq!(
            sig.to_der(),
            data,
            "DER signature is not in its one encoding"
        );
        assert_eq!(
            Signature::decode(data, SignatureFormat::Der).ok(),
            Some(sig)
        );
        assert_eq!(Signature::from_raw(&sig.to_raw()).ok(), Some(sig));
    }
    if let Ok(sig) = Signature::from_raw(data) {
        assert_eq!(sig.to_raw().as_slice(), data);
        assert_eq!(
            Signature::decode(data, SignatureFormat::Raw).ok(),
            Some(sig)
        );
        assert_eq!(Signature::from_der(&sig.to_der()).ok(), Some(sig));
        assert_eq!(Signature::from_scalars(*sig.r(), *sig.s()), sig);
    }
});
