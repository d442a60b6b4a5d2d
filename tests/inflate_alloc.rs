//! Proves that inflating a compression bomb never holds much more than the cap in memory.
//!
//! Measuring allocation needs a global allocator, whose trait is unsafe to implement; it
//! lives only in this test binary (which holds a single test, so no other test allocates
//! concurrently) and forwards to the system allocator unchanged.

// The counting global allocator (tests/common/peak_alloc.rs) needs `unsafe impl GlobalAlloc`;
// nothing else here is unsafe.
#![allow(unsafe_code)]

#[path = "common/peak_alloc.rs"]
mod peak_alloc;

use govcred::codec::{CodecError, MAX_INFLATED};
use govcred::internal::zlib;
use peak_alloc::peak_during;

#[test]
fn bomb_allocation_stays_near_the_cap() {
    let bomb = zlib::compress(&vec![0u8; 10 * 1024 * 1024]);
    let (result, peak) = peak_during(|| zlib::decompress(&bomb, MAX_INFLATED));
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
