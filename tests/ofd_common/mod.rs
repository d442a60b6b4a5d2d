//! Helpers shared by the OFD tests: vectors, zip rewriting, PEM.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use govcred::ErrorCode;

/// What an intact signature whose chain reaches no pinned root reports.
pub(crate) const INTACT_UNTRUSTED: ErrorCode = ErrorCode::UntrustedCertificate;

pub(crate) fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/ofd")
}

pub(crate) fn vector(name: &str) -> Vec<u8> {
    std::fs::read(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// DER of a PEM certificate vector.
pub(crate) fn pem_der(name: &str) -> Vec<u8> {
    use base64ct::{Base64, Encoding};
    let text = String::from_utf8(vector(name)).unwrap();
    let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    Base64::decode_vec(&body).unwrap()
}

/// Every file of a zip, by name.
pub(crate) fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut a = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..a.len() {
        let mut f = a.by_index(i).unwrap();
        if f.is_dir() {
            continue;
        }
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        out.insert(f.name().to_owned(), data);
    }
    out
}

/// The zip `bytes` with some files replaced, in the original order.
pub(crate) fn rezip(bytes: &[u8], replace: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut a = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..a.len() {
        let mut f = a.by_index(i).unwrap();
        let name = f.name().to_owned();
        if f.is_dir() {
            w.add_directory(name.trim_end_matches('/'), opts).unwrap();
            continue;
        }
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if let Some((_, new)) = replace.iter().find(|(n, _)| *n == name) {
            data = new.clone();
        }
        w.start_file(name, opts).unwrap();
        w.write_all(&data).unwrap();
    }
    w.finish().unwrap().into_inner()
}
