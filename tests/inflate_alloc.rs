//! Proves that inflating a compression bomb never holds much more than the cap in memory.
//!
//! Measuring allocation needs a global allocator, whose trait is unsafe to implement; it
//! lives only in this test binary (which holds a single test, so no other test allocates
//! concurrently) and forwards to the system allocator unchanged.

// A counting global allocator needs `unsafe impl GlobalAlloc`; nothing else here is unsafe.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use govcred::codec::{CodecError, MAX_INFLATED};
use govcred::internal::zlib;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn note_alloc(size: usize) {
    let live = LIVE.fetch_add(size, Ordering::SeqCst) + size;
    PEAK.fetch_max(live, Ordering::SeqCst);
}

// SAFETY: every method forwards to `System` with the caller's arguments; the counters
// have no effect on the memory returned.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note_alloc(layout.size());
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Count the moment both blocks may exist.
        note_alloc(new_size);
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn bomb_allocation_stays_near_the_cap() {
    let bomb = zlib::compress(&vec![0u8; 10 * 1024 * 1024]);
    let before = LIVE.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let result = zlib::decompress(&bomb, MAX_INFLATED);
    let peak = PEAK.load(Ordering::SeqCst) - before;
    eprintln!("peak allocation while inflating the bomb: {peak} bytes");
    assert_eq!(
        result,
        Err(CodecError::InflateTooLarge { max: MAX_INFLATED })
    );
    // Output buffer growth (a realloc may briefly hold the old and the new block) plus the
    // decompressor state (zlib-rs: its 32 KiB window and tables, about 40 KiB in all); far
    // below the 10 MiB the stream expands to.
    let bound = 2 * MAX_INFLATED + 48 * 1024;
    assert!(peak <= bound, "peak {peak} bytes above {bound}");
    assert!(
        peak >= MAX_INFLATED,
        "peak {peak}: the output did not reach the cap"
    );
}
