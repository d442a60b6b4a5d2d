//! Memory stays proportional to the input while decoding hostile CBOR: containers that
//! declare as many items as there are bytes left, nested 16 deep, must not reserve their
//! declared lengths up front (issue: 184 characters of `CC1:` QR asked for 44.8 MiB, a 1 MiB
//! bundle for 711.6 MiB, before failing as malformed).
//!
//! A counting global allocator records the peak of live bytes; it lives only in this test
//! binary, whose tests run one at a time (a mutex), and forwards to the system allocator.

// The counting global allocator (tests/common/peak_alloc.rs) needs `unsafe impl GlobalAlloc`;
// nothing else here is unsafe.
#![allow(unsafe_code)]

#[path = "common/peak_alloc.rs"]
mod peak_alloc;

use std::sync::Mutex;

use govcred::codec::{self, Prefix};
use govcred::{ErrorCode, TrustBundle};
use peak_alloc::peak_during;

static SERIAL: Mutex<()> = Mutex::new(());

/// The budget: a decoded value costs at most a few dozen bytes per input byte (a CBOR
/// `Value` is larger than its one-byte encoding, and a growing vector may briefly hold twice
/// its items), plus a constant.
fn budget(input_len: usize) -> usize {
    128 * input_len + 64 * 1024
}

/// `depth` arrays (or maps), each declaring as many items as there are bytes after its head
/// (maps: half as many entries), then zero bytes to `len`.
fn hostile(len: usize, depth: usize, map: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    for _ in 0..depth {
        let remaining = len - out.len() - 5;
        let (major, n) = if map {
            (0xba, remaining / 2)
        } else {
            (0x9a, remaining)
        };
        out.push(major);
        out.extend_from_slice(&u32::try_from(n).expect("small").to_be_bytes());
    }
    out.resize(len, 0x00);
    out
}

#[test]
fn nested_declared_lengths_do_not_reserve_memory() {
    let _one = SERIAL.lock();
    for map in [false, true] {
        for len in [4 * 1024, 256 * 1024] {
            let input = hostile(len, 16, map);
            let (result, peak) = peak_during(|| govcred::internal::cbor_decode(&input));
            assert_eq!(result.unwrap_err().code(), ErrorCode::BadCbor);
            assert!(
                peak <= budget(len),
                "map={map} len={len}: peak {peak} bytes above {}",
                budget(len)
            );
        }
    }
}

#[test]
fn hostile_qr_stays_within_budget() {
    let _one = SERIAL.lock();
    // Nested maps filling the whole inflate cap, behind the COSE_Sign1 tag: zeros compress,
    // so the QR text is a few hundred characters.
    let inner = hostile(codec::MAX_INFLATED - 1, 16, true);
    let cose = [&[0xd2][..], &inner].concat();
    let qr = codec::encode_qr(Prefix::ColorCode, &cose);
    assert!(
        qr.len() < 400,
        "the hostile QR is short ({} bytes)",
        qr.len()
    );
    let (result, peak) = peak_during(|| govcred::decode(&qr));
    assert_eq!(result.unwrap_err().code(), ErrorCode::BadCbor);
    // Proportional to what the text may inflate to, never to declared lengths.
    assert!(
        peak <= budget(codec::MAX_INFLATED),
        "qr of {}: peak {peak} bytes above {}",
        qr.len(),
        budget(codec::MAX_INFLATED)
    );
}

#[test]
fn hostile_bundle_stays_within_budget() {
    let _one = SERIAL.lock();
    let len = 1024 * 1024;
    let bundle = [&[0xd2][..], &hostile(len - 1, 16, true)].concat();
    let (result, peak) = peak_during(|| TrustBundle::load(&bundle, &[]));
    assert_eq!(result.unwrap_err().code(), ErrorCode::BadBundle);
    assert!(
        peak <= budget(len),
        "bundle of {len}: peak {peak} bytes above {}",
        budget(len)
    );
}

/// Verifying an OFD document keeps at most a small multiple of the file live: entries are
/// inflated and hashed as streams, and only the small XML and ASN.1 parts are held whole.
#[test]
fn ofd_verification_stays_within_a_small_multiple_of_the_file() {
    let _one = SERIAL.lock();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/ofd");
    let mut files = Vec::new();
    for sub in ["peer", "ofdrw"] {
        for entry in std::fs::read_dir(dir.join(sub)).expect("vectors") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "ofd") {
                files.push(path);
            }
        }
    }
    assert!(files.len() >= 20, "the corpus is present");
    let verifier = govcred::ofd::OfdVerifier::new();
    for path in files {
        let bytes = std::fs::read(&path).expect("read");
        let (verdict, peak) = peak_during(|| verifier.verify(&bytes, 1_800_000_000));
        assert!(!verdict.signatures.is_empty() || verdict.code == ErrorCode::NotSigned);
        // Four times the file plus 256 KiB for the parsers' fixed costs; the bench
        // (`cargo bench --bench ofd`) prints the measured ratio per file.
        let budget = 4 * bytes.len() + 256 * 1024;
        assert!(
            peak <= budget,
            "{}: peak {peak} bytes above {budget} for a file of {}",
            path.display(),
            bytes.len()
        );
    }
}
