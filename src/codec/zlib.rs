//! zlib (RFC 1950): compressed with miniz_oxide, inflated with zlib-rs under a hard cap on
//! inflated size.
//!
//! Why two crates: `benches/inflate.rs` measured the e-license (442 bytes of COSE) both
//! ways. miniz_oxide builds its decoding tables for every block, fixed or dynamic, which
//! was most of its inflate time; zlib-rs decodes the fixed-code block in under half the time
//! miniz_oxide took for the dynamic-code one (about the same for dynamic codes). On the compressing side fixed codes are also the smaller stream for a payload
//! this short (the dynamic block's code-length header costs more than it saves), so
//! [`compress`] writes whichever of the two is smaller. Both are plain zlib: every reader
//! of `EL1:`/`CC1:` decodes either.

use miniz_oxide::deflate::core::{
    CompressorOxide, TDEFLFlush, TDEFLStatus, compress as deflate,
    create_comp_flags_from_zip_params,
};

use super::CodecError;

/// miniz_oxide's best level.
const LEVEL: i32 = 10;
/// zlib's strategy numbers, as miniz_oxide takes them.
const STRATEGY_DEFAULT: i32 = 0;
const STRATEGY_FIXED: i32 = 4;

/// Compresses `data` as a zlib stream at the best level, with fixed or dynamic Huffman codes,
/// whichever is smaller (QR space is scarce; fixed codes also decode faster).
pub fn compress(data: &[u8]) -> Vec<u8> {
    let fixed = compress_with(data, STRATEGY_FIXED);
    let dynamic = compress_with(data, STRATEGY_DEFAULT);
    if dynamic.len() < fixed.len() {
        dynamic
    } else {
        fixed
    }
}

fn compress_with(data: &[u8], strategy: i32) -> Vec<u8> {
    let flags = create_comp_flags_from_zip_params(LEVEL, 1, strategy);
    let mut compressor = Box::new(CompressorOxide::new(flags));
    // A zlib stream of n bytes needs at most n + 5 bytes per 16 KiB block plus 6.
    let mut out = vec![0u8; data.len() + 5 * (data.len() / 16_384 + 1) + 16];
    let mut in_pos = 0;
    let mut out_pos = 0;
    loop {
        let (status, consumed, written) = deflate(
            &mut compressor,
            &data[in_pos..],
            &mut out[out_pos..],
            TDEFLFlush::Finish,
        );
        in_pos += consumed;
        out_pos += written;
        match status {
            TDEFLStatus::Done => break,
            TDEFLStatus::Okay if out_pos == out.len() => {
                let len = out.len();
                out.resize(len * 2, 0);
            }
            TDEFLStatus::Okay => {}
            // Only a misuse of the API fails; it cannot happen with the arguments above.
            _ => return miniz_oxide::deflate::compress_to_vec_zlib(data, LEVEL as u8),
        }
    }
    out.truncate(out_pos);
    out
}

/// Inflates one complete zlib stream into at most `max_out` bytes.
///
/// The output buffer starts at a few times the input and doubles up to `max_out` (each try
/// inflates from the start), so a compression bomb costs at most `max_out` bytes before it
/// fails with [`CodecError::InflateTooLarge`]. A bad header, a preset dictionary, corrupt
/// data, a truncated stream, an Adler-32 mismatch or any bytes after the checksum are
/// [`CodecError::BadZlib`].
pub fn decompress(data: &[u8], max_out: usize) -> Result<Vec<u8>, CodecError> {
    use zlib_rs::{Inflate, InflateError, InflateFlush, Status};
    let mut out = vec![0u8; data.len().saturating_mul(4).clamp(256, 4096).min(max_out)];
    let mut inflater = Inflate::new(true, 15);
    loop {
        let in_pos = usize::try_from(inflater.total_in()).unwrap_or(usize::MAX);
        let out_pos = usize::try_from(inflater.total_out()).unwrap_or(usize::MAX);
        let input = data.get(in_pos..).unwrap_or_default();
        let output = out.get_mut(out_pos..).unwrap_or_default();
        let status = inflater.decompress(input, output, InflateFlush::Finish);
        let in_pos = usize::try_from(inflater.total_in()).unwrap_or(usize::MAX);
        let out_pos = usize::try_from(inflater.total_out()).unwrap_or(usize::MAX);
        match status {
            Ok(Status::StreamEnd) => {
                if in_pos != data.len() {
                    return Err(CodecError::BadZlib("bytes after the zlib checksum"));
                }
                out.truncate(out_pos);
                return Ok(out);
            }
            // Output full with more to come: grow, up to the cap.
            Ok(Status::Ok | Status::BufError) if out_pos == out.len() => {
                if out.len() >= max_out {
                    return Err(CodecError::InflateTooLarge { max: max_out });
                }
                let len = out.len().saturating_mul(2).clamp(1, max_out);
                out.reserve_exact(len - out.len());
                out.resize(len, 0);
            }
            Ok(_) => return Err(CodecError::BadZlib("truncated zlib stream")),
            Err(InflateError::NeedDict { .. }) => {
                return Err(CodecError::BadZlib("preset dictionaries are not accepted"));
            }
            Err(_) => {
                return Err(CodecError::BadZlib(
                    "corrupt zlib stream or Adler-32 checksum mismatch",
                ));
            }
        }
    }
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
        assert!(matches!(
            decompress(&bad_sum, 1024),
            Err(CodecError::BadZlib(_))
        ));
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
