//! Prepared verifying keys: precomputed signed-window tables for the generator (shared by
//! the process) and for each issuer key, variable-time additions, and an x-check without an
//! inversion. Verification handles only public data, so nothing here needs to be constant
//! time.

use std::sync::{Arc, OnceLock};

use sm2::Scalar;
use sm2::U256;
use sm2::elliptic_curve::ff::PrimeField;
use sm2::elliptic_curve::ops::Reduce;

use super::field::{self, Fe};
use super::point::{self, Affine, Jacobian};
use super::recode;
use crate::error::CryptoError;
use crate::sm2::{PublicKey, Signature, VerifyingKey};

/// How much memory a prepared key may use for its table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TableSize {
    /// 5-bit signed windows: 52 windows, about 51 KiB per key, 52 additions per verify for
    /// the key's half.
    Compact,
    /// 8-bit signed windows: 33 windows, about 256 KiB per key, 33 additions.
    Fast,
}

impl TableSize {
    fn window(self) -> usize {
        match self {
            TableSize::Compact => 5,
            TableSize::Fast => 8,
        }
    }
}

/// Window width of the generator's table, shared by every key (8 bits, about 256 KiB).
const G_WINDOW: usize = 8;
/// Most digits any table width above needs (5-bit windows).
const MAX_DIGITS: usize = recode::signed_windows(5);

/// j·2^(w·i)·P for every window i and 1 ≤ j ≤ the window's largest digit, affine.
struct SignedTable {
    window: usize,
    points: Vec<Affine>,
}

impl SignedTable {
    fn build(p: &Affine, window: usize) -> Option<SignedTable> {
        let windows = recode::signed_windows(window);
        let mut jac = Vec::with_capacity(
            (0..windows)
                .map(|i| recode::signed_window_entries(window, i))
                .sum(),
        );
        let mut base = Jacobian::from_affine(p);
        for i in 0..windows {
            let mut multiple = base;
            for _ in 0..recode::signed_window_entries(window, i) {
                jac.push(multiple);
                multiple = multiple.add(&base);
            }
            for _ in 0..window {
                base = base.double();
            }
        }
        Some(SignedTable {
            window,
            points: point::batch_normalize(&jac)?,
        })
    }

    fn bytes(&self) -> usize {
        self.points.capacity() * std::mem::size_of::<Affine>()
    }

    /// acc + Σ d_i·2^(w·i)·P. `None` only if a digit lies outside the table, which the
    /// recoding rules out.
    fn accumulate(&self, mut acc: Jacobian, digits: &[i32]) -> Option<Jacobian> {
        let stride = 1usize << (self.window - 1);
        for (i, &d) in digits.iter().enumerate() {
            if d == 0 {
                continue;
            }
            let magnitude = usize::try_from(d.unsigned_abs()).ok()?;
            let entry = self.points.get(i * stride + magnitude - 1)?;
            acc = if d > 0 {
                acc.add_affine(&entry.x, &entry.y)
            } else {
                acc.add_affine(&entry.x, &(-entry.y))
            };
        }
        Some(acc)
    }
}

static GENERATOR: OnceLock<Option<SignedTable>> = OnceLock::new();

fn generator_table() -> Option<&'static SignedTable> {
    GENERATOR
        .get_or_init(|| SignedTable::build(&point::generator(), G_WINDOW))
        .as_ref()
}

struct Inner {
    key: VerifyingKey,
    size: TableSize,
    // `None` only if the table could not be built (impossible for a valid key); verification
    // then takes the generic path.
    table: Option<SignedTable>,
}

/// A verifying key with precomputed tables, for issuer keys that verify many signatures.
///
/// Accepts and rejects exactly what [`VerifyingKey::verify`] does, about an order of
/// magnitude faster. Cloning is cheap (the tables are shared).
#[derive(Clone)]
pub struct PreparedVerifyingKey {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for PreparedVerifyingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreparedVerifyingKey")
            .field("public", self.public_key())
            .field("size", &self.inner.size)
            .finish_non_exhaustive()
    }
}

impl PreparedVerifyingKey {
    /// Precomputes `key`'s table (under 1 ms for `Compact`, 2–4 ms for `Fast` in release
    /// builds). The generator's table is built once per process, on first use.
    pub fn new(key: &VerifyingKey, size: TableSize) -> PreparedVerifyingKey {
        let table = field::coordinates(key.public_key().as_inner().as_affine())
            .and_then(|(x, y)| SignedTable::build(&Affine { x, y }, size.window()));
        PreparedVerifyingKey {
            inner: Arc::new(Inner {
                key: key.clone(),
                size,
                table,
            }),
        }
    }

    /// The public key.
    pub fn public_key(&self) -> &PublicKey {
        self.inner.key.public_key()
    }

    /// The key as prepared, with its Z_A.
    pub fn verifying_key(&self) -> &VerifyingKey {
        &self.inner.key
    }

    /// The table size chosen.
    pub fn table_size(&self) -> TableSize {
        self.inner.size
    }

    /// Bytes this key holds (its table and bookkeeping), not counting the shared
    /// generator table ([`PreparedVerifyingKey::shared_bytes`]).
    pub fn memory_bytes(&self) -> usize {
        std::mem::size_of::<Inner>()
            + 2 * std::mem::size_of::<usize>()
            + self.inner.table.as_ref().map_or(0, SignedTable::bytes)
    }

    /// Bytes of the generator table that all prepared keys of the process share, once it is
    /// built.
    pub fn shared_bytes() -> usize {
        generator_table().map_or(0, SignedTable::bytes)
    }

    /// Verifies a parsed signature over `message` (e = SM3(Z_A ‖ message)).
    pub fn verify(&self, message: &[u8], signature: &Signature) -> Result<(), CryptoError> {
        self.verify_prehash(&self.inner.key.digest(message), signature)
    }

    /// Verifies against e = SM3(Z_A ‖ M) computed by the caller.
    pub fn verify_prehash(&self, e: &[u8; 32], signature: &Signature) -> Result<(), CryptoError> {
        // B1, B2: r, s ∈ [1, n−1].
        let r = in_range(signature.r()).ok_or(CryptoError::SignatureInvalid)?;
        let s = in_range(signature.s()).ok_or(CryptoError::SignatureInvalid)?;
        // B5: t = r + s ≠ 0.
        let t = r + s;
        if bool::from(t.is_zero()) {
            return Err(CryptoError::SignatureInvalid);
        }
        let (Some(g_table), Some(key_table)) = (generator_table(), self.inner.table.as_ref())
        else {
            return self.inner.key.verify_prehash(e, signature);
        };
        // B6: (x1, y1) = sG + tP, never the identity.
        let mut digits = [0i32; MAX_DIGITS];
        let g_digits = &mut digits[..recode::signed_windows(G_WINDOW)];
        recode::signed_vartime(&s.to_repr().into(), G_WINDOW, g_digits);
        let acc = g_table
            .accumulate(Jacobian::IDENTITY, g_digits)
            .ok_or(CryptoError::SignatureInvalid)?;
        let key_digits = &mut digits[..recode::signed_windows(key_table.window)];
        recode::signed_vartime(&t.to_repr().into(), key_table.window, key_digits);
        let acc = key_table
            .accumulate(acc, key_digits)
            .ok_or(CryptoError::SignatureInvalid)?;
        if acc.is_identity() {
            return Err(CryptoError::SignatureInvalid);
        }
        // B7: (e + x1) mod n = r ⇔ x1 ≡ c = (r − e) mod n. As x1 < p < 2n, x1 is c or c + n,
        // and X = x1·Z², so no inversion is needed.
        let c = r - <Scalar as Reduce<U256>>::reduce(&U256::from_be_slice(e));
        let c = U256::from_be_slice(&c.to_repr());
        let zz = acc.z.square();
        if x_matches(&acc.x, &zz, &c)
            || (c < field::P_MINUS_N && x_matches(&acc.x, &zz, &c.wrapping_add(&field::N)))
        {
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
        format: crate::sm2::SignatureFormat,
    ) -> Result<(), CryptoError> {
        self.verify(message, &Signature::decode(signature, format)?)
    }
}

fn in_range(bytes: &[u8; 32]) -> Option<Scalar> {
    Option::<Scalar>::from(Scalar::from_repr((*bytes).into())).filter(|v| !bool::from(v.is_zero()))
}

fn x_matches(x: &Fe, zz: &Fe, candidate: &U256) -> bool {
    field::from_uint(candidate).is_some_and(|c| c * zz == *x)
}

impl VerifyingKey {
    /// Precomputes tables for fast repeated verification with this key.
    pub fn prepare(&self, size: TableSize) -> PreparedVerifyingKey {
        PreparedVerifyingKey::new(self, size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sm2::{DEFAULT_ID, PrivateKey, SigningKey};

    fn signer(seed: u8) -> SigningKey {
        let key = PrivateKey::from_bytes(&crate::sm3::sm3(&[seed])).expect("key");
        SigningKey::new(key, DEFAULT_ID).expect("signer")
    }

    #[test]
    fn memory_is_as_documented() {
        let vk = signer(1).verifying_key();
        let compact = vk.prepare(TableSize::Compact);
        let fast = vk.prepare(TableSize::Fast);
        // The figures in the module docs (64-bit targets).
        if std::mem::size_of::<usize>() == 8 {
            assert_eq!(compact.memory_bytes(), 52_520);
            assert_eq!(fast.memory_bytes(), 262_376);
            assert_eq!(PreparedVerifyingKey::shared_bytes(), 262_208);
        }
        assert!(compact.memory_bytes() <= 64 * 1024);
        assert!(fast.memory_bytes() <= 320 * 1024);
        let clone = fast.clone();
        assert!(Arc::ptr_eq(&clone.inner, &fast.inner));
        assert_eq!(clone.public_key(), vk.public_key());
        fn send_sync<T: Send + Sync>() {}
        send_sync::<PreparedVerifyingKey>();
    }

    #[test]
    fn accepts_and_rejects_like_the_generic_verifier() {
        for seed in 0..4u8 {
            let sk = signer(seed);
            let vk = sk.verifying_key();
            let prepared = [vk.prepare(TableSize::Compact), vk.prepare(TableSize::Fast)];
            for m in 0..8u8 {
                let msg = [m; 5];
                let sig = sk.sign(&msg).expect("sign");
                let mut bad_r = *sig.r();
                bad_r[31] ^= 1;
                let cases = [
                    (msg.to_vec(), sig),
                    (b"other".to_vec(), sig),
                    (msg.to_vec(), Signature::from_scalars(bad_r, *sig.s())),
                ];
                for (message, s) in &cases {
                    let expected = vk.verify(message, s);
                    for p in &prepared {
                        assert_eq!(p.verify(message, s), expected);
                    }
                }
                for p in &prepared {
                    assert_eq!(p.verify(&msg, &sig), Ok(()));
                }
            }
        }
    }
}
