//! GF(p) for the recommended curve in plain Rust: four 64-bit limbs in Montgomery form
//! (R = 2²⁵⁶), always fully reduced, every operation constant time (no branches or
//! indices depending on values).
//!
//! Why not the crate's field: a verification is about 730 field multiplications and
//! almost nothing else, and the fiat-crypto multiplication behind RustCrypto's field is
//! generic over the curve where this one is written for SM2's prime. A unit test checks
//! every operation against the crate's field element on edge and random values.

use std::ops::{Add, Mul, MulAssign, Neg, Sub};

use sm2::elliptic_curve::subtle::{Choice, ConditionallySelectable, ConstantTimeEq};

/// p = 2²⁵⁶ − 2²²⁴ − 2⁹⁶ + 2⁶⁴ − 1, little-endian limbs.
const P: [u64; 4] = [
    0xFFFF_FFFF_FFFF_FFFF,
    0xFFFF_FFFF_0000_0000,
    0xFFFF_FFFF_FFFF_FFFF,
    0xFFFF_FFFE_FFFF_FFFF,
];
/// R² mod p, to enter Montgomery form.
const R2: [u64; 4] = [
    0x0000_0002_0000_0003,
    0x0000_0002_FFFF_FFFF,
    0x0000_0001_0000_0001,
    0x0000_0004_0000_0002,
];
/// R mod p, the Montgomery form of 1.
const R: [u64; 4] = [
    0x0000_0000_0000_0001,
    0x0000_0000_FFFF_FFFF,
    0x0000_0000_0000_0000,
    0x0000_0001_0000_0000,
];

/// An element of GF(p) in Montgomery form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Fp(pub(crate) [u64; 4]);

// The truncating casts below split a u128 into its halves, as intended.
#[allow(clippy::cast_possible_truncation)]
#[inline(always)]
const fn mac(a: u64, b: u64, c: u64, carry: u64) -> (u64, u64) {
    let t = (a as u128) + (b as u128) * (c as u128) + (carry as u128);
    (t as u64, (t >> 64) as u64)
}

#[allow(clippy::cast_possible_truncation)]
#[inline(always)]
const fn adc(a: u64, b: u64, carry: u64) -> (u64, u64) {
    let t = (a as u128) + (b as u128) + (carry as u128);
    (t as u64, (t >> 64) as u64)
}

/// a − b − borrow; the returned borrow is 0 or 1.
#[allow(clippy::cast_possible_truncation)]
#[inline(always)]
const fn sbb(a: u64, b: u64, borrow: u64) -> (u64, u64) {
    let t = (a as u128).wrapping_sub((b as u128) + (borrow as u128));
    (t as u64, (t >> 127) as u64)
}

/// (hi·2²⁵⁶ + r) mod p for a value below 2p.
#[inline(always)]
fn reduce_once(r: [u64; 4], hi: u64) -> [u64; 4] {
    let (s0, b) = sbb(r[0], P[0], 0);
    let (s1, b) = sbb(r[1], P[1], b);
    let (s2, b) = sbb(r[2], P[2], b);
    let (s3, b) = sbb(r[3], P[3], b);
    let (_, b) = sbb(hi, 0, b);
    // b = 1: the value was below p, keep it.
    let keep = b.wrapping_neg();
    [
        (r[0] & keep) | (s0 & !keep),
        (r[1] & keep) | (s1 & !keep),
        (r[2] & keep) | (s2 & !keep),
        (r[3] & keep) | (s3 & !keep),
    ]
}

/// Montgomery reduction of a 512-bit value below p·2²⁵⁶: t·R⁻¹ mod p. As −p⁻¹ ≡ 1 mod 2⁶⁴,
/// each round's multiplier is simply the lowest limb.
#[inline(always)]
fn montgomery_reduce(mut t: [u64; 8]) -> [u64; 4] {
    let mut hi = 0u64;
    for i in 0..4 {
        let q = t[i];
        let mut c = 0u64;
        for j in 0..4 {
            (t[i + j], c) = mac(t[i + j], q, P[j], c);
        }
        (t[i + 4], hi) = adc(t[i + 4], c, hi);
    }
    reduce_once([t[4], t[5], t[6], t[7]], hi)
}

#[inline(always)]
fn mul_limbs(a: &[u64; 4], b: &[u64; 4]) -> [u64; 4] {
    let mut t = [0u64; 8];
    for i in 0..4 {
        let mut c = 0u64;
        for j in 0..4 {
            (t[i + j], c) = mac(t[i + j], a[i], b[j], c);
        }
        t[i + 4] = c;
    }
    montgomery_reduce(t)
}

#[inline(always)]
fn square_limbs(a: &[u64; 4]) -> [u64; 4] {
    // Off-diagonal products once, doubled, plus the squares.
    let mut t = [0u64; 8];
    let mut c;
    (t[1], c) = mac(0, a[0], a[1], 0);
    (t[2], c) = mac(0, a[0], a[2], c);
    (t[3], c) = mac(0, a[0], a[3], c);
    t[4] = c;
    (t[3], c) = mac(t[3], a[1], a[2], 0);
    (t[4], c) = mac(t[4], a[1], a[3], c);
    t[5] = c;
    (t[5], c) = mac(t[5], a[2], a[3], 0);
    t[6] = c;
    t[7] = t[6] >> 63;
    t[6] = (t[6] << 1) | (t[5] >> 63);
    t[5] = (t[5] << 1) | (t[4] >> 63);
    t[4] = (t[4] << 1) | (t[3] >> 63);
    t[3] = (t[3] << 1) | (t[2] >> 63);
    t[2] = (t[2] << 1) | (t[1] >> 63);
    t[1] <<= 1;
    (t[0], c) = mac(0, a[0], a[0], 0);
    (t[1], c) = adc(t[1], 0, c);
    (t[2], c) = mac(t[2], a[1], a[1], c);
    (t[3], c) = adc(t[3], 0, c);
    (t[4], c) = mac(t[4], a[2], a[2], c);
    (t[5], c) = adc(t[5], 0, c);
    (t[6], c) = mac(t[6], a[3], a[3], c);
    (t[7], _) = adc(t[7], 0, c);
    montgomery_reduce(t)
}

impl Fp {
    pub(crate) const ZERO: Fp = Fp([0; 4]);
    pub(crate) const ONE: Fp = Fp(R);

    /// From a canonical big-endian encoding; `None` if it is not below p.
    pub(crate) fn from_bytes(bytes: &[u8; 32]) -> Option<Fp> {
        let limbs = super::recode::limbs(bytes);
        let (_, b) = sbb(limbs[0], P[0], 0);
        let (_, b) = sbb(limbs[1], P[1], b);
        let (_, b) = sbb(limbs[2], P[2], b);
        let (_, b) = sbb(limbs[3], P[3], b);
        // Whether the value is in range is public wherever this is called.
        (b == 1).then(|| Fp(mul_limbs(&limbs, &R2)))
    }

    /// The canonical big-endian encoding.
    pub(crate) fn to_bytes(self) -> [u8; 32] {
        let limbs = mul_limbs(&self.0, &[1, 0, 0, 0]);
        let mut out = [0u8; 32];
        for (i, limb) in limbs.iter().enumerate() {
            out[32 - 8 * (i + 1)..32 - 8 * i].copy_from_slice(&limb.to_be_bytes());
        }
        out
    }

    #[cfg(test)]
    pub(crate) fn from_u64(v: u64) -> Fp {
        Fp(mul_limbs(&[v, 0, 0, 0], &R2))
    }

    pub(crate) fn is_zero(&self) -> Choice {
        (self.0[0] | self.0[1] | self.0[2] | self.0[3]).ct_eq(&0)
    }

    #[inline(always)]
    pub(crate) fn square(&self) -> Fp {
        Fp(square_limbs(&self.0))
    }

    #[inline(always)]
    pub(crate) fn double(&self) -> Fp {
        *self + *self
    }
}

impl ConditionallySelectable for Fp {
    fn conditional_select(a: &Fp, b: &Fp, choice: Choice) -> Fp {
        Fp([
            u64::conditional_select(&a.0[0], &b.0[0], choice),
            u64::conditional_select(&a.0[1], &b.0[1], choice),
            u64::conditional_select(&a.0[2], &b.0[2], choice),
            u64::conditional_select(&a.0[3], &b.0[3], choice),
        ])
    }
}

impl Add for Fp {
    type Output = Fp;
    #[inline(always)]
    fn add(self, rhs: Fp) -> Fp {
        let (s0, c) = adc(self.0[0], rhs.0[0], 0);
        let (s1, c) = adc(self.0[1], rhs.0[1], c);
        let (s2, c) = adc(self.0[2], rhs.0[2], c);
        let (s3, c) = adc(self.0[3], rhs.0[3], c);
        Fp(reduce_once([s0, s1, s2, s3], c))
    }
}

impl Sub for Fp {
    type Output = Fp;
    #[inline(always)]
    fn sub(self, rhs: Fp) -> Fp {
        let (d0, b) = sbb(self.0[0], rhs.0[0], 0);
        let (d1, b) = sbb(self.0[1], rhs.0[1], b);
        let (d2, b) = sbb(self.0[2], rhs.0[2], b);
        let (d3, b) = sbb(self.0[3], rhs.0[3], b);
        // On a borrow, add p back.
        let mask = b.wrapping_neg();
        let (r0, c) = adc(d0, P[0] & mask, 0);
        let (r1, c) = adc(d1, P[1] & mask, c);
        let (r2, c) = adc(d2, P[2] & mask, c);
        let (r3, _) = adc(d3, P[3] & mask, c);
        Fp([r0, r1, r2, r3])
    }
}

impl Neg for Fp {
    type Output = Fp;
    #[inline(always)]
    fn neg(self) -> Fp {
        Fp::ZERO - self
    }
}

impl Mul for Fp {
    type Output = Fp;
    #[inline(always)]
    fn mul(self, rhs: Fp) -> Fp {
        Fp(mul_limbs(&self.0, &rhs.0))
    }
}

impl Add<&Fp> for Fp {
    type Output = Fp;
    #[inline(always)]
    fn add(self, rhs: &Fp) -> Fp {
        self + *rhs
    }
}

impl Sub<&Fp> for Fp {
    type Output = Fp;
    #[inline(always)]
    fn sub(self, rhs: &Fp) -> Fp {
        self - *rhs
    }
}

impl Mul<&Fp> for Fp {
    type Output = Fp;
    #[inline(always)]
    fn mul(self, rhs: &Fp) -> Fp {
        self * *rhs
    }
}

impl MulAssign for Fp {
    #[inline(always)]
    fn mul_assign(&mut self, rhs: Fp) {
        *self = *self * rhs;
    }
}

impl MulAssign<&Fp> for Fp {
    #[inline(always)]
    fn mul_assign(&mut self, rhs: &Fp) {
        *self = *self * *rhs;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sm2::elliptic_curve::ff::PrimeField;
    use sm2::elliptic_curve::hazmat::FieldArithmetic;

    /// RustCrypto's field element, the reference.
    type Crate = <sm2::Sm2 as FieldArithmetic>::FieldElement;

    fn ours(bytes: &[u8; 32]) -> Fp {
        Fp::from_bytes(bytes).expect("in range")
    }

    fn theirs(bytes: &[u8; 32]) -> Crate {
        Crate::from_repr((*bytes).into())
            .into_option()
            .expect("in range")
    }

    fn values() -> Vec<[u8; 32]> {
        let p =
            crate::hex::decode("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF")
                .expect("hex");
        let mut out = Vec::new();
        for delta in 1u8..=3 {
            let mut v = [0u8; 32];
            v.copy_from_slice(&p);
            v[31] -= delta;
            out.push(v);
        }
        let mut small = [0u8; 32];
        for i in 0u8..4 {
            small[31] = i;
            out.push(small);
        }
        for pattern in [0x80u8, 0x7f, 0x55, 0x01] {
            let mut v = [pattern; 32];
            v[0] &= 0x7f;
            out.push(v);
        }
        // Limb boundaries: 2^64 − 1, 2^64, 2^128, 2^224, 2^255.
        for (byte, value) in [(24usize, 0xffu8), (23, 1), (15, 1), (3, 1), (0, 0x80)] {
            let mut v = [0u8; 32];
            if value == 0xff {
                v[24..].fill(0xff);
            } else {
                v[byte] = value;
            }
            out.push(v);
        }
        let mut seed = 7u64;
        while out.len() < 400 {
            seed += 1;
            let v = crate::sm3::sm3(&seed.to_le_bytes());
            if Fp::from_bytes(&v).is_some() {
                out.push(v);
            }
        }
        out
    }

    #[test]
    fn agrees_with_the_crate_field() {
        let values = values();
        for (i, a) in values.iter().enumerate() {
            let (x, cx) = (ours(a), theirs(a));
            assert_eq!(x.to_bytes(), *a);
            assert_eq!((-x).to_bytes(), (-cx).to_repr().as_slice());
            assert_eq!(x.square().to_bytes(), cx.square().to_repr().as_slice());
            assert_eq!(x.double().to_bytes(), cx.double().to_repr().as_slice());
            assert_eq!(bool::from(x.is_zero()), bool::from(cx.is_zero()));
            // Each value against a spread of others (every pair would be 160,000 checks).
            for b in values.iter().skip(i % 7).step_by(7) {
                let (y, cy) = (ours(b), theirs(b));
                assert_eq!((x * y).to_bytes(), (cx * cy).to_repr().as_slice());
                assert_eq!((x + y).to_bytes(), (cx + cy).to_repr().as_slice());
                assert_eq!((x - y).to_bytes(), (cx - cy).to_repr().as_slice());
            }
        }
        assert_eq!(Fp::ONE.to_bytes(), Crate::ONE.to_repr().as_slice());
        assert_eq!(Fp::from_u64(5), ours(&Crate::from_u64(5).to_repr().into()));
        let mut p = [0u8; 32];
        p.copy_from_slice(
            &crate::hex::decode("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF")
                .expect("hex"),
        );
        assert!(Fp::from_bytes(&p).is_none());
        assert!(Fp::from_bytes(&[0xff; 32]).is_none());
    }
}
