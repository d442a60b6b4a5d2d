//! Base45 (RFC 9285), the encoding QR alphanumeric mode stores most compactly.

use super::CodecError;

const ALPHABET: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

// Byte → digit value, 0xff for bytes outside the alphabet.
const VALUES: [u8; 256] = {
    let mut table = [0xffu8; 256];
    let mut i = 0;
    while i < ALPHABET.len() {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// Encodes `bytes`: each pair becomes three characters, a final single byte two.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(2) * 3);
    let mut push = |n: usize| out.push(char::from(ALPHABET[n % 45]));
    for pair in bytes.chunks(2) {
        match *pair {
            [a, b] => {
                let n = usize::from(a) * 256 + usize::from(b);
                push(n);
                push(n / 45);
                push(n / (45 * 45));
            }
            [a] => {
                let n = usize::from(a);
                push(n);
                push(n / 45);
            }
            _ => {}
        }
    }
    out
}

/// Decodes strict base45: only alphabet characters (including space), a length that is
/// not 1 mod 3, and no group above its byte range (65535 for three characters, 255 for two).
pub fn decode(text: &str) -> Result<Vec<u8>, CodecError> {
    let input = text.as_bytes();
    if input.len() % 3 == 1 {
        return Err(CodecError::BadBase45 {
            offset: input.len() - 1,
            reason: "length is 1 more than a multiple of 3",
        });
    }
    let mut out = Vec::with_capacity(input.len() / 3 * 2 + 1);
    for (group_index, group) in input.chunks(3).enumerate() {
        let offset = group_index * 3;
        let mut n: u32 = 0;
        let mut scale: u32 = 1;
        for (i, &c) in group.iter().enumerate() {
            let v = VALUES[usize::from(c)];
            if v == 0xff {
                return Err(CodecError::BadBase45 {
                    offset: offset + i,
                    reason: "character outside the base45 alphabet",
                });
            }
            n += u32::from(v) * scale;
            scale *= 45;
        }
        if group.len() == 3 {
            let pair = u16::try_from(n).map_err(|_| CodecError::BadBase45 {
                offset,
                reason: "three-character group above 65535",
            })?;
            out.extend_from_slice(&pair.to_be_bytes());
        } else {
            let byte = u8::try_from(n).map_err(|_| CodecError::BadBase45 {
                offset,
                reason: "final two-character group above 255",
            })?;
            out.push(byte);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc9285_examples() {
        for (bytes, text) in [
            (&b"AB"[..], "BB8"),
            (b"Hello!!", "%69 VD92EX0"),
            (b"base-45", "UJCLQE7W581"),
            (b"ietf!", "QED8WEX0"),
            (b"", ""),
        ] {
            assert_eq!(encode(bytes), text);
            assert_eq!(decode(text).unwrap(), bytes);
        }
    }

    #[test]
    fn group_bounds() {
        assert_eq!(decode("FGW").unwrap(), [0xff, 0xff]);
        assert!(matches!(
            decode("GGW"),
            Err(CodecError::BadBase45 { offset: 0, .. })
        ));
        assert_eq!(decode("U5").unwrap(), [0xff]);
        assert!(decode("V5").is_err());
        assert!(decode("ZZ").is_err());
        assert!(matches!(
            decode("BB8A"),
            Err(CodecError::BadBase45 { offset: 3, .. })
        ));
        assert!(matches!(
            decode("BB8bb8"),
            Err(CodecError::BadBase45 { offset: 3, .. })
        ));
        assert!(decode("BB\u{e9}").is_err());
    }

    #[test]
    fn every_byte_pair_round_trips() {
        let all: Vec<u8> = (0..=255u8)
            .flat_map(|a| (0..=255u8).flat_map(move |b| [a, b]))
            .collect();
        assert_eq!(decode(&encode(&all)).unwrap(), all);
        assert_eq!(decode(&encode(&all[..3])).unwrap(), &all[..3]);
    }
}
