use crate::error::CryptoError;
use crate::sm3::Sm3;

/// Longest distinguishing ID: ENTL holds the ID length in bits in 16 bits.
pub const MAX_ID_LEN: usize = 8191;

// Curve coefficients and generator of the recommended curve (GB/T 32918.5), as hashed into Z_A.
const A: [u8; 32] = hex32("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC");
const B: [u8; 32] = hex32("28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93");
const GX: [u8; 32] = hex32("32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7");
const GY: [u8; 32] = hex32("BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0");

// Evaluated at compile time only: a bad constant fails the build, never a caller.
#[allow(clippy::panic)]
const fn hex32(s: &str) -> [u8; 32] {
    const fn nibble(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'A'..=b'F' => c - b'A' + 10,
            _ => panic!("bad hex constant"),
        }
    }
    let b = s.as_bytes();
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = (nibble(b[2 * i]) << 4) | nibble(b[2 * i + 1]);
        i += 1;
    }
    out
}

/// Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA) for the 65-byte uncompressed key `04‖X‖Y`.
pub fn z_a(public_key: &super::PublicKey, id: &[u8]) -> Result<[u8; 32], CryptoError> {
    if id.len() > MAX_ID_LEN {
        return Err(CryptoError::BadDistId);
    }
    let entl = u16::try_from(id.len() * 8).map_err(|_| CryptoError::BadDistId)?;
    let point = public_key.to_uncompressed();
    Ok(Sm3::new()
        .chain(&entl.to_be_bytes())
        .chain(id)
        .chain(&A)
        .chain(&B)
        .chain(&GX)
        .chain(&GY)
        .chain(&point[1..])
        .finalize())
}
