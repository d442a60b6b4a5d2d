//! SM3 (GB/T 32905): one-shot and streaming.

use sm3::Digest;

/// Length of an SM3 digest in bytes.
pub const DIGEST_LEN: usize = 32;

/// SM3 digest of `data`.
pub fn sm3(data: &[u8]) -> [u8; DIGEST_LEN] {
    sm3::Sm3::digest(data).into()
}

/// Streaming SM3 hasher. Its state (which may have absorbed key bytes) is wiped when it is
/// dropped.
#[derive(Clone, Default)]
pub struct Sm3 {
    inner: sm3::Sm3,
}

impl Sm3 {
    /// A fresh hasher.
    pub fn new() -> Self {
        Self::default()
    }

    /// Absorbs more input.
    pub fn update(&mut self, data: &[u8]) {
        Digest::update(&mut self.inner, data);
    }

    /// Absorbs more input, builder style.
    pub fn chain(mut self, data: &[u8]) -> Self {
        self.update(data);
        self
    }

    /// The digest of everything absorbed.
    pub fn finalize(self) -> [u8; DIGEST_LEN] {
        self.inner.finalize().into()
    }
}

// sm3 is built with its `zeroize` feature: the chaining value, the block counter and the
// buffered partial block are zeroed on drop.
impl zeroize::ZeroizeOnDrop for Sm3 {}

impl std::fmt::Debug for Sm3 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sm3 { .. }")
    }
}
