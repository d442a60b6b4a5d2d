//! Credential claims (a COSE payload) into a license or color code, both body labels,
//! through `govcred::internal::claims_decode`: total, no panic, bounded memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = govcred::internal::claims_decode(data);
});
