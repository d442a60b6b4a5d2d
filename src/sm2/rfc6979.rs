//! RFC 6979 k generation (HMAC-DRBG over SM3) for the SM2 order, producing exactly the k
//! sequence of the `rfc6979` crate, in about half the SM3 compressions: each HMAC key's
//! inner and outer states are hashed once and cloned (the crate re-keys every HMAC), the
//! all-zero initial key's states are computed once per process, and the DRBG update after
//! an output runs only when another k is asked for. Signing time fell by about a tenth.
//! A unit test compares the output with the crate's, including successive k's.

use std::sync::OnceLock;

use zeroize::Zeroize;

use crate::sm3::Sm3;

/// HMAC-SM3 with a fixed key: the hash states after the inner and outer padded key blocks.
/// Both are [`Sm3`] states, which wipe themselves on drop, so replacing or dropping a key
/// leaves no key-derived state behind.
#[derive(Clone)]
struct Keyed {
    inner: Sm3,
    outer: Sm3,
}

impl Keyed {
    fn new(key: &[u8; 32]) -> Keyed {
        let mut block = [0x36u8; 64];
        for (b, k) in block.iter_mut().zip(key) {
            *b ^= k;
        }
        let inner = Sm3::new().chain(&block);
        for b in block.iter_mut() {
            // 0x36 ^ 0x5c turns the inner pad into the outer pad.
            *b ^= 0x36 ^ 0x5c;
        }
        let outer = Sm3::new().chain(&block);
        block.zeroize();
        Keyed { inner, outer }
    }

    fn mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut inner = self.inner.clone();
        for part in parts {
            inner.update(part);
        }
        let mut digest = inner.finalize();
        let out = self.outer.clone().chain(&digest).finalize();
        digest.zeroize();
        out
    }
}

fn zero_key() -> &'static Keyed {
    static ZERO: OnceLock<Keyed> = OnceLock::new();
    ZERO.get_or_init(|| Keyed::new(&[0u8; 32]))
}

/// Generator of successive k ∈ [1, n−1] for one (x, h, extra) input.
pub(crate) struct KGenerator {
    key: Keyed,
    v: [u8; 32],
    /// The DRBG update owed after the previous output.
    update_due: bool,
}

impl KGenerator {
    /// `x` is the private key and `h` the message digest, both 32-byte big-endian and
    /// already below n (so bits2octets is the identity); `extra` is optional added entropy.
    pub(crate) fn new(x: &[u8; 32], h: &[u8; 32], extra: &[u8]) -> KGenerator {
        let mut v = [0x01u8; 32];
        let mut k = zero_key().mac(&[&v, &[0x00], x, h, extra]);
        let key = Keyed::new(&k);
        v = key.mac(&[&v]);
        k = key.mac(&[&v, &[0x01], x, h, extra]);
        let key = Keyed::new(&k);
        k.zeroize();
        v = key.mac(&[&v]);
        KGenerator {
            key,
            v,
            update_due: false,
        }
    }

    /// The next candidate k in [1, n−1], big-endian.
    pub(crate) fn next_k(&mut self) -> [u8; 32] {
        loop {
            if self.update_due {
                let mut k = self.key.mac(&[&self.v, &[0x00]]);
                self.key = Keyed::new(&k);
                k.zeroize();
                self.v = self.key.mac(&[&self.v]);
            }
            self.v = self.key.mac(&[&self.v]);
            self.update_due = true;
            if in_range(&self.v) {
                return self.v;
            }
        }
    }
}

// `key` wipes itself (its `Sm3` states are `ZeroizeOnDrop`); `v` is the last output.
impl zeroize::ZeroizeOnDrop for KGenerator {}

impl Drop for KGenerator {
    fn drop(&mut self) {
        self.v.zeroize();
    }
}

/// 0 < v < n, without branching on v's bytes.
fn in_range(v: &[u8; 32]) -> bool {
    use sm2::U256;
    use sm2::elliptic_curve::subtle::ConstantTimeLess as _;
    let value = U256::from_be_slice(v);
    let n = super::fast::order();
    // Whether a candidate is rejected is public (it only costs another round).
    bool::from(
        value.ct_lt(&n) & !sm2::elliptic_curve::subtle::ConstantTimeEq::ct_eq(&value, &U256::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_rfc6979_crate() {
        let n = super::super::fast::order();
        for i in 0u32..200 {
            let x = crate::sm3::sm3(&i.to_le_bytes());
            let x = {
                // Keep x below n as a private key is.
                let mut x = x;
                x[0] &= 0x7f;
                x
            };
            let h = {
                let mut h = crate::sm3::sm3(&(i + 1000).to_le_bytes());
                h[0] &= 0x7f;
                h
            };
            let extra_bytes = crate::sm3::sm3(b"extra");
            let extra: &[u8] = match i % 3 {
                0 => &[],
                1 => &extra_bytes,
                _ => &extra_bytes[..7],
            };
            let mut ours = KGenerator::new(&x, &h, extra);
            let mut theirs = rfc6979::KGenerator::<sm3::Sm3, sm2::U256>::new(&x, &h, extra, &n);
            for _ in 0..3 {
                let mut expected = [0u8; 32];
                theirs.fill_next_k(&mut expected);
                assert_eq!(ours.next_k(), expected, "input {i}");
            }
        }
    }

    #[test]
    fn key_states_wipe_themselves() {
        // Compile-time: every state that holds key-derived bytes is ZeroizeOnDrop (the
        // byte-level check that a dropped `Sm3` holds no key is tests/zeroize.rs).
        fn wipes<T: zeroize::ZeroizeOnDrop>() {}
        wipes::<sm3::Sm3>();
        wipes::<Sm3>();
        wipes::<KGenerator>();
    }

    #[test]
    fn range_check() {
        let n = super::super::fast::order();
        let mut n_bytes = [0u8; 32];
        n_bytes.copy_from_slice(&n.to_be_bytes());
        assert!(!in_range(&[0u8; 32]));
        assert!(!in_range(&n_bytes));
        assert!(!in_range(&[0xff; 32]));
        n_bytes[31] -= 1;
        assert!(in_range(&n_bytes));
        let mut one = [0u8; 32];
        one[31] = 1;
        assert!(in_range(&one));
    }
}
