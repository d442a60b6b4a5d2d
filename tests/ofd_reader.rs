//! The OFD package reader: hostile archives are refused with `BadOfd`, never a panic, and
//! every corpus file is read down to its Signature.xml files.

use std::io::{Cursor, Write};
use std::path::Path;

use govcred::ErrorCode;
use govcred::ofd::{Limits, OfdVerifier, Package, locate};
use zip::write::SimpleFileOptions;

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn open_code(bytes: &[u8], limits: Limits) -> ErrorCode {
    match Package::open(bytes, limits) {
        Ok(_) => ErrorCode::Ok,
        Err(e) => e.code(),
    }
}

const OFD_XML: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot><ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures></ofd:DocBody></ofd:OFD>"#;

#[test]
fn path_traversal_and_absolute_names_are_refused() {
    for name in [
        "../evil.xml",
        "Doc_0/../../evil.xml",
        "/OFD.xml",
        "C:/x.xml",
        "a\\..\\b",
    ] {
        let z = zip_of(&[("OFD.xml", OFD_XML), (name, b"x")]);
        assert_eq!(
            open_code(&z, Limits::default()),
            ErrorCode::BadOfd,
            "{name}"
        );
        assert_eq!(OfdVerifier::new().verify(&z, 0).code, ErrorCode::BadOfd);
    }
}

#[test]
fn a_repeated_entry_name_is_refused() {
    let mut z = zip_of(&[("OFD.xml", OFD_XML), ("OFD.xmm", b"<x/>")]);
    // Rename the second entry in its local and central headers.
    let from = b"OFD.xmm";
    let mut i = 0;
    while i + from.len() <= z.len() {
        if &z[i..i + from.len()] == from {
            z[i + from.len() - 1] = b'l';
        }
        i += 1;
    }
    assert_eq!(open_code(&z, Limits::default()), ErrorCode::BadOfd);
}

#[test]
fn a_zip_bomb_is_refused() {
    // 8 MiB of zeros deflates about 1000:1.
    let zeros = vec![0u8; 8 << 20];
    let z = zip_of(&[("OFD.xml", OFD_XML), ("Doc_0/bomb.xml", &zeros)]);
    let p = Package::open(&z, Limits::default()).unwrap();
    let e = p.sm3("Doc_0/bomb.xml").unwrap_err();
    assert_eq!(e.code(), ErrorCode::BadOfd);
    assert!(e.to_string().contains("ratio"), "{e}");

    // Per-entry and total limits, declared and while inflating.
    let small = Limits {
        max_entry: 1 << 20,
        ..Limits::default()
    };
    assert_eq!(open_code(&z, small), ErrorCode::BadOfd);
    let total = Limits {
        max_total: 4 << 20,
        max_ratio: u64::MAX,
        ..Limits::default()
    };
    let p = Package::open(&z, total).unwrap();
    assert!(
        p.sm3("Doc_0/bomb.xml")
            .unwrap_err()
            .to_string()
            .contains("inflates past")
    );
    let tiny = Limits {
        max_package: 100,
        ..Limits::default()
    };
    assert_eq!(open_code(&z, tiny), ErrorCode::BadOfd);
    let few = Limits {
        max_entries: 1,
        ..Limits::default()
    };
    assert_eq!(open_code(&z, few), ErrorCode::BadOfd);
}

#[test]
fn xml_with_a_dtd_is_refused() {
    let ofd = br#"<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>"#;
    let z = zip_of(&[("OFD.xml", ofd)]);
    let v = OfdVerifier::new().verify(&z, 0);
    assert_eq!(v.code, ErrorCode::BadOfd);
    assert!(
        v.message.contains("DTD") || v.message.contains("OFD.xml"),
        "{}",
        v.message
    );
}

#[test]
fn not_a_zip_and_no_ofd_xml() {
    assert_eq!(OfdVerifier::new().verify(b"", 0).code, ErrorCode::BadOfd);
    assert_eq!(
        OfdVerifier::new().verify(b"PK\x03\x04junk", 0).code,
        ErrorCode::BadOfd
    );
    let z = zip_of(&[("Doc_0/Document.xml", b"<x/>")]);
    assert_eq!(OfdVerifier::new().verify(&z, 0).code, ErrorCode::BadOfd);
}

#[test]
fn every_corpus_file_is_read() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/ofd");
    let tsv = std::fs::read_to_string(dir.join("EXPECTED.tsv")).unwrap();
    let mut files = 0;
    let mut signatures = 0;
    for line in tsv.lines().skip(1) {
        let file = line.split('\t').next().unwrap();
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let p = Package::open(&bytes, Limits::default()).unwrap();
        let entries = locate::signatures(&p).unwrap();
        for e in &entries {
            let raw = p.read(&e.path, 1 << 20).unwrap();
            let sx = locate::signature_xml(&raw, &e.path, 10_000).unwrap();
            assert!(!sx.references.is_empty(), "{file} {}", e.id);
            assert!(p.contains(&sx.signed_value), "{file} {}", e.id);
        }
        assert_eq!(entries.is_empty(), file.ends_with("unsigned.ofd"), "{file}");
        signatures += entries.len();
        files += 1;
    }
    assert_eq!(files, 23);
    assert_eq!(signatures, 29);
}
