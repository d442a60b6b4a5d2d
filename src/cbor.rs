//! Strict CBOR (RFC 8949) for attacker-controlled input.
//!
//! The value type is cbor4ii's [`Value`], so data decoded here interoperates with cbor4ii
//! and its serde support. The decoder is our own: cbor4ii 1.2.4's `Value` decoder accepts
//! indefinite lengths, keeps duplicate map keys, reads `undefined` as `null`, allows 256
//! levels of nesting and leaves trailing bytes to the caller, none of which a signed
//! credential may contain.
//!
//! [`decode`] accepts exactly one data item and rejects:
//! - trailing bytes after it;
//! - more than [`MAX_DEPTH`] nested containers (arrays, maps and tags each count as one
//!   level, so 16 nested arrays pass and 17 fail);
//! - duplicate map keys (two keys are equal when their deterministic encodings are equal);
//! - indefinite-length strings, arrays and maps, and a stray break byte;
//! - integers, lengths, tag numbers and floats not in their shortest form, and any NaN
//!   other than `f97e00` (the head and scalar rules of RFC 8949 §4.2.1's core
//!   deterministic encoding, so every accepted key and scalar has exactly one encoding);
//! - text strings that are not UTF-8;
//! - simple values other than `false`, `true` and `null` (so `undefined` is an error),
//!   and the reserved additional-information values 28–30.
//!
//! Map entries are accepted in any key order: the §4.2.1 rule that keys be sorted by their
//! encoded bytes is *not* enforced, so a map as a whole may have several accepted
//! encodings. This is deliberate. Our issuers write claims in CWT label order (iss 1, iat 6,
//! nbf 5, exp 4, cti 7, then the body), which is not bytewise order, and every credential
//! already issued (and the shared vectors, which pin their bytes) would fail a sorted-keys
//! rule. Nothing depends on a unique encoding: signatures are verified over the bytes as
//! received, never over a re-encoding, duplicate keys are refused, and decoders look fields
//! up by key, so key order carries no meaning and a reordered map is just another message
//! that only the key holder can sign.
//!
//! Containers reserve room for a few items and grow as items arrive (never the declared
//! length), so memory stays proportional to what was actually decoded.
//!
//! Floats are read as `f64`. [`encode`] writes deterministic
//! CBOR: definite lengths, shortest heads, floats in the shortest width that keeps the
//! value, map entries in the order given.
//!
//! The accessors [`map_get`], [`as_int`], [`as_bytes`] and [`as_map`] (and, for tests,
//! `as_text`, `as_array`, `as_bool`) are free functions so that claim parsers read as
//! `as_int(map_get(m, 6)?)`.

pub use cbor4ii::core::Value;

/// The most containers (arrays, maps, tags) that may be open at once.
pub const MAX_DEPTH: usize = 16;

/// Why a CBOR input was rejected; every variant names the byte offset where it happened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CborError {
    /// The input ended inside an item (or a declared length runs past the end).
    #[error("CBOR truncated at byte {offset}")]
    Truncated {
        /// Offset of the item that could not be completed.
        offset: usize,
    },
    /// Bytes follow the single top-level item.
    #[error("{extra} trailing byte(s) after the CBOR item, at byte {offset}")]
    TrailingBytes {
        /// Offset of the first trailing byte.
        offset: usize,
        /// How many bytes follow the item.
        extra: usize,
    },
    /// More than [`MAX_DEPTH`] containers are nested.
    #[error("CBOR nested deeper than {MAX_DEPTH} levels at byte {offset}")]
    TooDeep {
        /// Offset of the container that went one level too deep.
        offset: usize,
    },
    /// A map holds the same key twice.
    #[error("duplicate CBOR map key at byte {offset}")]
    DuplicateKey {
        /// Offset of the second occurrence.
        offset: usize,
    },
    /// An indefinite-length item or a break byte.
    #[error("indefinite-length CBOR item at byte {offset}")]
    Indefinite {
        /// Offset of the item.
        offset: usize,
    },
    /// An integer, length, tag number or float not in its shortest form.
    #[error("CBOR integer, length or float not in shortest form at byte {offset}")]
    NonMinimal {
        /// Offset of the item head.
        offset: usize,
    },
    /// A text string that is not valid UTF-8.
    #[error("CBOR text string is not valid UTF-8 at byte {offset}")]
    InvalidUtf8 {
        /// Offset of the text string.
        offset: usize,
    },
    /// A simple value or additional-information value this profile does not allow.
    #[error("unsupported CBOR item at byte {offset}: {what}")]
    Unsupported {
        /// Offset of the item.
        offset: usize,
        /// What was found.
        what: &'static str,
    },
}

impl CborError {
    /// The stable code: always [`crate::ErrorCode::BadCbor`].
    pub fn code(&self) -> crate::ErrorCode {
        crate::ErrorCode::BadCbor
    }
}

impl From<CborError> for crate::Error {
    fn from(e: CborError) -> Self {
        crate::Error::new(e.code(), e.to_string())
    }
}

/// Decodes exactly one strict CBOR data item (see the module docs for the rules).
pub fn decode(bytes: &[u8]) -> Result<Value, CborError> {
    let mut decoder = Decoder { bytes, pos: 0 };
    let value = decoder.item(0)?;
    if decoder.pos < bytes.len() {
        return Err(CborError::TrailingBytes {
            offset: decoder.pos,
            extra: bytes.len() - decoder.pos,
        });
    }
    Ok(value)
}

/// Encodes `value` deterministically.
///
/// Integers outside the 65-bit CBOR range (only reachable through `i128`) are written as
/// bignums (tags 2 and 3), which [`decode`] returns as `Tag` values.
pub fn encode(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    encode_to(value, &mut out);
    out
}

/// Appends the deterministic encoding of `value` to `out`.
pub(crate) fn encode_to(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Null => out.push(0xf6),
        Value::Bool(false) => out.push(0xf4),
        Value::Bool(true) => out.push(0xf5),
        Value::Integer(n) => encode_int(*n, out),
        Value::Float(f) => encode_float(*f, out),
        Value::Bytes(b) => write_bytes(out, b),
        Value::Text(t) => write_text(out, t),
        Value::Array(items) => {
            write_head(out, MAJOR_ARRAY, len_u64(items.len()));
            for item in items {
                encode_to(item, out);
            }
        }
        Value::Map(entries) => {
            write_head(out, MAJOR_MAP, len_u64(entries.len()));
            for (k, v) in entries {
                encode_to(k, out);
                encode_to(v, out);
            }
        }
        Value::Tag(tag, inner) => {
            write_head(out, MAJOR_TAG, *tag);
            encode_to(inner, out);
        }
        // cbor4ii marks `Value` non-exhaustive; 1.2.4 (pinned) has no other variant, and a
        // future one is best written by cbor4ii itself.
        #[allow(unreachable_patterns)]
        other => {
            let mut writer = cbor4ii::core::utils::BufWriter::new(Vec::new());
            if cbor4ii::core::enc::Encode::encode(other, &mut writer).is_ok() {
                out.extend_from_slice(writer.buffer());
            }
        }
    }
}

/// The value under integer `key` in a map's entries.
pub(crate) fn map_get(map: &[(Value, Value)], key: i64) -> Option<&Value> {
    map.iter()
        .find(|(k, _)| matches!(k, Value::Integer(n) if *n == i128::from(key)))
        .map(|(_, v)| v)
}

// Used by this module's tests only.
#[cfg(test)]
/// The value under text `key` in a map's entries.
pub(crate) fn map_get_text<'a>(map: &'a [(Value, Value)], key: &str) -> Option<&'a Value> {
    map.iter()
        .find(|(k, _)| matches!(k, Value::Text(t) if t == key))
        .map(|(_, v)| v)
}

/// An integer that fits in `i64`.
pub(crate) fn as_int(value: &Value) -> Option<i64> {
    match value {
        Value::Integer(n) => i64::try_from(*n).ok(),
        _ => None,
    }
}

// Used by this module's tests only.
#[cfg(test)]
/// A text string.
pub(crate) fn as_text(value: &Value) -> Option<&str> {
    match value {
        Value::Text(t) => Some(t),
        _ => None,
    }
}

/// A byte string.
pub(crate) fn as_bytes(value: &Value) -> Option<&[u8]> {
    match value {
        Value::Bytes(b) => Some(b),
        _ => None,
    }
}

/// A map's entries, in encoded order.
pub(crate) fn as_map(value: &Value) -> Option<&[(Value, Value)]> {
    match value {
        Value::Map(m) => Some(m),
        _ => None,
    }
}

// Used by this module's tests only.
#[cfg(test)]
/// An array's items.
pub(crate) fn as_array(value: &Value) -> Option<&[Value]> {
    match value {
        Value::Array(a) => Some(a),
        _ => None,
    }
}

// Used by this module's tests only.
#[cfg(test)]
/// A boolean.
pub(crate) fn as_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        _ => None,
    }
}

const MAJOR_UNSIGNED: u8 = 0;
const MAJOR_NEGATIVE: u8 = 1;
const MAJOR_BYTES: u8 = 2;
const MAJOR_TEXT: u8 = 3;
const MAJOR_ARRAY: u8 = 4;
const MAJOR_MAP: u8 = 5;
const MAJOR_TAG: u8 = 6;
const MAJOR_SIMPLE: u8 = 7;

/// Appends an item head (major type and argument) in its shortest form.
pub(crate) fn write_head(out: &mut Vec<u8>, major: u8, arg: u64) {
    let m = major << 5;
    if arg < 24 {
        out.push(m | arg.to_be_bytes()[7]);
    } else if let Ok(a) = u8::try_from(arg) {
        out.extend_from_slice(&[m | 24, a]);
    } else if let Ok(a) = u16::try_from(arg) {
        out.push(m | 25);
        out.extend_from_slice(&a.to_be_bytes());
    } else if let Ok(a) = u32::try_from(arg) {
        out.push(m | 26);
        out.extend_from_slice(&a.to_be_bytes());
    } else {
        out.push(m | 27);
        out.extend_from_slice(&arg.to_be_bytes());
    }
}

/// Appends a byte string.
pub(crate) fn write_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    write_head(out, MAJOR_BYTES, len_u64(bytes.len()));
    out.extend_from_slice(bytes);
}

fn write_text(out: &mut Vec<u8>, text: &str) {
    write_head(out, MAJOR_TEXT, len_u64(text.len()));
    out.extend_from_slice(text.as_bytes());
}

fn len_u64(len: usize) -> u64 {
    // usize is at most 64 bits on every supported target.
    u64::try_from(len).unwrap_or(u64::MAX)
}

fn encode_int(n: i128, out: &mut Vec<u8>) {
    if let Ok(u) = u64::try_from(n) {
        write_head(out, MAJOR_UNSIGNED, u);
    } else if let Ok(u) = u64::try_from(-1 - n) {
        write_head(out, MAJOR_NEGATIVE, u);
    } else {
        // Bignum: tag 2 holds n, tag 3 holds −1 − n, as big-endian bytes without leading zeros.
        let (tag, magnitude) = if n >= 0 { (2, n) } else { (3, -1 - n) };
        let be = magnitude.to_be_bytes();
        let start = be.iter().position(|&b| b != 0).unwrap_or(be.len());
        write_head(out, MAJOR_TAG, tag);
        write_bytes(out, &be[start..]);
    }
}

fn encode_float(f: f64, out: &mut Vec<u8>) {
    if f.is_nan() {
        out.extend_from_slice(&[0xf9, 0x7e, 0x00]);
    } else if let Some(h) = f16_exact(f) {
        out.push(0xf9);
        out.extend_from_slice(&h.to_be_bytes());
    } else if f64::from(f as f32) == f {
        out.push(0xfa);
        out.extend_from_slice(&(f as f32).to_be_bytes());
    } else {
        out.push(0xfb);
        out.extend_from_slice(&f.to_be_bytes());
    }
}

fn f16_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = i32::from((h >> 10) & 0x1f);
    let mant = f64::from(h & 0x03ff);
    let magnitude = match exp {
        0 => mant * 2f64.powi(-24),
        31 if mant == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (1024.0 + mant) * 2f64.powi(exp - 25),
    };
    sign * magnitude
}

// The half-precision bits of `f` if the conversion is exact (NaN never is).
fn f16_exact(f: f64) -> Option<u16> {
    let single = f as f32;
    if f64::from(single) != f {
        return None;
    }
    let bits = single.to_bits();
    let sign = u16::from(bits >> 31 != 0) << 15;
    let exp_field = (bits >> 23) & 0xff;
    let mant = bits & 0x007f_ffff;
    let candidate = if f.is_infinite() {
        sign | 0x7c00
    } else if f == 0.0 {
        sign
    } else if exp_field == 0 {
        return None;
    } else {
        let exp = i32::try_from(exp_field).ok()? - 127;
        if (-14..=15).contains(&exp) {
            if mant & 0x1fff != 0 {
                return None;
            }
            let e = u16::try_from(exp + 15).ok()?;
            sign | (e << 10) | u16::try_from(mant >> 13).ok()?
        } else if (-24..-14).contains(&exp) {
            let shift = u32::try_from(-(exp + 1)).ok()?;
            let full = 0x0080_0000 | mant;
            if full & ((1 << shift) - 1) != 0 {
                return None;
            }
            sign | u16::try_from(full >> shift).ok()?
        } else {
            return None;
        }
    };
    (f16_to_f64(candidate) == f).then_some(candidate)
}

// A container reserves room for at most this many items before they arrive and grows as
// they do. Reserving the declared length would let each of 16 nested containers claim tens
// of bytes per remaining input byte (a Value is larger than its one-byte encoding), so a
// few hundred bytes of input could ask for many megabytes before failing as truncated;
// growing keeps memory proportional to the items actually decoded.
const PREALLOCATE: usize = 16;

struct Decoder<'a> {
    // The whole input; map keys are compared as slices of it.
    bytes: &'a [u8],
    pos: usize,
}

impl Decoder<'_> {
    fn take(&mut self, n: usize, item_offset: usize) -> Result<&[u8], CborError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or(CborError::Truncated {
                offset: item_offset,
            })?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    // Reads the argument of a head whose initial byte has been consumed; `None` for the
    // indefinite marker (additional information 31).
    fn argument(&mut self, info: u8, offset: usize) -> Result<Option<u64>, CborError> {
        let (value, min) = match info {
            0..=23 => return Ok(Some(u64::from(info))),
            24 => (u64::from(self.take(1, offset)?[0]), 24),
            25 => {
                let b = self.take(2, offset)?;
                (u64::from(u16::from_be_bytes([b[0], b[1]])), 0x100)
            }
            26 => {
                let b = self.take(4, offset)?;
                (
                    u64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]])),
                    0x1_0000,
                )
            }
            27 => {
                let b = self.take(8, offset)?;
                let mut a = [0u8; 8];
                a.copy_from_slice(b);
                (u64::from_be_bytes(a), 0x1_0000_0000)
            }
            31 => return Ok(None),
            _ => {
                return Err(CborError::Unsupported {
                    offset,
                    what: "reserved additional information 28-30",
                });
            }
        };
        if value < min {
            return Err(CborError::NonMinimal { offset });
        }
        Ok(Some(value))
    }

    // A definite length that fits in what is left of the input, at `min_item_size` bytes
    // per element, so no allocation is ever larger than the input warrants.
    fn length(
        &mut self,
        info: u8,
        offset: usize,
        min_item_size: usize,
    ) -> Result<usize, CborError> {
        let len = self
            .argument(info, offset)?
            .ok_or(CborError::Indefinite { offset })?;
        let len = usize::try_from(len).map_err(|_| CborError::Truncated { offset })?;
        if len.saturating_mul(min_item_size) > self.remaining() {
            return Err(CborError::Truncated { offset });
        }
        Ok(len)
    }

    fn item(&mut self, depth: usize) -> Result<Value, CborError> {
        let offset = self.pos;
        let initial = self.take(1, offset)?[0];
        let major = initial >> 5;
        let info = initial & 0x1f;
        match major {
            MAJOR_UNSIGNED | MAJOR_NEGATIVE => {
                let n = self
                    .argument(info, offset)?
                    .ok_or(CborError::Indefinite { offset })?;
                let n = i128::from(n);
                Ok(Value::Integer(if major == MAJOR_UNSIGNED {
                    n
                } else {
                    -1 - n
                }))
            }
            MAJOR_BYTES => {
                let len = self.length(info, offset, 1)?;
                Ok(Value::Bytes(self.take(len, offset)?.to_vec()))
            }
            MAJOR_TEXT => {
                let len = self.length(info, offset, 1)?;
                let raw = self.take(len, offset)?;
                let text =
                    std::str::from_utf8(raw).map_err(|_| CborError::InvalidUtf8 { offset })?;
                Ok(Value::Text(text.to_owned()))
            }
            MAJOR_ARRAY => {
                let depth = enter(depth, offset)?;
                let len = self.length(info, offset, 1)?;
                let mut items = Vec::with_capacity(len.min(PREALLOCATE));
                for _ in 0..len {
                    items.push(self.item(depth)?);
                }
                Ok(Value::Array(items))
            }
            MAJOR_MAP => {
                let depth = enter(depth, offset)?;
                let len = self.length(info, offset, 2)?;
                let mut entries = Vec::with_capacity(len.min(PREALLOCATE));
                // Every accepted key has exactly one encoding, so keys compare as raw bytes.
                let input = self.bytes;
                let mut keys: Vec<(&[u8], usize)> = Vec::with_capacity(len.min(PREALLOCATE));
                for _ in 0..len {
                    let key_offset = self.pos;
                    let key = self.item(depth)?;
                    keys.push((&input[key_offset..self.pos], key_offset));
                    let value = self.item(depth)?;
                    entries.push((key, value));
                }
                reject_duplicates(keys)?;
                Ok(Value::Map(entries))
            }
            MAJOR_TAG => {
                let depth = enter(depth, offset)?;
                let tag = self
                    .argument(info, offset)?
                    .ok_or(CborError::Indefinite { offset })?;
                let inner = self.item(depth)?;
                Ok(Value::Tag(tag, Box::new(inner)))
            }
            MAJOR_SIMPLE => self.simple(info, offset),
            _ => Err(CborError::Unsupported {
                offset,
                what: "unknown major type",
            }),
        }
    }

    fn simple(&mut self, info: u8, offset: usize) -> Result<Value, CborError> {
        match info {
            20 => Ok(Value::Bool(false)),
            21 => Ok(Value::Bool(true)),
            22 => Ok(Value::Null),
            23 => Err(CborError::Unsupported {
                offset,
                what: "undefined",
            }),
            25 => {
                let b = self.take(2, offset)?;
                let bits = u16::from_be_bytes([b[0], b[1]]);
                let f = f16_to_f64(bits);
                if f.is_nan() && bits != 0x7e00 {
                    return Err(CborError::NonMinimal { offset });
                }
                Ok(Value::Float(f))
            }
            26 => {
                let b = self.take(4, offset)?;
                let f = f64::from(f32::from_be_bytes([b[0], b[1], b[2], b[3]]));
                if f.is_nan() || f16_exact(f).is_some() {
                    return Err(CborError::NonMinimal { offset });
                }
                Ok(Value::Float(f))
            }
            27 => {
                let b = self.take(8, offset)?;
                let mut a = [0u8; 8];
                a.copy_from_slice(b);
                let f = f64::from_be_bytes(a);
                if f.is_nan() || f64::from(f as f32) == f {
                    return Err(CborError::NonMinimal { offset });
                }
                Ok(Value::Float(f))
            }
            31 => Err(CborError::Indefinite { offset }),
            28..=30 => Err(CborError::Unsupported {
                offset,
                what: "reserved additional information 28-30",
            }),
            _ => Err(CborError::Unsupported {
                offset,
                what: "simple value other than false, true, null",
            }),
        }
    }
}

fn enter(depth: usize, offset: usize) -> Result<usize, CborError> {
    let depth = depth + 1;
    if depth > MAX_DEPTH {
        Err(CborError::TooDeep { offset })
    } else {
        Ok(depth)
    }
}

// Sorting keeps the check O(n log n) for maps with many entries.
fn reject_duplicates(mut keys: Vec<(&[u8], usize)>) -> Result<(), CborError> {
    if keys.len() < 2 {
        return Ok(());
    }
    keys.sort();
    let mut dup: Option<usize> = None;
    for pair in keys.windows(2) {
        if pair[0].0 == pair[1].0 {
            // Report the later occurrence in the input.
            let later = pair[0].1.max(pair[1].1);
            dup = Some(dup.map_or(later, |d| d.min(later)));
        }
    }
    match dup {
        Some(offset) => Err(CborError::DuplicateKey { offset }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Vec<u8> {
        crate::hex::decode(s).unwrap()
    }

    fn int(n: i64) -> Value {
        Value::Integer(n.into())
    }

    // RFC 8949 Appendix A examples that this profile accepts, decoded and re-encoded.
    #[test]
    fn rfc8949_examples_round_trip() {
        let cases: &[(&str, Value)] = &[
            ("00", int(0)),
            ("17", int(23)),
            ("1818", int(24)),
            ("1903e8", int(1000)),
            ("1a000f4240", int(1_000_000)),
            ("1b000000e8d4a51000", int(1_000_000_000_000)),
            ("1bffffffffffffffff", Value::Integer(u64::MAX.into())),
            (
                "3bffffffffffffffff",
                Value::Integer(-1 - i128::from(u64::MAX)),
            ),
            ("20", int(-1)),
            ("3903e7", int(-1000)),
            ("f90000", Value::Float(0.0)),
            ("f98000", Value::Float(-0.0)),
            ("f93c00", Value::Float(1.0)),
            ("fb3ff199999999999a", Value::Float(1.1)),
            ("f93e00", Value::Float(1.5)),
            ("f97bff", Value::Float(65504.0)),
            ("fa47c35000", Value::Float(100_000.0)),
            ("fa7f7fffff", Value::Float(f64::from(f32::MAX))),
            ("fb7e37e43c8800759c", Value::Float(1.0e300)),
            ("f90001", Value::Float(5.960_464_477_539_063e-8)),
            ("f90400", Value::Float(0.000_061_035_156_25)),
            ("f9c400", Value::Float(-4.0)),
            ("f97c00", Value::Float(f64::INFINITY)),
            ("f9fc00", Value::Float(f64::NEG_INFINITY)),
            ("f4", Value::Bool(false)),
            ("f5", Value::Bool(true)),
            ("f6", Value::Null),
            ("40", Value::Bytes(vec![])),
            ("4401020304", Value::Bytes(vec![1, 2, 3, 4])),
            ("60", Value::Text(String::new())),
            ("6161", Value::Text("a".into())),
            ("62c3bc", Value::Text("\u{fc}".into())),
            ("63e6b0b4", Value::Text("\u{6c34}".into())),
            ("80", Value::Array(vec![])),
            (
                "8301820203820405",
                Value::Array(vec![
                    int(1),
                    Value::Array(vec![int(2), int(3)]),
                    Value::Array(vec![int(4), int(5)]),
                ]),
            ),
            ("a0", Value::Map(vec![])),
            (
                "a201020304",
                Value::Map(vec![(int(1), int(2)), (int(3), int(4))]),
            ),
            (
                "c074323031332d30332d32315432303a30343a30305a",
                Value::Tag(0, Box::new(Value::Text("2013-03-21T20:04:00Z".into()))),
            ),
            (
                "d82076687474703a2f2f7777772e6578616d706c652e636f6d",
                Value::Tag(32, Box::new(Value::Text("http://www.example.com".into()))),
            ),
        ];
        for (hex, value) in cases {
            let bytes = h(hex);
            let decoded = decode(&bytes).unwrap_or_else(|e| panic!("{hex}: {e}"));
            assert_eq!(&decoded, value, "{hex}");
            assert_eq!(crate::hex::encode(&encode(value)), *hex, "{hex}");
        }
    }

    #[test]
    fn nan_is_written_canonically() {
        assert!(matches!(decode(&h("f97e00")), Ok(Value::Float(f)) if f.is_nan()));
        assert_eq!(encode(&Value::Float(f64::NAN)), h("f97e00"));
        for hex in ["f97e01", "f9fe00", "fa7fc00000", "fb7ff8000000000000"] {
            assert!(
                matches!(decode(&h(hex)), Err(CborError::NonMinimal { offset: 0 })),
                "{hex}"
            );
        }
    }

    #[test]
    fn floats_must_be_shortest() {
        // RFC 8949 Appendix A writes these wider than needed.
        for hex in [
            "fa3f800000",
            "fb3ff0000000000000",
            "fa7f800000",
            "fb0000000000000000",
            "fb3ff8000000000000",
            "fb4059000000000000",
        ] {
            assert!(
                matches!(decode(&h(hex)), Err(CborError::NonMinimal { offset: 0 })),
                "{hex}"
            );
        }
        // 100000.0 needs single precision, 1.1 double.
        assert!(decode(&h("fa47c35000")).is_ok());
        assert!(decode(&h("fb3ff199999999999a")).is_ok());
        // Subnormal halves are exact.
        assert_eq!(f16_exact(5.960_464_477_539_063e-8), Some(1));
        assert_eq!(f16_exact(6.097_555_160_522_461e-5), Some(0x03ff));
        assert_eq!(f16_exact(65520.0), None);
        assert_eq!(f16_exact(f64::NAN), None);
    }

    #[test]
    fn bignum_encoding_for_wide_integers() {
        let n = i128::from(u64::MAX) + 1;
        assert_eq!(encode(&Value::Integer(n)), h("c249010000000000000000"));
        assert_eq!(encode(&Value::Integer(-1 - n)), h("c349010000000000000000"));
    }

    #[test]
    fn rejects_indefinite_lengths() {
        for hex in [
            "5f42010243030405ff",
            "7f657374726561646d696e67ff",
            "9fff",
            "9f018202039f0405ffff",
            "bf61610161629f0203ffff",
            "ff",
            "1f",
            "3f",
            "df00",
        ] {
            assert!(
                matches!(decode(&h(hex)), Err(CborError::Indefinite { .. })),
                "{hex}: {:?}",
                decode(&h(hex))
            );
        }
    }

    #[test]
    fn rejects_non_minimal_heads() {
        for hex in [
            "1800",
            "1817",
            "190017",
            "1900ff",
            "1a0000ffff",
            "1b00000000ffffffff",
            "3800",
            "5801ff",
            "9800",
            "b800",
            "d80000",
        ] {
            let bytes = h(hex);
            assert!(
                matches!(decode(&bytes), Err(CborError::NonMinimal { offset: 0 })),
                "{hex}: {:?}",
                decode(&bytes)
            );
        }
    }

    #[test]
    fn rejects_trailing_bytes() {
        assert_eq!(
            decode(&h("0100")),
            Err(CborError::TrailingBytes {
                offset: 1,
                extra: 1
            })
        );
        assert_eq!(
            decode(&h("a0a0a0")),
            Err(CborError::TrailingBytes {
                offset: 1,
                extra: 2
            })
        );
    }

    #[test]
    fn rejects_truncation_and_huge_lengths() {
        for hex in [
            "",
            "18",
            "19ff",
            "5b0000000100000000",
            "62c3",
            "9b0000000100000000",
            "8201",
            "bb0000000100000000",
            "c6",
        ] {
            assert!(
                matches!(decode(&h(hex)), Err(CborError::Truncated { .. })),
                "{hex}: {:?}",
                decode(&h(hex))
            );
        }
        // A map of 2 entries needs at least 4 bytes after its head.
        assert!(matches!(
            decode(&h("a201020304")[..4]),
            Err(CborError::Truncated { .. })
        ));
    }

    #[test]
    fn nesting_limit_is_sixteen_containers() {
        let ok = [vec![0x81u8; MAX_DEPTH - 1], vec![0x80]].concat();
        assert!(decode(&ok).is_ok());
        let deep = [vec![0x81u8; MAX_DEPTH], vec![0x80]].concat();
        assert_eq!(decode(&deep), Err(CborError::TooDeep { offset: MAX_DEPTH }));
        // Tags and maps count as levels too.
        let tags = [vec![0xc1u8; MAX_DEPTH], vec![0x00]].concat();
        assert!(decode(&tags).is_ok());
        let tags = [vec![0xc1u8; MAX_DEPTH + 1], vec![0x00]].concat();
        assert!(matches!(decode(&tags), Err(CborError::TooDeep { .. })));
        let maps = |n: usize| [[0xa1u8, 0x00].repeat(n), vec![0x00]].concat();
        assert!(decode(&maps(MAX_DEPTH)).is_ok());
        assert!(matches!(
            decode(&maps(MAX_DEPTH + 1)),
            Err(CborError::TooDeep { .. })
        ));
        // A deep input cannot exhaust the stack: it stops at level 17.
        let huge = vec![0x81u8; 1_000_000];
        assert!(matches!(decode(&huge), Err(CborError::TooDeep { .. })));
    }

    #[test]
    fn rejects_duplicate_keys() {
        assert_eq!(
            decode(&h("a3010203040105")),
            Err(CborError::DuplicateKey { offset: 5 })
        );
        assert!(matches!(
            decode(&h("a2616101616102")),
            Err(CborError::DuplicateKey { offset: 4 })
        ));
        assert!(matches!(
            decode(&h("a2f93c0000f93c0001")),
            Err(CborError::DuplicateKey { .. })
        ));
        // Equal nested keys.
        assert!(matches!(
            decode(&h("a28201020082010201")),
            Err(CborError::DuplicateKey { .. })
        ));
        // 1, -2, "1" and h'01' are four different keys.
        assert!(decode(&h("a401002100613100410100")).is_ok());
    }

    #[test]
    fn rejects_bad_utf8_and_unsupported_simple_values() {
        assert!(matches!(
            decode(&h("62c328")),
            Err(CborError::InvalidUtf8 { offset: 0 })
        ));
        assert!(matches!(
            decode(&h("63eda080")),
            Err(CborError::InvalidUtf8 { .. })
        ));
        for hex in [
            "f7", "f0", "f820", "f8ff", "fc", "fd", "fe", "1c", "5d", "dc",
        ] {
            assert!(
                matches!(decode(&h(hex)), Err(CborError::Unsupported { .. })),
                "{hex}: {:?}",
                decode(&h(hex))
            );
        }
    }

    #[test]
    fn accessors() {
        let v = decode(&h("a301636b6964024201020383f5f6f4")).unwrap();
        let m = as_map(&v).unwrap();
        assert_eq!(map_get(m, 1).and_then(as_text), Some("kid"));
        assert_eq!(map_get(m, 2).and_then(as_bytes), Some(&[1u8, 2][..]));
        let a = map_get(m, 3).and_then(as_array).unwrap();
        assert_eq!(as_bool(&a[0]), Some(true));
        assert_eq!(map_get(m, 4), None);
        assert_eq!(as_int(&int(-7)), Some(-7));
        assert_eq!(as_int(&Value::Integer(i128::from(u64::MAX))), None);
        assert_eq!(as_int(&Value::Text("1".into())), None);
        let t = decode(&h("a1616b01")).unwrap();
        assert_eq!(
            map_get_text(as_map(&t).unwrap(), "k").and_then(as_int),
            Some(1)
        );
    }

    #[test]
    fn errors_map_to_bad_cbor() {
        let e: crate::Error = CborError::TooDeep { offset: 3 }.into();
        assert_eq!(e.code(), crate::ErrorCode::BadCbor);
        assert!(e.message().contains("16"));
    }
}
