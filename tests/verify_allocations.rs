//! Allocations per `Verifier::verify`, counted by a wrapping global allocator. The budget
//! catches regressions such as rebuilding keys or tables per call, or re-encoding headers.

// A counting global allocator needs `unsafe impl GlobalAlloc`; nothing else here is unsafe.
#![allow(unsafe_code)]

#[path = "common/verifier_fixture.rs"]
#[allow(dead_code)]
mod generator;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use generator::{Fixture, NOW};
use govcred::colorcode::{Color, ColorCodeIssuer};
use govcred::license::LicenseIssuer;
use govcred::sm2::{DEFAULT_ID, SigningKey};
use govcred::verify::{Policy, Verifier};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn count(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    f();
    ALLOCATIONS.load(Ordering::Relaxed) - before
}

#[test]
fn allocations_per_verify_stay_within_budget() {
    let f = Fixture::new();
    let root = SigningKey::new(f.roots[0].clone(), DEFAULT_ID).expect("root");
    let bytes = f.bundle().sign(&root).expect("bundle");
    let verifier =
        Verifier::from_bundle_bytes(&bytes, &[*f.roots[0].public_key()], Policy::default())
            .expect("verifier");
    let license = LicenseIssuer::new(f.zj.clone())
        .expect("issuer")
        .issue(&f.license("LIC2026000123", None, "2026-11-20"), NOW - 60)
        .expect("issue");
    let code = ColorCodeIssuer::with_derived_salt(f.gd.clone(), &f.gd_uscc)
        .expect("issuer")
        .issue(&f.color_request(Color::Green, "CC-A-1"), NOW - 60)
        .expect("issue");
    // Warm up once: lazily built shared state is not a per-call cost.
    assert!(verifier.verify(&license, NOW).passed && verifier.verify(&code, NOW).passed);

    let mut passed = true;
    let per_license = count(|| passed &= verifier.verify(&license, NOW).passed);
    let per_code = count(|| passed &= verifier.verify(&code, NOW).passed);
    let per_rejected = count(|| passed &= !verifier.verify("EL1:%%%", NOW).passed);
    assert!(passed);
    println!(
        "allocations per verify: license {per_license}, color code {per_code}, rejected at the codec {per_rejected}"
    );
    assert!(
        per_license <= LICENSE_BUDGET,
        "license verify allocates {per_license} times"
    );
    assert!(
        per_code <= COLOR_CODE_BUDGET,
        "color code verify allocates {per_code} times"
    );
    assert!(
        per_rejected <= 8,
        "a rejected input allocates {per_rejected} times"
    );
}

const LICENSE_BUDGET: usize = 60;
const COLOR_CODE_BUDGET: usize = 35;
