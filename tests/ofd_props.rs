//! Mutated OFD packages, XML and seals never panic: every input gives a verdict with a code.

mod ofd_common;

use govcred::ErrorCode;
use govcred::ofd::{OfdVerifier, locate};
use govcred::seal::{Leniencies, ses};
use ofd_common::{rezip, unzip, vector};
use proptest::prelude::*;

const BASE: &str = "peer/seal-v4.ofd";
const SV: &str = "Doc_0/Signs/Sign_0/SignedValue.dat";
const XML: &str = "Doc_0/Signs/Sign_0/Signature.xml";

fn mutate(mut bytes: Vec<u8>, edits: &[(usize, u8)], cut: Option<usize>) -> Vec<u8> {
    for &(i, b) in edits {
        if !bytes.is_empty() {
            let n = bytes.len();
            bytes[i % n] = b;
        }
    }
    if let Some(c) = cut {
        let n = bytes.len();
        bytes.truncate(c % (n + 1));
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn mutated_zip_bytes(edits in prop::collection::vec((any::<usize>(), any::<u8>()), 1..8), cut in prop::option::of(any::<usize>())) {
        let z = mutate(vector(BASE), &edits, cut);
        let v = OfdVerifier::new().verify(&z, 0);
        prop_assert!(v.code != ErrorCode::Ok);
    }

    #[test]
    fn mutated_seal(edits in prop::collection::vec((any::<usize>(), any::<u8>()), 1..8), cut in prop::option::of(any::<usize>())) {
        let files = unzip(&vector(BASE));
        let sv = mutate(files[SV].clone(), &edits, cut);
        let mut notes = Leniencies::default();
        let _ = ses::parse_signature(&sv, &mut notes);
        let _ = ses::parse_seal(&sv, &mut notes);
        let z = rezip(&vector(BASE), &[(SV, sv)]);
        let v = OfdVerifier::new().verify(&z, 0);
        prop_assert!(v.code != ErrorCode::Ok);
    }

    #[test]
    fn mutated_signature_xml(edits in prop::collection::vec((any::<usize>(), any::<u8>()), 1..8), cut in prop::option::of(any::<usize>())) {
        let files = unzip(&vector(BASE));
        let xml = mutate(files[XML].clone(), &edits, cut);
        let _ = locate::signature_xml(&xml, XML, 100);
        let z = rezip(&vector(BASE), &[(XML, xml)]);
        let v = OfdVerifier::new().verify(&z, 0);
        prop_assert!(v.code != ErrorCode::Ok);
    }

    #[test]
    fn arbitrary_der(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let mut notes = Leniencies::default();
        prop_assert!(ses::parse_signature(&bytes, &mut notes).is_err() || bytes.len() > 100);
        let _ = ses::parse_seal(&bytes, &mut notes);
        let _ = govcred::seal::read_sm2_signature(&bytes, &mut notes);
    }
}
