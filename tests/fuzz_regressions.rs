//! Inputs the fuzz targets (`fuzz/`) reported, kept under `tests/vectors/fuzz/`: each must be
//! refused by `decode`, `inspect` and `Verifier::verify`, and the bytes requested from the
//! allocator while refusing it stay within a budget proportional to what a QR may carry
//! (a counting global allocator, as in `tests/verify_allocations.rs`; never wall-clock).

// A counting global allocator needs `unsafe impl GlobalAlloc`; nothing else here is unsafe.
#![allow(unsafe_code)]

#[path = "common/verifier_fixture.rs"]
#[allow(dead_code)]
mod generator;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use generator::{Fixture, NOW};
use govcred::sm2::{DEFAULT_ID, SigningKey};
use govcred::verify::{Policy, Verifier};

/// Bytes a refused QR may make the library request in total: the inflated COSE is at most
/// 64 KiB, its decoding a small multiple of that.
const BUDGET: usize = 1024 * 1024;

struct Counting;

static REQUESTED: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        REQUESTED.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        REQUESTED.fetch_add(new_size, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

// Tests run on several threads; counting one closure at a time keeps the counts its own.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn requested<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let before = REQUESTED.load(Ordering::Relaxed);
    let out = f();
    (out, REQUESTED.load(Ordering::Relaxed) - before)
}

/// (file name, QR text) of every `refused-*.txt` vector.
fn refused_vectors() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/fuzz");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("vector dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            assert!(
                name.starts_with("refused-"),
                "{name}: named for its outcome"
            );
            let text = std::fs::read_to_string(&p).expect("vector");
            let body: Vec<&str> = text
                .lines()
                .filter(|l| !l.starts_with('#') && !l.starts_with("expected = "))
                .collect();
            assert!(text.contains("expected = refused"), "{name}");
            assert_eq!(body.len(), 1, "{name}: one QR line");
            (name, body[0].to_owned())
        })
        .collect();
    out.sort();
    assert!(!out.is_empty());
    out
}

#[test]
fn reported_inputs_are_refused_by_decode_with_bounded_allocation() {
    for (name, qr) in refused_vectors() {
        let (decoded, bytes) = requested(|| govcred::decode(&qr).map(|_| ()));
        println!(
            "{name}: decode {:?}, {bytes} bytes requested",
            decoded.as_ref().map_err(|e| e.code())
        );
        assert!(decoded.is_err(), "{name}: decode accepted it");
        assert!(
            bytes <= BUDGET,
            "{name}: decode requested {bytes} bytes (budget {BUDGET})"
        );

        let (inspected, bytes) = requested(|| govcred::inspect(&qr).map(|_| ()));
        assert!(inspected.is_err(), "{name}: inspect accepted it");
        assert!(
            bytes <= BUDGET,
            "{name}: inspect requested {bytes} bytes (budget {BUDGET})"
        );
    }
}

#[test]
fn reported_inputs_are_refused_by_the_verifier_with_bounded_allocation() {
    let f = Fixture::new();
    let root = SigningKey::new(f.roots[1].clone(), DEFAULT_ID).expect("root");
    let bytes = f.bundle().sign(&root).expect("bundle");
    let roots: Vec<_> = f.roots.iter().map(|k| *k.public_key()).collect();
    let verifier =
        Verifier::from_bundle_bytes(&bytes, &roots, Policy::default()).expect("verifier");
    for (name, qr) in refused_vectors() {
        let (verdict, bytes) = requested(|| verifier.verify(&qr, NOW));
        println!("{name}: verify {:?}, {bytes} bytes requested", verdict.code);
        assert!(!verdict.passed, "{name}: verified");
        assert!(
            bytes <= BUDGET,
            "{name}: verify requested {bytes} bytes (budget {BUDGET})"
        );
    }
}
