//! The strict CBOR decoder: total on any input, and an accepted item re-encodes to exactly
//! the bytes it was read from (definite lengths, shortest heads and floats, keys in the
//! order given).
#![no_main]

use govcred::internal::cbor;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(value) = cbor::decode(data) {
        assert_eq!(
            cbor::encode(&value),
            data,
            "accepted CBOR does not re-encode to itself"
        );
    }
});
