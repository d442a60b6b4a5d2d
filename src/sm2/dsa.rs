use sm2::elliptic_curve::ff::PrimeField;
use sm2::elliptic_curve::group::Group;
use sm2::elliptic_curve::ops::Reduce;
use sm2::elliptic_curve::point::AffineCoordinates;
use sm2::elliptic_curve::subtle::ConstantTimeEq;
use sm2::{FieldBytes, ProjectivePoint, Scalar, U256};
use zeroize::Zeroize as _;

use super::{NoncePool, PrivateKey, PublicKey, Signature, SignatureFormat, z_a};
use crate::error::CryptoError;
use crate::sm3::Sm3;

/// A private key bound to a distinguishing ID, with Z_A computed once.
#[derive(Clone)]
pub struct SigningKey {
    key: PrivateKey,
    z: [u8; 32],
    default_id: bool,
    // (1 + d)⁻¹, computed once: an inversion costs as much as a third of a signature.
    dinv: zeroize::Zeroizing<Scalar>,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("public", self.key.public_key())
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// Binds `key` to the distinguishing ID `id` (use [`super::DEFAULT_ID`] unless a
    /// profile says otherwise).
    pub fn new(key: PrivateKey, id: &[u8]) -> Result<Self, CryptoError> {
        let z = z_a(key.public_key(), id)?;
        let dinv = one_plus_d_inverse(&key.scalar())
            .ok_or(CryptoError::BadPrivateKey("d = n-1 is not a valid SM2 key"))?;
        Ok(SigningKey {
            key,
            z,
            default_id: id == super::DEFAULT_ID,
            dinv: zeroize::Zeroizing::new(dinv),
        })
    }

    /// Whether the key is bound to [`super::DEFAULT_ID`].
    pub fn uses_default_id(&self) -> bool {
        self.default_id
    }

    /// The public key.
    pub fn public_key(&self) -> &PublicKey {
        self.key.public_key()
    }

    /// The private key.
    pub fn private_key(&self) -> &PrivateKey {
        &self.key
    }

    /// Z_A for this key and ID.
    pub fn z(&self) -> &[u8; 32] {
        &self.z
    }

    /// A verifying key for the same public key and ID.
    pub fn verifying_key(&self) -> VerifyingKey {
        VerifyingKey::from_parts(*self.key.public_key(), self.z, self.default_id)
    }

    /// Signs `message` deterministically (k from RFC 6979 over SM3). k·G comes from a
    /// precomputed table read in constant time; the table (86 KiB) is built once per process.
    pub fn sign(&self, message: &[u8]) -> Result<Signature, CryptoError> {
        self.sign_with_entropy(message, &[])
    }

    /// Signs `message` with fresh randomness mixed into k (RFC 6979 §3.6), so that two
    /// signatures of one message differ.
    pub fn sign_randomized(&self, message: &[u8]) -> Result<Signature, CryptoError> {
        let mut extra = zeroize::Zeroizing::new([0u8; 32]);
        sm2::elliptic_curve::common::getrandom::fill(extra.as_mut_slice())
            .map_err(|_| CryptoError::RandomFailure)?;
        self.sign_with_entropy(message, extra.as_slice())
    }

    /// Signs and encodes.
    pub fn sign_encoded(
        &self,
        message: &[u8],
        format: SignatureFormat,
    ) -> Result<Vec<u8>, CryptoError> {
        Ok(self.sign(message)?.encode(format))
    }

    /// Signs `message` with a nonce taken from `pool` (random k, k·G computed ahead; see
    /// [`NoncePool`]), refilling the pool with [`NoncePool::REFILL`] nonces when it is empty.
    /// Each nonce is used once and then erased. The signatures are randomized, not RFC 6979.
    pub fn sign_with_pool(
        &self,
        message: &[u8],
        pool: &NoncePool,
    ) -> Result<Signature, CryptoError> {
        let e = reduce(&digest(&self.z, message));
        let d = zeroize::Zeroizing::new(*self.key.scalar());
        for _ in 0..64 {
            let nonce = pool.take()?;
            if let Some(sig) = finish(&d, &self.dinv, &e, nonce.k(), nonce.x1()) {
                return Ok(sig);
            }
        }
        Err(CryptoError::RandomFailure)
    }

    /// Signs every message, computing all the nonces' k·G together (one shared inversion per
    /// table window for up to 256 messages). Randomized like [`SigningKey::sign_with_pool`];
    /// for a steady stream of single signatures, keep a [`NoncePool`] instead.
    pub fn sign_batch<M: AsRef<[u8]>>(
        &self,
        messages: &[M],
    ) -> Result<Vec<Signature>, CryptoError> {
        let pool = NoncePool::new();
        pool.fill(messages.len())?;
        messages
            .iter()
            .map(|m| self.sign_with_pool(m.as_ref(), &pool))
            .collect()
    }

    fn sign_with_entropy(&self, message: &[u8], extra: &[u8]) -> Result<Signature, CryptoError> {
        let e = digest(&self.z, message);
        let d = zeroize::Zeroizing::new(*self.key.scalar());
        let e_scalar = reduce(&e);
        let mut x: [u8; 32] = d.to_repr().into();
        let mut kgen = super::rfc6979::KGenerator::new(&x, &e_scalar.to_repr().into(), extra);
        x.zeroize();
        // Each retry draws the next k from the same generator; the loop ends with
        // overwhelming probability on the first pass.
        for _ in 0..64 {
            let k_bytes = zeroize::Zeroizing::new(kgen.next_k());
            let Some(k) = Option::<Scalar>::from(Scalar::from_repr((*k_bytes).into())) else {
                continue;
            };
            let k = zeroize::Zeroizing::new(k);
            if let Some(sig) = sign_prehash_with_k_and_inverse(&d, &self.dinv, &e, &k) {
                return Ok(sig);
            }
        }
        Err(CryptoError::RandomFailure)
    }
}

pub(crate) fn reduce(bytes: &[u8; 32]) -> Scalar {
    <Scalar as Reduce<U256>>::reduce(&U256::from_be_slice(bytes))
}

fn digest(z: &[u8; 32], message: &[u8]) -> [u8; 32] {
    Sm3::new().chain(z).chain(message).finalize()
}

fn one_plus_d_inverse(d: &Scalar) -> Option<Scalar> {
    Option::<Scalar>::from((*d + Scalar::ONE).invert())
}

/// GB/T 32918.2 steps A4–A7 for a given k; `None` when k must be replaced.
#[cfg(test)]
pub(crate) fn sign_prehash_with_k(d: &Scalar, e: &[u8; 32], k: &Scalar) -> Option<Signature> {
    let dinv = zeroize::Zeroizing::new(one_plus_d_inverse(d)?);
    sign_prehash_with_k_and_inverse(d, &dinv, e, k)
}

/// Steps A4–A7 with (1 + d)⁻¹ supplied; k·G comes from the constant-time fixed-base table.
fn sign_prehash_with_k_and_inverse(
    d: &Scalar,
    dinv: &Scalar,
    e: &[u8; 32],
    k: &Scalar,
) -> Option<Signature> {
    let e = reduce(e);
    if bool::from(k.is_zero()) {
        return None;
    }
    let x1 = super::fast::fixed_base::mul_generator_x(k)?;
    finish(d, dinv, &e, k, &x1.into())
}

/// Steps A5–A7 from k and the x-coordinate of k·G, with e already reduced; `None` when k
/// must be replaced.
pub(crate) fn finish(
    d: &Scalar,
    dinv: &Scalar,
    e: &Scalar,
    k: &Scalar,
    x1: &[u8; 32],
) -> Option<Signature> {
    let r = *e + <Scalar as Reduce<FieldBytes>>::reduce(&FieldBytes::from(*x1));
    if bool::from(r.is_zero() | (r + k).ct_eq(&Scalar::ZERO)) {
        return None;
    }
    let s = *dinv * (*k - r * d);
    if bool::from(s.is_zero()) {
        return None;
    }
    Some(Signature::from_scalars(
        r.to_repr().into(),
        s.to_repr().into(),
    ))
}

/// A public key bound to a distinguishing ID, with Z_A computed once for repeated verification.
#[derive(Clone, Debug)]
pub struct VerifyingKey {
    key: PublicKey,
    z: [u8; 32],
    default_id: bool,
}

impl VerifyingKey {
    /// Binds `key` to the distinguishing ID `id`.
    pub fn new(key: PublicKey, id: &[u8]) -> Result<Self, CryptoError> {
        let z = z_a(&key, id)?;
        Ok(Self::from_parts(key, z, id == super::DEFAULT_ID))
    }

    fn from_parts(key: PublicKey, z: [u8; 32], default_id: bool) -> Self {
        VerifyingKey { key, z, default_id }
    }

    /// Whether the key is bound to [`super::DEFAULT_ID`] (profiles such as COSE require it).
    pub fn uses_default_id(&self) -> bool {
        self.default_id
    }

    /// The public key.
    pub fn public_key(&self) -> &PublicKey {
        &self.key
    }

    /// Z_A for this key and ID.
    pub fn z(&self) -> &[u8; 32] {
        &self.z
    }

    /// e = SM3(Z_A ‖ message).
    pub fn digest(&self, message: &[u8]) -> [u8; 32] {
        digest(&self.z, message)
    }

    /// Verifies a parsed signature: r, s ∈ [1, n−1], t ≠ 0, the check point is not the
    /// identity, and (e + x1) mod n = r.
    pub fn verify(&self, message: &[u8], signature: &Signature) -> Result<(), CryptoError> {
        self.verify_prehash(&self.digest(message), signature)
    }

    /// Verifies against e = SM3(Z_A ‖ M) computed by the caller.
    pub fn verify_prehash(&self, e: &[u8; 32], signature: &Signature) -> Result<(), CryptoError> {
        // B1, B2: r, s ∈ [1, n−1].
        let r = Option::<Scalar>::from(Scalar::from_repr((*signature.r()).into()))
            .filter(|r| !bool::from(r.is_zero()))
            .ok_or(CryptoError::SignatureInvalid)?;
        let s = Option::<Scalar>::from(Scalar::from_repr((*signature.s()).into()))
            .filter(|s| !bool::from(s.is_zero()))
            .ok_or(CryptoError::SignatureInvalid)?;
        // B5: t = r + s ≠ 0.
        let t = r + s;
        if bool::from(t.is_zero()) {
            return Err(CryptoError::SignatureInvalid);
        }
        // B6: (x1, y1) = sG + tP, never the identity.
        let point = ProjectivePoint::mul_by_generator(&s)
            + ProjectivePoint::from(*self.key.as_inner().as_affine()) * t;
        if bool::from(point.is_identity()) {
            return Err(CryptoError::SignatureInvalid);
        }
        // B7: R = (e + x1) mod n.
        let x1 = point.to_affine().x();
        if reduce(e) + <Scalar as Reduce<FieldBytes>>::reduce(&x1) == r {
            Ok(())
        } else {
            Err(CryptoError::SignatureInvalid)
        }
    }

    /// Parses `signature` in `format` and verifies it.
    pub fn verify_encoded(
        &self,
        message: &[u8],
        signature: &[u8],
        format: SignatureFormat,
    ) -> Result<(), CryptoError> {
        self.verify(message, &Signature::decode(signature, format)?)
    }
}
