//! Scalars as signed base-2^w digits, so that k·P is a sum of table entries with no
//! doublings.

/// Little-endian 64-bit limbs of a 32-byte big-endian integer.
pub(crate) fn limbs(be: &[u8; 32]) -> [u64; 4] {
    let mut out = [0u64; 4];
    for (i, limb) in out.iter_mut().enumerate() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&be[32 - 8 * (i + 1)..32 - 8 * i]);
        *limb = u64::from_be_bytes(word);
    }
    out
}

/// Bits [pos, pos + w) of `k` (w ≤ 32); bits past 256 read as zero. `pos` and `w` are
/// public, so this is constant time in `k`.
fn bits(k: &[u64; 4], pos: usize, w: usize) -> u32 {
    let limb = pos / 64;
    let shift = pos % 64;
    let lo = k.get(limb).copied().unwrap_or(0) >> shift;
    let hi = if shift == 0 {
        0
    } else {
        k.get(limb + 1).copied().unwrap_or(0) << (64 - shift)
    };
    // Truncation keeps the low w bits, as intended.
    #[allow(clippy::cast_possible_truncation)]
    let v = ((lo | hi) & ((1u64 << w) - 1)) as u32;
    v
}

/// Number of windows for 256-bit scalars with the signed recoding below: the last one
/// holds the final carry.
pub(crate) const fn signed_windows(w: usize) -> usize {
    256 / w + 1
}

/// Largest digit magnitude in window `i`: 2^(w−1), except the top window, which holds the
/// remaining 256 mod w bits plus a carry, so at most 2^(256 mod w).
pub(crate) const fn signed_window_entries(w: usize, i: usize) -> usize {
    if i + 1 == signed_windows(w) {
        1 << (256 % w)
    } else {
        1 << (w - 1)
    }
}

/// Digits d_i ∈ [−(2^(w−1) − 1), 2^(w−1)] with k = Σ d_i·2^(w·i), variable time (public
/// scalars only). `out` must hold `signed_windows(w)` digits.
pub(crate) fn signed_vartime(k: &[u8; 32], w: usize, out: &mut [i32]) {
    let k = limbs(k);
    let half = 1i32 << (w - 1);
    let mut carry = 0i32;
    for (i, digit) in out.iter_mut().enumerate() {
        // At most 2^w, which fits easily.
        #[allow(clippy::cast_possible_wrap)]
        let v = bits(&k, i * w, w) as i32 + carry;
        if v > half {
            *digit = v - (1 << w);
            carry = 1;
        } else {
            *digit = v;
            carry = 0;
        }
    }
}

/// Number of windows of the regular (all-odd) recoding for integers below 2^257.
pub(crate) const fn odd_windows(w: usize) -> usize {
    257_usize.div_ceil(w)
}

/// Regular recoding of an odd k < 2^257 (bit 256 in `top_bit`), constant time: every digit
/// is odd, in [−(2^w − 1), 2^w − 1], and k = Σ d_i·2^(w·i). Each digit is returned as
/// (index, negative) with |d| = 2·index + 1. The loop shape, the memory touched and the
/// operations do not depend on k.
pub(crate) fn odd_ct(k: &[u8; 32], top_bit: u64, w: usize, out: &mut [(u32, u32)]) {
    let mut limbs = limbs(k);
    let windows = out.len();
    // Working on the integer itself: d = (k mod 2^(w+1)) − 2^w, k = (k − d) / 2^w.
    let mut top = top_bit;
    for (i, slot) in out.iter_mut().enumerate() {
        let low = bits(&limbs, 0, w + 1);
        let is_last = i + 1 == windows;
        // The last window keeps the remaining (positive, odd) value whole.
        let (abs, neg) = if is_last {
            (bits(&limbs, 0, w), 0u32)
        } else {
            // low is odd; low ≥ 2^w means d = low − 2^w ≥ 1, otherwise d = low − 2^w < 0.
            let ge = (low >> w) & 1;
            let pos_val = low.wrapping_sub(1 << w);
            let neg_val = (1u32 << w).wrapping_sub(low);
            let mask = ge.wrapping_neg();
            ((pos_val & mask) | (neg_val & !mask), ge ^ 1)
        };
        *slot = (abs >> 1, neg);
        if !is_last {
            // k − d: subtracting a positive digit clears the low w bits' value; adding the
            // magnitude of a negative digit carries into bit w. Either way the low w bits
            // become zero and k − d is then shifted right by w.
            let add = u64::from(abs & neg.wrapping_neg());
            let sub = u64::from(abs & (neg ^ 1).wrapping_neg());
            let mut carry = add;
            let mut borrow = sub;
            for limb in limbs.iter_mut() {
                let (s, c) = limb.overflowing_add(carry);
                let (d, b) = s.overflowing_sub(borrow);
                *limb = d;
                carry = u64::from(c);
                borrow = u64::from(b);
            }
            top = top.wrapping_add(carry).wrapping_sub(borrow);
            for j in 0..4 {
                let next = if j == 3 { top } else { limbs[j + 1] };
                limbs[j] = (limbs[j] >> w) | (next << (64 - w));
            }
            top >>= w;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sm2::U256;

    fn value_signed(digits: &[i32], w: usize) -> (U256, U256) {
        // Positive and negative parts separately, to stay in unsigned arithmetic.
        let mut pos = U256::ZERO;
        let mut neg = U256::ZERO;
        for (i, d) in digits.iter().enumerate() {
            if w * i >= 256 {
                // Vanishes modulo 2^256.
                continue;
            }
            let term = U256::from_u64(u64::from(d.unsigned_abs())).shl_vartime((w * i) as u32);
            if *d >= 0 {
                pos = pos.wrapping_add(&term);
            } else {
                neg = neg.wrapping_add(&term);
            }
        }
        (pos, neg)
    }

    fn samples() -> Vec<[u8; 32]> {
        let mut out = vec![[0u8; 32], [0xff; 32], [0x80; 32], [0x55; 32], [0xaa; 32]];
        let mut one = [0u8; 32];
        one[31] = 1;
        out.push(one);
        let mut top = [0u8; 32];
        top[0] = 0x80;
        out.push(top);
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..200 {
            let mut k = [0u8; 32];
            for b in k.iter_mut() {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                *b = x.to_le_bytes()[0];
            }
            out.push(k);
        }
        out
    }

    #[test]
    fn signed_digits_reconstruct_the_scalar() {
        for w in [4usize, 5, 6, 7, 8] {
            for k in samples() {
                let mut digits = vec![0i32; signed_windows(w)];
                signed_vartime(&k, w, &mut digits);
                for (i, d) in digits.iter().enumerate() {
                    let max = signed_window_entries(w, i) as i32;
                    assert!(*d <= max && *d > -(1 << (w - 1)), "w={w} i={i} d={d}");
                }
                // The top window never goes negative, so the sum fits in 257 bits; check
                // modulo 2^256 plus the top window's contribution to bit 256.
                let (pos, neg) = value_signed(&digits, w);
                assert_eq!(pos.wrapping_sub(&neg), U256::from_be_slice(&k), "w={w}");
            }
        }
    }

    #[test]
    fn odd_digits_reconstruct_the_scalar() {
        for w in [4usize, 5, 6, 7] {
            for mut k in samples() {
                k[31] |= 1;
                for top_bit in [0u64, 1] {
                    let mut digits = vec![(0u32, 0u32); odd_windows(w)];
                    odd_ct(&k, top_bit, w, &mut digits);
                    let signed: Vec<i32> = digits
                        .iter()
                        .map(|&(idx, neg)| {
                            let m = 2 * idx as i32 + 1;
                            assert!(m < (1 << w));
                            if neg == 1 { -m } else { m }
                        })
                        .collect();
                    let (pos, neg) = value_signed(&signed, w);
                    // Modulo 2^256 the top bit vanishes, so the check is on the low 256 bits.
                    assert_eq!(pos.wrapping_sub(&neg), U256::from_be_slice(&k), "w={w}");
                    assert!(signed.last().is_some_and(|d| *d > 0));
                }
            }
        }
    }
}
