//! The e-license's zlib layer, option by option: `cargo bench --bench inflate`.
//!
//! Takes the real e-license of the bench fixture (the COSE_Sign1 inside its `EL1:` QR),
//! compresses it each way an issuer could, and times inflating it with each inflater that
//! fits a strict, bounded decoder: miniz_oxide (what the codec used before, the same loop
//! as then), zlib-rs (what `codec::zlib::decompress` uses now) and libdeflate (libdeflater,
//! which cannot report trailing bytes, so it does not fit the strict decoder). Prints QR
//! text length and decode time (median of rounds, wall clock, ns per inflate).
//!
//! Issuer-side choices: miniz_oxide's best level with dynamic Huffman codes (today's
//! `codec::zlib::compress`), the same with fixed codes only (still plain zlib: every decoder
//! of `EL1:` reads it), stored blocks, and zlib with a preset dictionary of license labels and
//! common words (FDICT: a wire-format change, which would need a new prefix).

use std::hint::black_box;
use std::io::Write as _;
use std::time::Instant;

#[path = "../tests/common/verifier_fixture.rs"]
#[allow(dead_code)]
mod generator;

use govcred::codec;
use govcred::internal::{base45, zlib};
use govcred::license::LicenseIssuer;

/// Words an e-license's CBOR carries again and again: element labels, common values and
/// the identifier's fixed head. The most common go last (zlib prefers near matches).
const DICTIONARY: &str = "有限责任公司（自然人投资或控股）股份有限公司个体工商户\
营业期限经营范围登记机关成立日期住所注册资本法定代表人类型名称\
市场监督管理局省市区县人民政府万元整长期\
1.2.156.3005.2.营业执照";

fn time_ns(mut f: impl FnMut()) -> f64 {
    let mut batch = 1u32;
    loop {
        let start = Instant::now();
        for _ in 0..batch {
            f();
        }
        if start.elapsed().as_millis() >= 50 {
            break;
        }
        batch *= 2;
    }
    let mut rounds: Vec<f64> = (0..7)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..batch {
                f();
            }
            start.elapsed().as_nanos() as f64 / f64::from(batch)
        })
        .collect();
    rounds.sort_by(f64::total_cmp);
    rounds[rounds.len() / 2]
}

fn miniz_compress(data: &[u8], strategy: i32, level: u8) -> Vec<u8> {
    use miniz_oxide::deflate::core::{
        CompressorOxide, TDEFLFlush, TDEFLStatus, compress, create_comp_flags_from_zip_params,
    };
    let flags = create_comp_flags_from_zip_params(i32::from(level), 1, strategy);
    let mut c = CompressorOxide::new(flags);
    let mut out = vec![0u8; data.len() * 2 + 64];
    let (status, _, written) = compress(&mut c, data, &mut out, TDEFLFlush::Finish);
    assert_eq!(status, TDEFLStatus::Done);
    out.truncate(written);
    out
}

fn with_dictionary(data: &[u8]) -> Vec<u8> {
    let mut c = flate2::Compress::new(flate2::Compression::best(), true);
    c.set_dictionary(DICTIONARY.as_bytes()).expect("dictionary");
    let mut out = Vec::with_capacity(data.len() * 2 + 64);
    c.compress_vec(data, &mut out, flate2::FlushCompress::Finish)
        .expect("compress");
    out
}

fn zlib_rs_inflate(z: &[u8], cap: usize, dict: Option<&[u8]>) -> Vec<u8> {
    let mut d = flate2::Decompress::new(true);
    let mut out = Vec::with_capacity(cap);
    match d.decompress_vec(z, &mut out, flate2::FlushDecompress::Finish) {
        Ok(_) => {}
        Err(e) if e.needs_dictionary().is_some() => {
            d.set_dictionary(dict.expect("a dictionary"))
                .expect("dictionary");
            let consumed = d.total_in() as usize;
            d.decompress_vec(&z[consumed..], &mut out, flate2::FlushDecompress::Finish)
                .expect("inflate");
        }
        Err(e) => panic!("{e}"),
    }
    out
}

/// The codec's inflate loop before zlib-rs (miniz_oxide, output doubling up to the cap).
fn miniz_inflate(data: &[u8], max_out: usize) -> Option<Vec<u8>> {
    use miniz_oxide::inflate::TINFLStatus;
    use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};
    let flags = inflate_flags::TINFL_FLAG_PARSE_ZLIB_HEADER
        | inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF
        | inflate_flags::TINFL_FLAG_COMPUTE_ADLER32;
    let mut out = vec![0u8; data.len().saturating_mul(4).clamp(256, 4096).min(max_out)];
    let mut state = Box::<DecompressorOxide>::default();
    let (mut in_pos, mut out_pos) = (0, 0);
    loop {
        let (status, consumed, produced) =
            decompress(&mut state, &data[in_pos..], &mut out, out_pos, flags);
        in_pos += consumed;
        out_pos += produced;
        match status {
            TINFLStatus::Done if in_pos == data.len() => {
                out.truncate(out_pos);
                return Some(out);
            }
            TINFLStatus::HasMoreOutput if out.len() < max_out => {
                let len = (out.len() * 2).min(max_out);
                out.resize(len, 0);
            }
            _ => return None,
        }
    }
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("inflate: run with `cargo bench --bench inflate`");
        return;
    }
    let f = generator::Fixture::new();
    let issuer = LicenseIssuer::new(f.zj.clone()).expect("issuer");
    let qr = issuer
        .issue(
            &f.license("LIC000000000001", None, "2026-11-20"),
            generator::NOW - 60,
        )
        .expect("license");
    let (_, cose) = codec::decode_qr(&qr).expect("decode");
    println!(
        "e-license COSE_Sign1: {} bytes; today's QR: {} characters",
        cose.len(),
        qr.len()
    );
    let dynamic = miniz_oxide::deflate::compress_to_vec_zlib(&cose, 10);
    let fixed = miniz_compress(&cose, 4, 10);
    let stored = miniz_compress(&cose, 0, 0);
    let dict = with_dictionary(&cose);
    let cap = codec::MAX_INFLATED;
    let mut lib = libdeflater::Decompressor::new();
    let mut buf = vec![0u8; cap];
    let qr_len = |z: &[u8]| 4 + base45::encode(z).len();
    assert_eq!(
        zlib::compress(&cose),
        fixed,
        "the issuer writes fixed codes here"
    );
    let body = base45::encode(&fixed);
    let base45_ns = time_ns(|| {
        black_box(base45::decode(black_box(&body)).is_ok());
    });
    println!();
    println!(
        "{:<40} {:>9} {:>8} {:>13} {:>13} {:>13}",
        "issuer choice", "zlib B", "QR chars", "miniz_oxide", "zlib-rs", "libdeflate"
    );
    for (name, z, needs_dict) in [
        ("best level, dynamic Huffman (EL1 before)", &dynamic, false),
        ("best level, fixed Huffman (EL1 now)", &fixed, false),
        ("stored", &stored, false),
        ("preset dictionary (new prefix)", &dict, true),
    ] {
        let miniz = if needs_dict {
            // miniz_oxide's inflater has no preset-dictionary support.
            "-".to_owned()
        } else {
            assert_eq!(miniz_inflate(z, cap).expect("miniz"), cose);
            format!(
                "{:.0} ns",
                time_ns(|| {
                    black_box(miniz_inflate(black_box(z), cap).is_some());
                })
            )
        };
        let zrs = if needs_dict {
            // Through flate2's zlib-rs backend, which takes a preset dictionary.
            assert_eq!(zlib_rs_inflate(z, cap, Some(DICTIONARY.as_bytes())), cose);
            time_ns(|| {
                black_box(zlib_rs_inflate(black_box(z), cap, Some(DICTIONARY.as_bytes())).len());
            })
        } else {
            // The codec's own inflate (zlib-rs).
            assert_eq!(zlib::decompress(z, cap).expect("codec"), cose);
            time_ns(|| {
                black_box(zlib::decompress(black_box(z), cap).is_ok());
            })
        };
        let libd = if needs_dict {
            // libdeflate has no preset-dictionary support.
            "-".to_owned()
        } else {
            let n = lib.zlib_decompress(z, &mut buf).expect("libdeflate");
            assert_eq!(&buf[..n], cose.as_slice());
            format!(
                "{:.0} ns",
                time_ns(|| {
                    black_box(lib.zlib_decompress(black_box(z), &mut buf).is_ok());
                })
            )
        };
        println!(
            "{name:<40} {:>9} {:>8} {miniz:>13} {:>10.0} ns {libd:>13}",
            z.len(),
            qr_len(z),
            zrs
        );
    }
    println!();
    println!(
        "base45 decode of the QR body: {base45_ns:.0} ns; codec inflate (zlib-rs) above; the zlib-rs figure for the dictionary goes through flate2"
    );
    let _ = std::io::stdout().flush();
}
