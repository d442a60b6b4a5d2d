//! Jacobian points (x = X/Z², y = Y/Z³) with variable-time formulas for a = −3, for public
//! data only: table building and verification. The signer has its own constant-time path.

use super::field::{self, Fe};

/// A point in affine coordinates; never the identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Affine {
    pub(crate) x: Fe,
    pub(crate) y: Fe,
}

/// A point in Jacobian coordinates; Z = 0 is the identity.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Jacobian {
    pub(crate) x: Fe,
    pub(crate) y: Fe,
    pub(crate) z: Fe,
}

impl Jacobian {
    pub(crate) const IDENTITY: Jacobian = Jacobian {
        x: Fe::ONE,
        y: Fe::ONE,
        z: Fe::ZERO,
    };

    pub(crate) fn from_affine(p: &Affine) -> Jacobian {
        Jacobian {
            x: p.x,
            y: p.y,
            z: Fe::ONE,
        }
    }

    pub(crate) fn is_identity(&self) -> bool {
        bool::from(self.z.is_zero())
    }

    /// dbl-2001-b (3M + 5S). The identity doubles to Z = 0; y = 0 cannot occur in a group
    /// of odd prime order.
    pub(crate) fn double(&self) -> Jacobian {
        let delta = self.z.square();
        let gamma = self.y.square();
        let beta = self.x * gamma;
        let t = (self.x - delta) * (self.x + delta);
        let alpha = t.double() + t;
        let beta4 = beta.double().double();
        let x3 = alpha.square() - beta4.double();
        let z3 = (self.y + self.z).square() - gamma - delta;
        let gamma2 = gamma.square();
        let y3 = alpha * (beta4 - x3) - gamma2.double().double().double();
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// self + (x, y), complete for every input (8M + 3S in the common case).
    pub(crate) fn add_affine(&self, x2: &Fe, y2: &Fe) -> Jacobian {
        if self.is_identity() {
            return Jacobian {
                x: *x2,
                y: *y2,
                z: Fe::ONE,
            };
        }
        let z1z1 = self.z.square();
        let u2 = *x2 * z1z1;
        let s2 = *y2 * (self.z * z1z1);
        let h = u2 - self.x;
        let r = s2 - self.y;
        if bool::from(h.is_zero()) {
            return if bool::from(r.is_zero()) {
                self.double()
            } else {
                Jacobian::IDENTITY
            };
        }
        let hh = h.square();
        let hhh = h * hh;
        let v = self.x * hh;
        let x3 = r.square() - hhh - v.double();
        let y3 = r * (v - x3) - self.y * hhh;
        Jacobian {
            x: x3,
            y: y3,
            z: self.z * h,
        }
    }

    /// self + other, complete for every input (add-2007-bl without the 2× trick).
    pub(crate) fn add(&self, other: &Jacobian) -> Jacobian {
        if self.is_identity() {
            return *other;
        }
        if other.is_identity() {
            return *self;
        }
        let z1z1 = self.z.square();
        let z2z2 = other.z.square();
        let u1 = self.x * z2z2;
        let u2 = other.x * z1z1;
        let s1 = self.y * (other.z * z2z2);
        let s2 = other.y * (self.z * z1z1);
        let h = u2 - u1;
        let r = s2 - s1;
        if bool::from(h.is_zero()) {
            return if bool::from(r.is_zero()) {
                self.double()
            } else {
                Jacobian::IDENTITY
            };
        }
        let hh = h.square();
        let hhh = h * hh;
        let v = u1 * hh;
        let x3 = r.square() - hhh - v.double();
        let y3 = r * (v - x3) - s1 * hhh;
        Jacobian {
            x: x3,
            y: y3,
            z: self.z * other.z * h,
        }
    }
}

/// Converts points to affine with one inversion; `None` if any is the identity.
pub(crate) fn batch_normalize(points: &[Jacobian]) -> Option<Vec<Affine>> {
    let mut zinv: Vec<Fe> = points.iter().map(|p| p.z).collect();
    if !field::batch_invert_vartime(&mut zinv) {
        return None;
    }
    Some(
        points
            .iter()
            .zip(zinv)
            .map(|(p, zi)| {
                let zi2 = zi.square();
                Affine {
                    x: p.x * zi2,
                    y: p.y * (zi2 * zi),
                }
            })
            .collect(),
    )
}

/// The generator in affine coordinates.
pub(crate) fn generator() -> Affine {
    // The curve constants are valid field elements; the fallback is unreachable.
    let (x, y) = field::coordinates(&sm2::AffinePoint::GENERATOR).unwrap_or((Fe::ZERO, Fe::ZERO));
    Affine { x, y }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use sm2::elliptic_curve::Group;
    use sm2::{ProjectivePoint, Scalar};

    /// The crate's own k·G, as an `Affine`.
    pub(crate) fn reference(k: &Scalar) -> Option<Affine> {
        let p = ProjectivePoint::mul_by_generator(k).to_affine();
        field::coordinates(&p).map(|(x, y)| Affine { x, y })
    }

    pub(crate) fn to_affine(p: &Jacobian) -> Option<Affine> {
        batch_normalize(&[*p]).map(|v| v[0])
    }

    #[test]
    fn formulas_agree_with_the_crate() {
        let g = generator();
        assert_eq!(reference(&Scalar::ONE), Some(g));
        let jg = Jacobian::from_affine(&g);
        // 2G three ways.
        let two = reference(&Scalar::from(2u64));
        assert_eq!(to_affine(&jg.double()), two);
        assert_eq!(to_affine(&jg.add_affine(&g.x, &g.y)), two);
        assert_eq!(to_affine(&jg.add(&jg)), two);
        // Sums of non-trivial Jacobian points (Z ≠ 1).
        let mut acc = Jacobian::IDENTITY;
        let mut jacc = Jacobian::IDENTITY;
        for i in 1u64..=20 {
            acc = acc.add_affine(&g.x, &g.y);
            jacc = jacc.add(&jg.double().add(&Jacobian::IDENTITY));
            assert_eq!(to_affine(&acc), reference(&Scalar::from(i)));
            assert_eq!(to_affine(&jacc), reference(&Scalar::from(2 * i)));
        }
        // P + (−P) = O, and O + O = O.
        let neg = acc.add_affine(&g.x, &(-g.y));
        assert_eq!(to_affine(&neg), reference(&Scalar::from(19u64)));
        let p = to_affine(&acc).expect("20G");
        assert!(acc.add_affine(&p.x, &(-p.y)).is_identity());
        let minus = Jacobian::from_affine(&Affine { x: p.x, y: -p.y });
        assert!(acc.add(&minus).is_identity());
        assert!(Jacobian::IDENTITY.add(&Jacobian::IDENTITY).is_identity());
        assert!(Jacobian::IDENTITY.double().is_identity());
        assert!(batch_normalize(&[jg, Jacobian::IDENTITY]).is_none());
    }
}
