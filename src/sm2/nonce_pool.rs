//! Signing nonces computed ahead: random k with k·G already known, made many at a time.
//!
//! Most of a signature is k·G. Computing many together lets the additions share their
//! inversions (`fast::fixed_base::mul_generator_x_batch`), which makes each k·G cheaper, and
//! a pool filled ahead moves that work out of the signing call (GmSSL's approach).

use std::sync::Mutex;

use sm2::Scalar;
use sm2::elliptic_curve::ff::PrimeField;
use zeroize::Zeroize;

use crate::error::CryptoError;

/// One nonce: k and the x-coordinate of k·G. Erased when dropped.
pub(crate) struct Nonce {
    k: Scalar,
    x1: [u8; 32],
}

impl Nonce {
    pub(crate) fn k(&self) -> &Scalar {
        &self.k
    }

    pub(crate) fn x1(&self) -> &[u8; 32] {
        &self.x1
    }
}

impl Drop for Nonce {
    fn drop(&mut self) {
        self.k.zeroize();
        self.x1.zeroize();
    }
}

/// Signing nonces (random k with k·G precomputed) for [`super::SigningKey::sign_with_pool`].
///
/// - **Single use.** Each nonce is removed from the pool under a lock when it is handed
///   out, so no two signatures ever get the same k, from any number of threads; it is
///   erased after the signature is made.
/// - **Secret.** Nonces live on the heap, one allocation each (a growing pool never copies
///   them), are erased when used or when the pool is dropped, and are never printed.
/// - **Not tied to a key.** One pool can serve every [`super::SigningKey`] of a process.
///
/// k comes from the operating system's random generator, so signatures made with a pool
/// are randomized, not RFC 6979 deterministic like [`super::SigningKey::sign`]. k·G is
/// computed in constant time, in batches that share their inversions (`benches/vs_openssl.rs`
/// prints the rates of filling and of signing from a filled pool).
#[derive(Default)]
pub struct NoncePool {
    // Boxed so that growing the Vec moves pointers, never leaving copies of nonces behind.
    #[allow(clippy::vec_box)]
    nonces: Mutex<Vec<Box<Nonce>>>,
}

impl std::fmt::Debug for NoncePool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NoncePool")
            .field("len", &self.len())
            .finish_non_exhaustive()
    }
}

impl NoncePool {
    /// How many nonces [`super::SigningKey::sign_with_pool`] adds to an empty pool.
    pub const REFILL: usize = 256;

    /// An empty pool.
    pub fn new() -> NoncePool {
        NoncePool::default()
    }

    /// Computes `count` new nonces (outside the lock, so other threads keep signing) and
    /// adds them.
    pub fn fill(&self, count: usize) -> Result<(), CryptoError> {
        let mut ks = random_scalars(count)?;
        let xs = super::fast::fixed_base::mul_generator_x_batch(&ks)
            .ok_or(CryptoError::RandomFailure)?;
        let fresh: Vec<Box<Nonce>> = ks
            .iter()
            .zip(xs)
            .map(|(k, x1)| Box::new(Nonce { k: *k, x1 }))
            .collect();
        ks.iter_mut().for_each(Zeroize::zeroize);
        self.lock().extend(fresh);
        Ok(())
    }

    /// Nonces left.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no nonce is left.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Removes one nonce, refilling first if the pool is empty.
    pub(crate) fn take(&self) -> Result<Box<Nonce>, CryptoError> {
        loop {
            if let Some(n) = self.lock().pop() {
                return Ok(n);
            }
            self.fill(Self::REFILL)?;
        }
    }

    #[allow(clippy::vec_box)]
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Box<Nonce>>> {
        // A panic elsewhere while holding the lock leaves the Vec itself consistent.
        self.nonces
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// `count` uniform scalars in [1, n−1] from the operating system (one read for all;
/// candidates ≥ n or zero, with probability about 2⁻¹²⁸ each, are drawn again).
fn random_scalars(count: usize) -> Result<Vec<Scalar>, CryptoError> {
    let mut bytes = zeroize::Zeroizing::new(vec![0u8; count * 32]);
    sm2::elliptic_curve::common::getrandom::fill(&mut bytes)
        .map_err(|_| CryptoError::RandomFailure)?;
    let mut out = Vec::with_capacity(count);
    for chunk in bytes.chunks_exact(32) {
        let mut candidate = [0u8; 32];
        candidate.copy_from_slice(chunk);
        loop {
            let k = Option::<Scalar>::from(Scalar::from_repr(candidate.into()));
            candidate.zeroize();
            // Whether a candidate is rejected is public: it only costs another draw.
            if let Some(k) = k.filter(|k| !bool::from(k.is_zero())) {
                out.push(k);
                break;
            }
            sm2::elliptic_curve::common::getrandom::fill(&mut candidate)
                .map_err(|_| CryptoError::RandomFailure)?;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sm2::{DEFAULT_ID, PrivateKey, SigningKey};
    use std::collections::HashSet;
    use std::sync::Arc;

    fn signer() -> SigningKey {
        let key = PrivateKey::from_bytes(&crate::sm3::sm3(b"pool key")).expect("key");
        SigningKey::new(key, DEFAULT_ID).expect("signer")
    }

    #[test]
    fn nonces_are_valid_and_taken_once() {
        let pool = NoncePool::new();
        pool.fill(300).expect("fill");
        assert_eq!(pool.len(), 300);
        let mut seen = HashSet::new();
        for _ in 0..300 {
            let n = pool.take().expect("nonce");
            let expected = super::super::fast::fixed_base::mul_generator_x(n.k()).expect("kG");
            assert_eq!(<[u8; 32]>::from(expected), *n.x1());
            assert!(
                seen.insert(n.k().to_repr().to_vec()),
                "a k was handed out twice"
            );
        }
        assert!(pool.is_empty());
        // An empty pool refills itself.
        let _ = pool.take().expect("refilled");
        assert_eq!(pool.len(), NoncePool::REFILL - 1);
        assert!(!format!("{pool:?}").contains("x1"));
    }

    #[test]
    fn no_k_twice_across_threads() {
        // Eight threads sign the same message from one pool (which refills itself as it
        // runs dry): equal messages give equal e, so equal r would mean equal k·G.
        let signer = Arc::new(signer());
        let pool = Arc::new(NoncePool::new());
        pool.fill(500).expect("fill");
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let (signer, pool) = (Arc::clone(&signer), Arc::clone(&pool));
                std::thread::spawn(move || {
                    (0..200)
                        .map(|_| signer.sign_with_pool(b"same message", &pool).expect("sign"))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let sigs: Vec<_> = threads
            .into_iter()
            .flat_map(|t| t.join().expect("thread"))
            .collect();
        assert_eq!(sigs.len(), 1600);
        let rs: HashSet<[u8; 32]> = sigs.iter().map(|s| *s.r()).collect();
        assert_eq!(rs.len(), sigs.len(), "two signatures shared a nonce");
        let vk = signer.verifying_key();
        for s in &sigs {
            vk.verify(b"same message", s).expect("verifies");
        }
    }

    #[test]
    fn sign_batch_verifies() {
        let signer = signer();
        let vk = signer.verifying_key();
        let messages: Vec<Vec<u8>> = (0..300u32).map(|i| i.to_le_bytes().to_vec()).collect();
        let sigs = signer.sign_batch(&messages).expect("batch");
        assert_eq!(sigs.len(), messages.len());
        for (m, s) in messages.iter().zip(&sigs) {
            vk.verify(m, s).expect("verifies");
            assert!(vk.verify(b"other", s).is_err());
        }
        assert!(signer.sign_batch::<&[u8]>(&[]).expect("empty").is_empty());
    }
}
