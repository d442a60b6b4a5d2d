//! A dropped SM3 state holds no trace of key bytes it absorbed: the state behind the derived
//! color-code salt (prefix and private key, 61 bytes, still in the unprocessed block buffer
//! when it is dropped) and behind every RFC 6979 HMAC key.
//!
//! Reading memory after a drop needs `unsafe`; it stays in this test binary. The value lives
//! in a `MaybeUninit` slot, is dropped in place (so no move leaves a copy elsewhere), and the
//! slot's bytes are then read back.

// Reading a value's bytes after it is dropped (to see that they were wiped) needs raw
// pointers; nothing else here is unsafe.
#![allow(unsafe_code)]

use std::mem::MaybeUninit;

use govcred::sm3::Sm3;

const KEY: [u8; 32] = [
    0x39, 0x45, 0x20, 0x8f, 0x7b, 0x21, 0x44, 0xb1, 0x3f, 0x36, 0xe3, 0x8a, 0xc6, 0xd3, 0x9f, 0x95,
    0x88, 0x93, 0x93, 0x69, 0x28, 0x60, 0xb5, 0x1a, 0x42, 0xfb, 0x81, 0xef, 0x4d, 0xf7, 0xc5, 0xb8,
];

fn slot_bytes(slot: &MaybeUninit<Sm3>) -> Vec<u8> {
    let ptr = slot.as_ptr().cast::<u8>();
    (0..size_of::<Sm3>())
        // SAFETY: `ptr` points at `size_of::<Sm3>()` bytes owned by `slot`; a volatile byte
        // read of them is what the test observes (their values, not an `Sm3`).
        .map(|i| unsafe { std::ptr::read_volatile(ptr.add(i)) })
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn wiped_after_drop(prefix: &[u8]) {
    let mut slot = MaybeUninit::new(Sm3::new());
    // SAFETY: the slot was initialised just above and is not dropped yet.
    let hasher = unsafe { slot.assume_init_mut() };
    hasher.update(prefix);
    hasher.update(&KEY);
    let before = slot_bytes(&slot);
    assert!(
        contains(&before, &KEY[..16]),
        "the live state should hold the buffered key bytes (test setup)"
    );
    // SAFETY: initialised and dropped exactly once; the slot is not used as an `Sm3` again.
    unsafe { slot.assume_init_drop() };
    let after = slot_bytes(&slot);
    assert!(
        !contains(&after, &KEY[..8]),
        "key bytes survive in a dropped Sm3 state"
    );
}

#[test]
fn derived_salt_state_is_wiped_on_drop() {
    wiped_after_drop(b"govcred color-code id salt v1");
}

#[test]
fn hmac_key_block_state_is_wiped_on_drop() {
    // An HMAC key block (key XOR ipad) is absorbed whole and compressed; what remains is the
    // chaining value. A partial block after it must be gone too.
    wiped_after_drop(&[0x36; 64]);
}
