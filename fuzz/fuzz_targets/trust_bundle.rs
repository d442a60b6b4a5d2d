//! Trust bundle loading from bytes: total; a bundle that loads gives a verifier.
#![no_main]

use govcred::TrustBundle;
use govcred::verify::{Policy, Verifier};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let f = govcred_fuzz::fixture();
    if let Ok(bundle) = TrustBundle::load(data, &f.roots) {
        govcred_fuzz::check_loaded(&bundle);
        let _ = Verifier::new(bundle, Policy::default());
    }
    let _ = Verifier::from_bundle_bytes(data, &f.roots, Policy::default());
});
