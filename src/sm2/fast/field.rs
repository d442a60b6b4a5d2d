//! Field helpers around [`Fp`]: conversions, inversions, batch inversion.

use sm2::U256;
use sm2::elliptic_curve::bigint::Odd;
use sm2::elliptic_curve::point::AffineCoordinates;

pub(crate) use super::fp::Fp as Fe;

const P_HEX: &str = "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF";

/// p as an odd modulus, for crypto-bigint's inversions (safegcd), which are several times
/// faster than the fiat-crypto field element's own.
pub(crate) const P: Odd<U256> = Odd::<U256>::from_be_hex(P_HEX);

/// The group order n.
pub(crate) const N: U256 =
    U256::from_be_hex("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123");

/// p − n: c + n < p exactly when c < p − n.
pub(crate) const P_MINUS_N: U256 =
    U256::from_be_hex("000000000000000000000000000000008DFC2093DE39FAD5AC440BF6C62ABEDC");

fn be_bytes(value: &U256) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(&value.to_be_bytes());
    out
}

/// The field element of a canonical integer below p.
pub(crate) fn from_uint(value: &U256) -> Option<Fe> {
    Fe::from_bytes(&be_bytes(value))
}

fn to_uint(value: &Fe) -> U256 {
    U256::from_be_slice(&value.to_bytes())
}

/// Affine coordinates of a point that is not the identity.
pub(crate) fn coordinates(point: &sm2::AffinePoint) -> Option<(Fe, Fe)> {
    let x = Fe::from_bytes(&point.x().into())?;
    let y = Fe::from_bytes(&point.y().into())?;
    Some((x, y))
}

/// Inverse of a public value, variable time; `None` for zero.
pub(crate) fn invert_vartime(a: &Fe) -> Option<Fe> {
    let inv = to_uint(a).invert_odd_mod_vartime(&P).into_option()?;
    from_uint(&inv)
}

/// Inverse in constant time (crypto-bigint's safegcd); zero maps to zero.
pub(crate) fn invert_ct(a: &Fe) -> Fe {
    let inv = to_uint(a).invert_odd_mod(&P);
    // `invert_odd_mod` is constant time. The branches below are on "a ≠ 0" and on "the
    // inverse is below p", which hold for every input the signer passes, so they reveal
    // nothing about the value.
    let inv = inv.into_option().unwrap_or(U256::ZERO);
    from_uint(&inv).unwrap_or(Fe::ZERO)
}

/// Replaces every element by its inverse with one inversion (Montgomery's trick). Public
/// data only. `false` (nothing changed) if an element is zero.
pub(crate) fn batch_invert_vartime(values: &mut [Fe]) -> bool {
    let mut prefix = Vec::with_capacity(values.len());
    let mut acc = Fe::ONE;
    for v in values.iter() {
        prefix.push(acc);
        acc *= v;
    }
    let Some(mut inv) = invert_vartime(&acc) else {
        return false;
    };
    for (v, before) in values.iter_mut().zip(prefix).rev() {
        let vi = inv * before;
        inv *= *v;
        *v = vi;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_match_the_curve() {
        let p = P.get();
        assert_eq!(p.wrapping_sub(&N), P_MINUS_N);
        // p − 1 is the largest element: adding one wraps to zero.
        let max = from_uint(&p.wrapping_sub(&U256::ONE)).expect("p-1");
        assert_eq!(max + Fe::ONE, Fe::ZERO);
        assert!(from_uint(&p).is_none());
    }

    #[test]
    fn inversions_invert() {
        let mut values: Vec<Fe> = (1u64..40)
            .map(|i| Fe::from_u64(i * 7919).square())
            .collect();
        values.push(-Fe::ONE);
        let original = values.clone();
        for v in &values {
            let inv = invert_vartime(v).expect("non-zero");
            assert_eq!(inv * v, Fe::ONE);
            assert_eq!(invert_ct(v), inv);
        }
        assert!(batch_invert_vartime(&mut values));
        for (v, o) in values.iter().zip(&original) {
            assert_eq!(*v * o, Fe::ONE);
        }
        assert_eq!(invert_vartime(&Fe::ZERO), None);
        assert_eq!(invert_ct(&Fe::ZERO), Fe::ZERO);
        let mut with_zero = vec![Fe::ONE, Fe::ZERO];
        assert!(!batch_invert_vartime(&mut with_zero));
    }
}
