//! zlib (RFC 1950) through miniz_oxide, with a hard cap on inflated size.

use miniz_oxide::inflate::TINFLStatus;
use miniz_oxide::inflate::core::{DecompressorOxide, decompress as inflate, inflate_flags};

use super::CodecError;

/// Compresses `data` as a zlib stream at the best compression level (QR space is scarce).
pub fn compress(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 10)
}

/// Inflates one complete zlib stream into at most `max_out` bytes.
///
/// The output buffer grows by doubling and never beyond `max_out`, so a compression bomb
/// costs at most `max_out` bytes before it fails with [`CodecError::InflateTooLarge`].
/// A bad header, corrupt data, a truncated stream, an Adler-32 mismatch or any bytes after
/// the checksum are [`CodecError::BadZlib`].
pub fn decompress(data: &[u8], max_out: usize) -> Result<Vec<u8>, CodecError> {
    let flags = inflate_flags::TINFL_FLAG_PARSE_ZLIB_HEADER
        | inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF
        | inflate_flags::TINFL_FLAG_COMPUTE_ADLER32;
    let mut out: Vec<u8> = Vec::new();
    grow(
        &mut out,
        data.len().saturating_mul(4).clamp(256, 4096),
        max_out,
    );
    let mut state = Box::<DecompressorOxide>::default();
    let mut in_pos = 0;
    let mut out_pos = 0;
    loop {
        let input = data.get(in_pos..).unwrap_or_default();
        let (status, consumed, produced) = inflate(&mut state, input, &mut out, out_pos, flags);
        in_pos += consumed;
        out_pos += produced;
        match status {
            TINFLStatus::Done => {
                if in_pos != data.len() {
                    return Err(CodecError::BadZlib("bytes after the zlib checksum"));
                }
                out.truncate(out_pos);
                return Ok(out);
            }
            TINFLStatus::HasMoreOutput => {
                if out.len() >= max_out {
                    return Err(CodecError::InflateTooLarge { max: max_out });
                }
                let doubled = out.len().saturating_mul(2);
                grow(&mut out, doubled, max_out);
            }
            TINFLStatus::Adler32Mismatch => {
                return Err(CodecError::BadZlib("Adler-32 checksum mismatch"));
            }
            TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                return Err(CodecError::BadZlib("truncated zlib stream"));
            }
            _ => return Err(CodecError::BadZlib("corrupt zlib stream")),
        }
    }
}

// Resizes to min(want, cap) with an exact reservation, so capacity never passes the cap.
fn grow(out: &mut Vec<u8>, want: usize, cap: usize) {
    let len = want.min(cap).max(out.len());
    out.reserve_exact(len - out.len());
    out.resize(len, 0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_exact_cap() {
        let data: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
        let z = compress(&data);
        assert_eq!(decompress(&z, data.len()).unwrap(), data);
        assert_eq!(
            decompress(&z, data.len() - 1),
            Err(CodecError::InflateTooLarge {
                max: data.len() - 1
            })
        );
        assert_eq!(decompress(&compress(b""), 0).unwrap(), b"");
        assert!(matches!(
            decompress(&compress(b"x"), 0),
            Err(CodecError::InflateTooLarge { max: 0 })
        ));
    }

    #[test]
    fn rejects_corruption() {
        let z = compress(b"hello hello hello hello");
        let mut trailing = z.clone();
        trailing.push(0);
        assert_eq!(
            decompress(&trailing, 1024),
            Err(CodecError::BadZlib("bytes after the zlib checksum"))
        );
        let mut bad_sum = z.clone();
        let last = bad_sum.len() - 1;
        bad_sum[last] ^= 1;
        assert_eq!(
            decompress(&bad_sum, 1024),
            Err(CodecError::BadZlib("Adler-32 checksum mismatch"))
        );
        for cut in 0..z.len() {
            assert!(
                matches!(decompress(&z[..cut], 1024), Err(CodecError::BadZlib(_))),
                "cut at {cut}"
            );
        }
        let mut bad_header = z;
        bad_header[0] = 0x79;
        assert!(matches!(
            decompress(&bad_header, 1024),
            Err(CodecError::BadZlib(_))
        ));
        // Raw deflate without the zlib wrapper is not accepted.
        let raw = miniz_oxide::deflate::compress_to_vec(b"hello", 6);
        assert!(matches!(
            decompress(&raw, 1024),
            Err(CodecError::BadZlib(_))
        ));
    }
}
