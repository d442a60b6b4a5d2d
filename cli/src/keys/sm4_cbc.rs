//! PBES2 with SM4-CBC (OID 1.2.156.10197.1.104.2), as `openssl pkcs8 -topk8 -v2 sm4-cbc`
//! writes it. The `pkcs5` crate knows only AES and DES ciphers, so the EncryptedPrivateKeyInfo
//! is parsed here with `der`; the KDF parameters are still parsed by `pkcs5` and the key is
//! derived with the same PBKDF2 and scrypt crates the AES path uses.

use cbc::cipher::{BlockModeDecrypt, KeyIvInit, block_padding::NoPadding};
use pkcs8::der::asn1::{AnyRef, ObjectIdentifier, OctetStringRef};
use pkcs8::der::{Decode, Reader, SliceReader};
use pkcs8::pkcs5::pbes2::{Kdf, PBES2_OID, Pbkdf2Params, Pbkdf2Prf, ScryptParams};
use pkcs8::pkcs5::scrypt;
use pkcs8::spki::AlgorithmIdentifierRef;
use subtle::{Choice, ConstantTimeEq, ConstantTimeLess};
use zeroize::Zeroizing;

/// sm4-cbc in GM/T 0006 (OpenSSL's `NID_sm4_cbc`).
pub(super) const SM4_CBC_OID: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.156.10197.1.104.2");

const KEY_LEN: usize = 16;
const BLOCK_LEN: usize = 16;

/// The same bound on PBKDF2 iterations `pkcs5` puts on the keys it writes.
const MAX_PBKDF2_ITERATIONS: u32 = Pbkdf2Params::MAX_ITERATION_COUNT;

/// scrypt needs about 128·r·(N + p) bytes; a key file may not ask for more than this
/// (OpenSSL's `-scrypt` default, N = 16384 and r = 8, needs 16 MiB).
const MAX_SCRYPT_MEMORY: u128 = 256 << 20;

/// An EncryptedPrivateKeyInfo whose scheme is PBES2 with SM4-CBC.
pub(super) struct Sm4CbcKey<'a> {
    kdf: Kdf,
    iv: [u8; BLOCK_LEN],
    ciphertext: &'a [u8],
}

/// Why a key could not be decrypted. Every case is the same error to the user (a wrong
/// passphrase and a broken file are not told apart).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct DecryptError;

impl<'a> Sm4CbcKey<'a> {
    /// `der` as a PBES2/SM4-CBC EncryptedPrivateKeyInfo, or `None` when it is anything else
    /// (another scheme, another cipher, not DER, trailing bytes).
    pub(super) fn parse(der: &'a [u8]) -> Option<Sm4CbcKey<'a>> {
        let mut reader = SliceReader::new(der).ok()?;
        let key = reader
            .sequence(|r| {
                let scheme = AlgorithmIdentifierRef::decode(r)?;
                let ciphertext = <&OctetStringRef>::decode(r)?;
                Ok::<_, pkcs8::der::Error>((scheme, ciphertext.as_bytes()))
            })
            .ok()?;
        reader.finish().ok()?;
        let (scheme, ciphertext) = key;
        if scheme.oid != PBES2_OID {
            return None;
        }
        let (kdf, cipher) = scheme
            .parameters?
            .sequence(|r| {
                let kdf = AlgorithmIdentifierRef::decode(r)?;
                let cipher = AlgorithmIdentifierRef::decode(r)?;
                Ok::<_, pkcs8::der::Error>((kdf, cipher))
            })
            .ok()?;
        if cipher.oid != SM4_CBC_OID {
            return None;
        }
        let iv: AnyRef<'_> = cipher.parameters?;
        let iv = iv.decode_as::<&OctetStringRef>().ok()?;
        let iv = <[u8; BLOCK_LEN]>::try_from(iv.as_bytes()).ok()?;
        let kdf = Kdf::try_from(kdf).ok()?;
        Some(Sm4CbcKey {
            kdf,
            iv,
            ciphertext,
        })
    }

    /// The decrypted PrivateKeyInfo DER, its PKCS#7 padding checked and removed.
    pub(super) fn decrypt(&self, pass: &[u8]) -> Result<Zeroizing<Vec<u8>>, DecryptError> {
        let key = derive_key(&self.kdf, pass)?;
        if self.ciphertext.is_empty() || !self.ciphertext.len().is_multiple_of(BLOCK_LEN) {
            return Err(DecryptError);
        }
        let mut plain = Zeroizing::new(self.ciphertext.to_vec());
        cbc::Decryptor::<sm4::Sm4>::new_from_slices(key.as_slice(), &self.iv)
            .map_err(|_| DecryptError)?
            .decrypt_padded::<NoPadding>(&mut plain)
            .map_err(|_| DecryptError)?;
        let len = unpad_pkcs7(&plain)?;
        plain.truncate(len);
        Ok(plain)
    }
}

fn derive_key(kdf: &Kdf, pass: &[u8]) -> Result<Zeroizing<[u8; KEY_LEN]>, DecryptError> {
    if kdf
        .key_length()
        .is_some_and(|len| usize::from(len) != KEY_LEN)
    {
        return Err(DecryptError);
    }
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    match kdf {
        Kdf::Pbkdf2(params) => {
            let (salt, rounds) = (params.salt.as_bytes(), params.iteration_count);
            if rounds == 0 || rounds > MAX_PBKDF2_ITERATIONS {
                return Err(DecryptError);
            }
            let out = key.as_mut_slice();
            match params.prf {
                Pbkdf2Prf::HmacWithSha224 => {
                    pbkdf2::pbkdf2_hmac::<sha2::Sha224>(pass, salt, rounds, out)
                }
                Pbkdf2Prf::HmacWithSha256 => {
                    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(pass, salt, rounds, out)
                }
                Pbkdf2Prf::HmacWithSha384 => {
                    pbkdf2::pbkdf2_hmac::<sha2::Sha384>(pass, salt, rounds, out)
                }
                Pbkdf2Prf::HmacWithSha512 => {
                    pbkdf2::pbkdf2_hmac::<sha2::Sha512>(pass, salt, rounds, out)
                }
                // HMAC-SHA1 is refused here as on the AES path (pkcs5 without `sha1-insecure`).
                _ => return Err(DecryptError),
            }
        }
        Kdf::Scrypt(params) => {
            let params_ok = scrypt_params(params)?;
            scrypt::scrypt(pass, params.salt.as_bytes(), &params_ok, key.as_mut_slice())
                .map_err(|_| DecryptError)?;
        }
        _ => return Err(DecryptError),
    }
    Ok(key)
}

// N must be a power of two above 1 (checked before `pkcs5`'s conversion, which assumes
// N > 0), and the memory it asks for bounded.
fn scrypt_params(params: &ScryptParams) -> Result<scrypt::Params, DecryptError> {
    let n = params.cost_parameter;
    if n < 2 || !n.is_power_of_two() {
        return Err(DecryptError);
    }
    let (r, p) = (
        u128::from(params.block_size),
        u128::from(params.parallelization),
    );
    if 128 * r * (u128::from(n) + p) > MAX_SCRYPT_MEMORY {
        return Err(DecryptError);
    }
    let log_n = u8::try_from(n.trailing_zeros()).map_err(|_| DecryptError)?;
    scrypt::Params::new(
        log_n,
        u32::from(params.block_size),
        u32::from(params.parallelization),
    )
    .map_err(|_| DecryptError)
}

/// The length of `plain` without its PKCS#7 padding. The last block is examined in
/// constant time, so how the padding is wrong does not show in the timing.
fn unpad_pkcs7(plain: &[u8]) -> Result<usize, DecryptError> {
    let Some(last_block) = plain
        .len()
        .checked_sub(BLOCK_LEN)
        .and_then(|s| plain.get(s..))
    else {
        return Err(DecryptError);
    };
    let n = last_block[BLOCK_LEN - 1];
    let mut ok: Choice = !n.ct_eq(&0) & n.ct_lt(&(BLOCK_LEN as u8 + 1));
    for (i, &byte) in last_block.iter().rev().enumerate() {
        let in_padding = (i as u8).ct_lt(&n);
        ok &= !in_padding | byte.ct_eq(&n);
    }
    if bool::from(ok) {
        Ok(plain.len() - usize::from(n))
    } else {
        Err(DecryptError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkcs7_padding() {
        let mut block = [7u8; 32];
        block[31] = 1;
        assert_eq!(unpad_pkcs7(&block), Ok(31));
        let mut block = [0u8; 32];
        block[16..].fill(16);
        assert_eq!(unpad_pkcs7(&block), Ok(16));
        block[20] = 15;
        assert_eq!(unpad_pkcs7(&block), Err(DecryptError));
        let mut block = [3u8; 16];
        block[13] = 2;
        assert_eq!(unpad_pkcs7(&block), Err(DecryptError));
        for bad in [0u8, 17, 255] {
            let mut block = [bad; 16];
            block[15] = bad;
            assert_eq!(unpad_pkcs7(&block), Err(DecryptError), "{bad}");
        }
        assert_eq!(unpad_pkcs7(&[1u8; 15]), Err(DecryptError));
        assert_eq!(unpad_pkcs7(&[]), Err(DecryptError));
    }

    #[test]
    fn scrypt_bounds() {
        let p = |n: u64, r: u16| ScryptParams {
            salt: pkcs8::pkcs5::pbes2::Salt::new([1u8; 16]).unwrap(),
            cost_parameter: n,
            block_size: r,
            parallelization: 1,
            key_length: None,
        };
        assert!(scrypt_params(&p(16384, 8)).is_ok());
        for (n, r) in [(0, 8), (1, 8), (3, 8), (1 << 40, 8), (1 << 20, 8)] {
            assert!(scrypt_params(&p(n, r)).is_err(), "{n} {r}");
        }
    }

    // `openssl pkcs8 -topk8 -v2 sm4-cbc -iter 1 -passout pass:pw -outform DER` of an SM2 key
    // (one PBKDF2 round, so the mutation loops below stay fast), and its public key
    // (`openssl pkey -pubout -outform DER`).
    const OPENSSL_SM4_ITER1: &str = "3081ea305506092a864886f70d01050d3048302806092a864886f70d01050c301b0408eb5bd3234e1122da020101300c06082a864886f70d02090500301c06082a811ccf5501680204108b4e76bb33881b33b2f5e6fa7631b19e048190a8a1ad8bce94f0bcd99e8bf3ab75086e3b427634c1d12d8454480d63f8b73f4fb79238bdc9d1e062470a8526468e6e73450fa52d4bd9b6a9a043c9c35e1d199d76703236c91245b92be09528c811ae7201b673a13c23beef85938bc1c0e19512cd8da4d1af2b10bddb7bb0e26f3e7f1be4d2a98f7afc6610f69e58b27588ebc8cc3d3a16a75f00d7bc4aedb515d2bbaf";
    const OPENSSL_SM4_ITER1_PUB: &str = "3059301306072a8648ce3d020106082a811ccf5501822d03420004559dc395da5163278babf6ed3edc0062dc1791717649a702dc47d7b5fc9db91eaafe98becfa9753a96d3de5388155faa273817b6211c00793af9429fde4abf5e";

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn decrypts_openssl_key() {
        let der = unhex(OPENSSL_SM4_ITER1);
        let key = Sm4CbcKey::parse(&der).expect("PBES2 with SM4-CBC");
        let plain = key.decrypt(b"pw").expect("decrypts");
        let private = govcred::sm2::PrivateKey::decode(&plain).expect("PKCS#8");
        assert_eq!(
            private.public_key().to_spki_der(),
            unhex(OPENSSL_SM4_ITER1_PUB)
        );
        assert_eq!(key.decrypt(b"pW").err(), Some(DecryptError));
        assert_eq!(key.decrypt(b"").err(), Some(DecryptError));
    }

    // Every truncation and every single-byte change is an answer (None, an error, or a
    // key), never a panic.
    #[test]
    fn mutations_are_total() {
        let der = unhex(OPENSSL_SM4_ITER1);
        for len in 0..der.len() {
            if let Some(key) = Sm4CbcKey::parse(&der[..len]) {
                let _ = key.decrypt(b"pw");
            }
        }
        let mut extended = der.clone();
        extended.push(0);
        assert!(Sm4CbcKey::parse(&extended).is_none(), "trailing byte");
        for at in 0..der.len() {
            for mask in [0x01u8, 0x80, 0xff] {
                let mut bytes = der.clone();
                bytes[at] ^= mask;
                if let Some(key) = Sm4CbcKey::parse(&bytes) {
                    let _ = key.decrypt(b"pw");
                }
            }
        }
    }

    #[test]
    fn not_sm4_is_none() {
        assert!(Sm4CbcKey::parse(b"").is_none());
        assert!(Sm4CbcKey::parse(&[0x30, 0x00]).is_none());
        assert!(Sm4CbcKey::parse(&[0x30, 0x80, 0x00, 0x00]).is_none());
    }
}
