//! SM3 against the standard's examples, and streaming against one-shot hashing.

mod common;

use govcred::sm3::{Sm3, sm3};
use proptest::prelude::*;

#[test]
fn gbt32905_vectors() {
    let cases = common::parse_cases(&common::vector_file("sm3/valid-gbt32905.txt"));
    assert_eq!(cases.len(), 3);
    for case in &cases {
        let msg = case.bytes("msg");
        let want = case.bytes("digest");
        assert_eq!(sm3(msg).as_slice(), want, "one-shot {}", case.name);
        let mut h = Sm3::new();
        for b in msg {
            h.update(std::slice::from_ref(b));
        }
        assert_eq!(h.finalize().as_slice(), want, "byte by byte {}", case.name);
    }
}

#[test]
fn distinct_inputs_distinct_digests() {
    assert_ne!(sm3(b""), sm3(b"\0"));
    assert_ne!(sm3(b"abc"), sm3(b"abd"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    // A long input (up to several blocks of 64 bytes, and past the 8 KiB buffers callers
    // use) split at random points hashes the same as in one call.
    #[test]
    fn chunked_equals_one_shot(
        data in proptest::collection::vec(any::<u8>(), 0..20_000),
        cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..40),
    ) {
        let mut points: Vec<usize> = cuts.iter().map(|c| c.index(data.len() + 1)).collect();
        points.sort_unstable();
        let mut h = Sm3::new();
        let mut start = 0;
        for p in points {
            h.update(&data[start..p]);
            start = p;
        }
        h.update(&data[start..]);
        prop_assert_eq!(h.finalize(), sm3(&data));
    }
}
