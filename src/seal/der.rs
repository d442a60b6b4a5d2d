//! A bounded DER reader for seals, which keeps every element's original bytes.
//!
//! Seals are verified over their bytes as stored (a re-encoding breaks real files), so the
//! reader hands out slices of the input rather than decoded values, and the seal parser
//! walks a fixed schema: depth is bounded by that schema, lengths by the input. Encodings
//! are strict DER (one-byte tags, definite minimal lengths of at most four bytes);
//! the leniencies real signers need (negative INTEGERs, unused bits in BIT STRINGs, loose
//! times) are applied by the callers that need them and recorded.

/// Universal tags used by seals.
pub mod tag {
    /// BOOLEAN
    pub const BOOLEAN: u8 = 0x01;
    /// INTEGER
    pub const INTEGER: u8 = 0x02;
    /// BIT STRING
    pub const BIT_STRING: u8 = 0x03;
    /// OCTET STRING
    pub const OCTET_STRING: u8 = 0x04;
    /// NULL
    pub const NULL: u8 = 0x05;
    /// OBJECT IDENTIFIER
    pub const OID: u8 = 0x06;
    /// UTF8String
    pub const UTF8_STRING: u8 = 0x0c;
    /// PrintableString
    pub const PRINTABLE_STRING: u8 = 0x13;
    /// IA5String
    pub const IA5_STRING: u8 = 0x16;
    /// UTCTime
    pub const UTC_TIME: u8 = 0x17;
    /// GeneralizedTime
    pub const GENERALIZED_TIME: u8 = 0x18;
    /// SEQUENCE
    pub const SEQUENCE: u8 = 0x30;
    /// SET
    pub const SET: u8 = 0x31;
}

/// Why a DER element could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DerError(pub &'static str);

/// One element: its tag, its value bytes and its whole encoding as found in the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The identifier octet.
    pub tag: u8,
    /// The contents octets.
    pub value: &'a [u8],
    /// Tag, length and contents exactly as stored.
    pub raw: &'a [u8],
}

impl<'a> Tlv<'a> {
    /// The contents as a reader of nested elements (for constructed types).
    pub fn reader(&self) -> Reader<'a> {
        Reader { rest: self.value }
    }
}

/// Reads consecutive elements from a byte slice.
#[derive(Clone, Copy, Debug)]
pub struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    /// A reader over `input`.
    pub fn new(input: &'a [u8]) -> Self {
        Reader { rest: input }
    }

    /// Whether every byte was consumed.
    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The tag of the next element, if any.
    pub fn peek_tag(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    /// The next element, whatever its tag.
    pub fn any(&mut self) -> Result<Tlv<'a>, DerError> {
        let input = self.rest;
        let (&t, after_tag) = input.split_first().ok_or(DerError("truncated: no tag"))?;
        if t & 0x1f == 0x1f {
            return Err(DerError("multi-byte tags are not used in seals"));
        }
        let (&first, mut after) = after_tag
            .split_first()
            .ok_or(DerError("truncated: no length"))?;
        let len = if first < 0x80 {
            usize::from(first)
        } else if first == 0x80 {
            return Err(DerError("indefinite length"));
        } else {
            let n = usize::from(first & 0x7f);
            if n > 4 || after.len() < n {
                return Err(DerError("bad length"));
            }
            let mut len = 0usize;
            for &b in &after[..n] {
                len = (len << 8) | usize::from(b);
            }
            if after[0] == 0 || len < 0x80 {
                return Err(DerError("non-minimal length"));
            }
            after = &after[n..];
            len
        };
        if after.len() < len {
            return Err(DerError("truncated: length past the end"));
        }
        let header = input.len() - after.len();
        let (value, rest) = after.split_at(len);
        self.rest = rest;
        Ok(Tlv {
            tag: t,
            value,
            raw: &input[..header + len],
        })
    }

    /// The next element, which must have tag `tag`.
    pub fn expect(&mut self, tag: u8, what: &'static str) -> Result<Tlv<'a>, DerError> {
        match self.peek_tag() {
            Some(t) if t == tag => self.any(),
            _ => Err(DerError(what)),
        }
    }

    /// The next element if it has tag `tag`.
    pub fn optional(&mut self, tag: u8) -> Result<Option<Tlv<'a>>, DerError> {
        if self.peek_tag() == Some(tag) {
            self.any().map(Some)
        } else {
            Ok(None)
        }
    }

    /// Fails unless every byte was consumed.
    pub fn finish(&self, what: &'static str) -> Result<(), DerError> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(DerError(what))
        }
    }
}

/// Reads `input` as exactly one element with nothing after it.
pub fn single<'a>(input: &'a [u8], tag: u8, what: &'static str) -> Result<Tlv<'a>, DerError> {
    let mut r = Reader::new(input);
    let t = r.expect(tag, what)?;
    r.finish("bytes after the element")?;
    Ok(t)
}

/// A small non-negative INTEGER (versions, types, sizes): minimal, at most 8 bytes.
pub fn small_uint(t: &Tlv<'_>) -> Result<u64, DerError> {
    let v = t.value;
    if v.is_empty() || v.len() > 9 || (v.len() > 1 && v[0] == 0 && v[1] & 0x80 == 0) {
        return Err(DerError("bad INTEGER"));
    }
    if v[0] & 0x80 != 0 {
        return Err(DerError("negative INTEGER"));
    }
    let v = if v[0] == 0 { &v[1..] } else { v };
    if v.len() > 8 {
        return Err(DerError("INTEGER too large"));
    }
    Ok(v.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
}

/// A BIT STRING's bits and its unused-bits count (0–7).
pub fn bit_string<'a>(t: &Tlv<'a>) -> Result<(&'a [u8], u8), DerError> {
    let (&unused, bits) = t.value.split_first().ok_or(DerError("empty BIT STRING"))?;
    if unused > 7 || (bits.is_empty() && unused != 0) {
        return Err(DerError("bad BIT STRING"));
    }
    Ok((bits, unused))
}

/// Dotted text of an OBJECT IDENTIFIER.
pub fn oid_text(t: &Tlv<'_>) -> Result<String, DerError> {
    let v = t.value;
    if v.is_empty() || v.len() > 64 || v[v.len() - 1] & 0x80 != 0 {
        return Err(DerError("bad OBJECT IDENTIFIER"));
    }
    let mut arcs: Vec<u64> = Vec::new();
    let mut acc: u64 = 0;
    let mut start = true;
    for &b in v {
        if start && b == 0x80 {
            return Err(DerError("non-minimal OBJECT IDENTIFIER arc"));
        }
        if acc > (u64::MAX >> 7) {
            return Err(DerError("OBJECT IDENTIFIER arc too large"));
        }
        acc = (acc << 7) | u64::from(b & 0x7f);
        start = b & 0x80 == 0;
        if start {
            if arcs.is_empty() {
                let first = (acc / 40).min(2);
                arcs.push(first);
                arcs.push(acc - first * 40);
            } else {
                arcs.push(acc);
            }
            acc = 0;
        }
    }
    Ok(arcs
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join("."))
}

/// Text of a string type, which must be valid UTF-8 (IA5 and Printable are ASCII).
pub fn string<'a>(t: &Tlv<'a>) -> Result<&'a str, DerError> {
    std::str::from_utf8(t.value).map_err(|_| DerError("string is not UTF-8"))
}

/// Encodes a DER header (tag and length) for `len` content bytes.
pub fn header(tag: u8, len: usize) -> Vec<u8> {
    let mut out = vec![tag];
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_are_strict() {
        assert!(Reader::new(&[0x30, 0x80, 0, 0]).any().is_err());
        assert!(
            Reader::new(&[0x04, 0x81, 0x05, 1, 2, 3, 4, 5])
                .any()
                .is_err()
        );
        assert!(Reader::new(&[0x04, 0x82, 0x00, 0x81]).any().is_err());
        assert!(Reader::new(&[0x04, 0x85, 1, 1, 1, 1, 1]).any().is_err());
        assert!(Reader::new(&[0x04, 0x03, 1]).any().is_err());
        assert!(Reader::new(&[0x1f, 0x01, 0]).any().is_err());
        let data = [0x04, 0x02, 7, 8, 0x05, 0x00];
        let mut r = Reader::new(&data);
        let t = r.any().unwrap();
        assert_eq!(t.value, &[7, 8]);
        assert_eq!(t.raw, &data[..4]);
        assert!(!r.is_empty());
        assert!(single(&data, 0x04, "x").is_err());
    }

    #[test]
    fn values() {
        let oid = single(
            &[0x06, 0x08, 0x2A, 0x81, 0x1C, 0xCF, 0x55, 0x01, 0x83, 0x75],
            6,
            "x",
        )
        .unwrap();
        assert_eq!(oid_text(&oid).unwrap(), "1.2.156.10197.1.501");
        let i = single(&[0x02, 0x01, 0x04], 2, "x").unwrap();
        assert_eq!(small_uint(&i).unwrap(), 4);
        assert!(small_uint(&single(&[0x02, 0x01, 0x84], 2, "x").unwrap()).is_err());
        assert!(small_uint(&single(&[0x02, 0x02, 0x00, 0x04], 2, "x").unwrap()).is_err());
        let big = vec![0u8; 300];
        let mut enc = header(0x04, big.len());
        assert_eq!(enc, [0x04, 0x82, 0x01, 0x2c]);
        enc.extend_from_slice(&big);
        assert_eq!(single(&enc, 4, "x").unwrap().value.len(), 300);
    }
}
