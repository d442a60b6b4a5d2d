//! A small, bounded ASN.1 TLV walker that hands out the bytes *as received*.
//!
//! Certificates and CMS are signed over exact byte ranges (the TBSCertificate, the signed
//! attribute SET), so the verifier needs those ranges from the input rather than a
//! re-encoding. Typed decoding of the leaves (OIDs, integers, times, names, extensions) is
//! done by `der` / `x509-cert` over the slices this walker finds.
//!
//! Two modes: strict DER (definite, minimal lengths) for certificates and signed
//! attributes, and BER (indefinite lengths, constructed strings) for the outer layers of a
//! CMS ContentInfo, which Java signers emit. Only low tag numbers (< 31) occur in X.509
//! and CMS; a high-tag-number form is an error. Nesting is limited by [`MAX_DEPTH`].

/// Deepest nesting of constructed values the walker follows in BER mode (indefinite
/// lengths must be resolved by walking the children).
pub(crate) const MAX_DEPTH: usize = 32;

/// Universal tags used by the certificate and CMS decoders.
pub(crate) mod tag {
    pub(crate) const INTEGER: u8 = 0x02;
    pub(crate) const BIT_STRING: u8 = 0x03;
    pub(crate) const OCTET_STRING: u8 = 0x04;
    pub(crate) const NULL: u8 = 0x05;
    pub(crate) const OID: u8 = 0x06;
    pub(crate) const UTC_TIME: u8 = 0x17;
    pub(crate) const GENERALIZED_TIME: u8 = 0x18;
    pub(crate) const SEQUENCE: u8 = 0x30;
    pub(crate) const SET: u8 = 0x31;
    /// A constructed OCTET STRING (BER only).
    pub(crate) const OCTET_STRING_CONSTRUCTED: u8 = 0x24;

    /// `[n]` constructed, context-specific.
    pub(crate) const fn context(n: u8) -> u8 {
        0xA0 | n
    }

    /// `[n]` primitive, context-specific.
    pub(crate) const fn context_primitive(n: u8) -> u8 {
        0x80 | n
    }
}

/// Why the walker stopped; the caller maps it to its layer's error with context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TlvError {
    /// The input ends inside a header or value.
    Truncated,
    /// A length form DER forbids (indefinite, non-minimal) or that cannot be.
    BadLength,
    /// High tag numbers are not used by X.509 or CMS.
    HighTag,
    /// Nesting deeper than [`MAX_DEPTH`].
    TooDeep,
    /// A different tag than the one required.
    UnexpectedTag { expected: u8, found: u8 },
    /// Bytes follow the value that should end the input.
    Trailing,
}

impl TlvError {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            TlvError::Truncated => "truncated",
            TlvError::BadLength => "bad length encoding",
            TlvError::HighTag => "unsupported tag form",
            TlvError::TooDeep => "nested too deeply",
            TlvError::UnexpectedTag { .. } => "unexpected tag",
            TlvError::Trailing => "trailing bytes",
        }
    }
}

/// One element: its identifier byte, its content and its whole encoding.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tlv<'a> {
    pub tag: u8,
    /// The content octets. For an indefinite-length value, the bytes between the header
    /// and the end-of-contents marker.
    pub value: &'a [u8],
    /// Header, content and (if indefinite) the end-of-contents marker, as received.
    pub raw: &'a [u8],
    /// Whether the length was indefinite (BER only).
    pub indefinite: bool,
}

impl<'a> Tlv<'a> {
    /// A reader over the children of this constructed value, in the same mode.
    pub(crate) fn children(&self, ber: bool, depth: usize) -> Result<Reader<'a>, TlvError> {
        if depth >= MAX_DEPTH {
            return Err(TlvError::TooDeep);
        }
        Ok(Reader {
            data: self.value,
            pos: 0,
            ber,
            depth: depth + 1,
        })
    }
}

/// Reads consecutive TLVs from a slice.
#[derive(Clone, Debug)]
pub(crate) struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    ber: bool,
    depth: usize,
}

impl<'a> Reader<'a> {
    /// A strict DER reader.
    pub(crate) fn der(data: &'a [u8]) -> Self {
        Reader {
            data,
            pos: 0,
            ber: false,
            depth: 0,
        }
    }

    /// A BER reader (indefinite lengths, non-minimal definite lengths).
    pub(crate) fn ber(data: &'a [u8]) -> Self {
        Reader {
            data,
            pos: 0,
            ber: true,
            depth: 0,
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }

    /// The identifier byte of the next element, if any.
    pub(crate) fn peek_tag(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    /// Fails unless every byte has been read.
    pub(crate) fn finish(&self) -> Result<(), TlvError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(TlvError::Trailing)
        }
    }

    /// The next element.
    pub(crate) fn read(&mut self) -> Result<Tlv<'a>, TlvError> {
        let start = self.pos;
        let rest = self.data.get(start..).ok_or(TlvError::Truncated)?;
        let (tag, header_len, length) = header(rest, self.ber)?;
        match length {
            Some(len) => {
                let end = header_len.checked_add(len).ok_or(TlvError::BadLength)?;
                let raw = rest.get(..end).ok_or(TlvError::Truncated)?;
                self.pos = start + end;
                Ok(Tlv {
                    tag,
                    value: &raw[header_len..],
                    raw,
                    indefinite: false,
                })
            }
            None => {
                // Indefinite: only constructed values, only in BER. Walk the children to
                // find the end-of-contents marker.
                if tag & 0x20 == 0 {
                    return Err(TlvError::BadLength);
                }
                if self.depth >= MAX_DEPTH {
                    return Err(TlvError::TooDeep);
                }
                let mut inner = Reader {
                    data: &rest[header_len..],
                    pos: 0,
                    ber: true,
                    depth: self.depth + 1,
                };
                loop {
                    let here = inner.pos;
                    match inner.data.get(here..here + 2) {
                        Some([0, 0]) => {
                            let content_len = here;
                            let end = header_len + content_len + 2;
                            self.pos = start + end;
                            return Ok(Tlv {
                                tag,
                                value: &rest[header_len..header_len + content_len],
                                raw: &rest[..end],
                                indefinite: true,
                            });
                        }
                        Some(_) => {
                            inner.read()?;
                        }
                        None => return Err(TlvError::Truncated),
                    }
                }
            }
        }
    }

    /// The next element, which must carry `tag`.
    pub(crate) fn expect(&mut self, tag: u8) -> Result<Tlv<'a>, TlvError> {
        let found = self.peek_tag().ok_or(TlvError::Truncated)?;
        if found != tag {
            return Err(TlvError::UnexpectedTag {
                expected: tag,
                found,
            });
        }
        self.read()
    }

    /// The next element if it carries `tag`.
    pub(crate) fn optional(&mut self, tag: u8) -> Result<Option<Tlv<'a>>, TlvError> {
        if self.peek_tag() == Some(tag) {
            self.read().map(Some)
        } else {
            Ok(None)
        }
    }
}

/// Parses one identifier and length: (tag, header length, Some(definite length) | None).
fn header(input: &[u8], ber: bool) -> Result<(u8, usize, Option<usize>), TlvError> {
    let tag = *input.first().ok_or(TlvError::Truncated)?;
    if tag & 0x1f == 0x1f {
        return Err(TlvError::HighTag);
    }
    if tag == 0 {
        // An end-of-contents marker where an element should be.
        return Err(TlvError::BadLength);
    }
    let first = *input.get(1).ok_or(TlvError::Truncated)?;
    if first < 0x80 {
        return Ok((tag, 2, Some(usize::from(first))));
    }
    if first == 0x80 {
        return if ber {
            Ok((tag, 2, None))
        } else {
            Err(TlvError::BadLength)
        };
    }
    let count = usize::from(first & 0x7f);
    // Four length bytes cover 4 GiB, far beyond any input the callers accept.
    if count > 4 {
        return Err(TlvError::BadLength);
    }
    let bytes = input.get(2..2 + count).ok_or(TlvError::Truncated)?;
    let mut len = 0usize;
    for &b in bytes {
        len = (len << 8) | usize::from(b);
    }
    if !ber && (bytes[0] == 0 || len < 0x80) {
        // DER: the shortest form, no leading zero octets.
        return Err(TlvError::BadLength);
    }
    Ok((tag, 2 + count, Some(len)))
}

/// Reassembles an OCTET STRING that BER may split into constructed chunks.
pub(crate) fn octet_string_content(tlv: &Tlv<'_>, depth: usize) -> Result<Vec<u8>, TlvError> {
    let mut out = Vec::with_capacity(tlv.value.len());
    collect_octets(tlv, depth, &mut out)?;
    Ok(out)
}

fn collect_octets(tlv: &Tlv<'_>, depth: usize, out: &mut Vec<u8>) -> Result<(), TlvError> {
    match tlv.tag {
        tag::OCTET_STRING => {
            out.extend_from_slice(tlv.value);
            Ok(())
        }
        tag::OCTET_STRING_CONSTRUCTED => {
            let mut children = tlv.children(true, depth)?;
            while !children.is_empty() {
                let chunk = children.read()?;
                collect_octets(&chunk, depth + 1, out)?;
            }
            Ok(())
        }
        found => Err(TlvError::UnexpectedTag {
            expected: tag::OCTET_STRING,
            found,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_definite_lengths() {
        let data = [0x30, 0x03, 0x02, 0x01, 0x05];
        let mut r = Reader::der(&data);
        let seq = r.expect(tag::SEQUENCE).expect("sequence");
        assert_eq!(seq.value, &[0x02, 0x01, 0x05]);
        assert_eq!(seq.raw, &data);
        r.finish().expect("all read");
        let mut c = seq.children(false, 0).expect("children");
        assert_eq!(c.expect(tag::INTEGER).expect("int").value, &[5]);
        assert!(c.is_empty());
    }

    #[test]
    fn der_rejects_ber_forms() {
        // Indefinite length.
        assert_eq!(
            Reader::der(&[0x30, 0x80, 0, 0]).read().err(),
            Some(TlvError::BadLength)
        );
        // Non-minimal long form.
        assert_eq!(
            Reader::der(&[0x04, 0x81, 0x01, 0xAA]).read().err(),
            Some(TlvError::BadLength)
        );
        assert_eq!(
            Reader::der(&[0x04, 0x82, 0x00, 0x81]).read().err(),
            Some(TlvError::BadLength)
        );
        // High tag form and truncation.
        assert_eq!(
            Reader::der(&[0x1f, 0x01, 0x00]).read().err(),
            Some(TlvError::HighTag)
        );
        assert_eq!(
            Reader::der(&[0x04, 0x05, 1]).read().err(),
            Some(TlvError::Truncated)
        );
        assert_eq!(Reader::der(&[0x04]).read().err(), Some(TlvError::Truncated));
        assert_eq!(
            Reader::der(&[0x04, 0x85, 1, 1, 1, 1, 1]).read().err(),
            Some(TlvError::BadLength)
        );
    }

    #[test]
    fn ber_indefinite_lengths_and_chunked_strings() {
        // SEQUENCE(indef) { OCTET STRING(constructed, indef) { "ab", "c" } } EOC
        let data = [
            0x30, 0x80, 0x24, 0x80, 0x04, 0x02, b'a', b'b', 0x04, 0x01, b'c', 0x00, 0x00, 0x00,
            0x00,
        ];
        let mut r = Reader::ber(&data);
        let seq = r.read().expect("sequence");
        assert!(seq.indefinite);
        assert_eq!(seq.raw.len(), data.len());
        r.finish().expect("all read");
        let mut c = seq.children(true, 0).expect("children");
        let s = c.read().expect("string");
        assert_eq!(octet_string_content(&s, 1).expect("octets"), b"abc");
        assert!(c.is_empty());
        // Missing end-of-contents.
        assert_eq!(
            Reader::ber(&[0x30, 0x80, 0x02, 0x01, 0x00]).read().err(),
            Some(TlvError::Truncated)
        );
        // A primitive value cannot be indefinite.
        assert_eq!(
            Reader::ber(&[0x04, 0x80, 0x00, 0x00]).read().err(),
            Some(TlvError::BadLength)
        );
    }

    #[test]
    fn ber_nesting_is_bounded() {
        let mut data = Vec::new();
        for _ in 0..100 {
            data.extend_from_slice(&[0x30, 0x80]);
        }
        for _ in 0..100 {
            data.extend_from_slice(&[0x00, 0x00]);
        }
        assert_eq!(Reader::ber(&data).read().err(), Some(TlvError::TooDeep));
    }
}

/// DER-encodes one element (definite, minimal length).
pub(crate) fn encode(tag: u8, content: &[u8]) -> Vec<u8> {
    let len = content.len();
    let mut out = Vec::with_capacity(len + 6);
    out.push(tag);
    let be = len.to_be_bytes();
    let skip = be.iter().take_while(|b| **b == 0).count();
    if len < 0x80 {
        out.extend_from_slice(&be[be.len() - 1..]);
    } else {
        let n = be.len() - skip;
        out.push(0x80 | (n as u8 & 0x7f));
        out.extend_from_slice(&be[skip..]);
    }
    out.extend_from_slice(content);
    out
}

/// DER-encodes a constructed element from already encoded parts.
pub(crate) fn encode_parts(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    encode(tag, &parts.concat())
}

/// Sorts encodings into DER SET OF order (X.690 §11.6: as octet strings, the shorter
/// padded with zeros at the end).
pub(crate) fn der_set_order(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    let n = a.len().max(b.len());
    let pad = |s: &[u8], i: usize| s.get(i).copied().unwrap_or(0);
    (0..n)
        .map(|i| pad(a, i).cmp(&pad(b, i)))
        .find(|o| o.is_ne())
        .unwrap_or(std::cmp::Ordering::Equal)
}

#[cfg(test)]
mod encode_tests {
    use super::*;

    #[test]
    fn lengths_round_trip() {
        for len in [0usize, 1, 127, 128, 255, 256, 65535, 65536, 70000] {
            let content = vec![7u8; len];
            let der = encode(tag::OCTET_STRING, &content);
            let mut r = Reader::der(&der);
            let t = r.read().expect("reads back");
            assert_eq!(t.value.len(), len);
            r.finish().expect("nothing left");
        }
    }

    #[test]
    fn set_order() {
        use std::cmp::Ordering::*;
        assert_eq!(der_set_order(&[1, 2], &[1, 3]), Less);
        assert_eq!(der_set_order(&[1, 2, 0], &[1, 2]), Equal);
        assert_eq!(der_set_order(&[2], &[1, 9]), Greater);
    }
}
