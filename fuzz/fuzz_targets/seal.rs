//! GB/T 38540 / GM/T 0031 electronic seals and seal signatures (SES v1 and v4) parsed
//! from DER as stored in an OFD: total, and what parses points inside the input.
#![no_main]

use govcred::seal::Leniencies;
use govcred::seal::ses::{parse_seal, parse_signature};
use libfuzzer_sys::fuzz_target;

fn inside(outer: &[u8], inner: &[u8]) -> bool {
    let (o, i) = (outer.as_ptr() as usize, inner.as_ptr() as usize);
    inner.is_empty() || (i >= o && i + inner.len() <= o + outer.len())
}

fuzz_target!(|data: &[u8]| {
    let mut notes = Leniencies::default();
    if let Ok(seal) = parse_seal(data, &mut notes) {
        assert!(inside(data, seal.maker_cert) && inside(data, seal.maker_signature));
    }
    let mut notes = Leniencies::default();
    if let Ok(sig) = parse_signature(data, &mut notes) {
        assert!(inside(data, sig.tbs_raw) && inside(data, sig.signature));
        assert!(inside(data, sig.data_hash) && inside(data, sig.signer_cert));
    }
    let mut notes = Leniencies::default();
    let _ = govcred::seal::read_sm2_signature(data, &mut notes);
});
