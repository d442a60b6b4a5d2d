//! The OFD package: a zip archive read with hard limits.
//!
//! An OFD comes from whoever sent it, so the archive is read defensively: the file size,
//! the entry count, each entry's and the total inflated size and each entry's compression
//! ratio are bounded; names that are absolute, contain `..`, backslashes or NUL, or occur
//! twice are refused (two entries with one name would let a viewer show one and a verifier
//! check the other); encrypted entries and methods other than stored and deflate are
//! refused. Entries are inflated only when asked for, and digests are computed while
//! streaming, so memory stays proportional to the input.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::io::{Cursor, Read};

use super::error::OfdError;
use crate::sm3::Sm3;

/// Limits applied while reading an OFD package.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted package, in bytes.
    pub max_package: usize,
    /// Most zip entries.
    pub max_entries: usize,
    /// Largest inflated entry, in bytes.
    pub max_entry: u64,
    /// Largest sum of inflated bytes read from the package.
    pub max_total: u64,
    /// Largest inflated / compressed ratio for an entry whose inflated size exceeds
    /// [`Limits::ratio_floor`].
    pub max_ratio: u64,
    /// Entries up to this inflated size are exempt from the ratio check (small XML
    /// compresses well and cannot exhaust anything).
    pub ratio_floor: u64,
    /// Largest XML file parsed, in bytes.
    pub max_xml: u64,
    /// Most signatures in one document.
    pub max_signatures: usize,
    /// Most References in one signature.
    pub max_references: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_package: 64 << 20,
            max_entries: 10_000,
            max_entry: 64 << 20,
            max_total: 256 << 20,
            max_ratio: 200,
            ratio_floor: 1 << 20,
            max_xml: 8 << 20,
            max_signatures: 64,
            max_references: 10_000,
        }
    }
}

/// A zip package opened for reading; entries are inflated on demand.
pub struct Package<'a> {
    archive: RefCell<zip::ZipArchive<Cursor<&'a [u8]>>>,
    index: HashMap<String, usize>,
    limits: Limits,
    inflated: Cell<u64>,
}

impl std::fmt::Debug for Package<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Package")
            .field("entries", &self.index.len())
            .finish_non_exhaustive()
    }
}

impl<'a> Package<'a> {
    /// Opens `bytes` as a zip archive and checks every entry's name and declared sizes.
    pub fn open(bytes: &'a [u8], limits: Limits) -> Result<Self, OfdError> {
        if bytes.len() > limits.max_package {
            return Err(OfdError::TooLarge(format!(
                "package of {} bytes exceeds {}",
                bytes.len(),
                limits.max_package
            )));
        }
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| OfdError::bad(format!("not a zip archive: {e}")))?;
        let n = archive.len();
        if n > limits.max_entries {
            return Err(OfdError::TooLarge(format!(
                "{n} entries exceed {}",
                limits.max_entries
            )));
        }
        // The zip crate keys entries by name, so a repeated name silently hides one entry.
        // Count the central directory's headers to see whether any was hidden.
        let start = usize::try_from(archive.central_directory_start()).unwrap_or(usize::MAX);
        let headers = count_central_headers(bytes, start, limits.max_entries + 1);
        if headers != n {
            return Err(OfdError::bad(
                "the zip central directory repeats an entry name",
            ));
        }
        let mut index = HashMap::with_capacity(n);
        for i in 0..n {
            let file = archive
                .by_index_raw(i)
                .map_err(|e| OfdError::bad(format!("zip entry {i}: {e}")))?;
            let name = file.name().to_owned();
            check_name(&name)?;
            if file.encrypted() {
                return Err(OfdError::bad(format!("encrypted zip entry {name}")));
            }
            if file.size() > limits.max_entry {
                return Err(OfdError::TooLarge(format!(
                    "entry {name} declares {} bytes",
                    file.size()
                )));
            }
            drop(file);
            let key = name.trim_end_matches('/').to_owned();
            if index.insert(key, i).is_some() {
                return Err(OfdError::bad(format!("zip entry {name} appears twice")));
            }
        }
        Ok(Package {
            archive: RefCell::new(archive),
            index,
            limits,
            inflated: Cell::new(0),
        })
    }

    /// The reader's limits.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Whether the package holds a file at `path` (package path, no leading `/`).
    pub fn contains(&self, path: &str) -> bool {
        self.index.contains_key(path)
    }

    /// Every entry name (directories without their trailing `/`).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.index.keys().map(String::as_str)
    }

    /// Inflates the file at `path`, up to `max` bytes.
    pub fn read(&self, path: &str, max: u64) -> Result<Vec<u8>, OfdError> {
        let mut out = Vec::new();
        self.stream(path, max, &mut |chunk| out.extend_from_slice(chunk))?;
        Ok(out)
    }

    /// SM3 of the file at `path`, inflated while hashing.
    pub fn sm3(&self, path: &str) -> Result<[u8; 32], OfdError> {
        let mut h = Sm3::new();
        self.stream(path, self.limits.max_entry, &mut |chunk| h.update(chunk))?;
        Ok(h.finalize())
    }

    fn stream(&self, path: &str, max: u64, sink: &mut dyn FnMut(&[u8])) -> Result<(), OfdError> {
        let &i = self
            .index
            .get(path)
            .ok_or_else(|| OfdError::bad(format!("no file {path} in the package")))?;
        let mut archive = self.archive.borrow_mut();
        let mut file = archive
            .by_index(i)
            .map_err(|e| OfdError::bad(format!("zip entry {path}: {e}")))?;
        if file.is_dir() {
            return Err(OfdError::bad(format!("{path} is a folder")));
        }
        let declared = file.size();
        let compressed = file.compressed_size().max(1);
        let limit = declared.min(max).min(self.limits.max_entry);
        let mut buf = [0u8; 16 * 1024];
        let mut total: u64 = 0;
        loop {
            let n = file
                .read(&mut buf)
                .map_err(|e| OfdError::bad(format!("zip entry {path}: {e}")))?;
            if n == 0 {
                break;
            }
            total += n as u64;
            if total > limit {
                return Err(OfdError::TooLarge(format!(
                    "entry {path} inflates past {limit} bytes"
                )));
            }
            if total > self.limits.ratio_floor && total / compressed > self.limits.max_ratio {
                return Err(OfdError::TooLarge(format!(
                    "entry {path} compression ratio exceeds {}",
                    self.limits.max_ratio
                )));
            }
            let sum = self.inflated.get() + n as u64;
            if sum > self.limits.max_total {
                return Err(OfdError::TooLarge(format!(
                    "package inflates past {} bytes",
                    self.limits.max_total
                )));
            }
            self.inflated.set(sum);
            sink(&buf[..n]);
        }
        if total != declared {
            return Err(OfdError::bad(format!(
                "entry {path} size differs from its header"
            )));
        }
        Ok(())
    }
}

// Entry names are package paths: relative, `/`-separated, with no `.`, `..` or empty
// segments, no backslash, drive letter or control character.
fn check_name(name: &str) -> Result<(), OfdError> {
    let bad = |why: &str| Err(OfdError::bad(format!("zip entry name {name:?}: {why}")));
    if name.is_empty() {
        return bad("empty");
    }
    if name.starts_with('/') {
        return bad("absolute path");
    }
    if name.contains('\\') {
        return bad("backslash");
    }
    if name.chars().any(char::is_control) {
        return bad("control character");
    }
    let trimmed = name.strip_suffix('/').unwrap_or(name);
    for (k, seg) in trimmed.split('/').enumerate() {
        match seg {
            "" => return bad("empty segment"),
            "." | ".." => return bad("dot segment"),
            _ if k == 0 && seg.len() == 2 && seg.ends_with(':') => return bad("drive letter"),
            _ => {}
        }
    }
    Ok(())
}

// Counts central directory file headers (signature PK\1\2) from `start`, stopping at the
// first other signature, at the end of the input or at `cap`.
fn count_central_headers(bytes: &[u8], start: usize, cap: usize) -> usize {
    let mut pos = start;
    let mut count = 0;
    while count < cap {
        let Some(h) = bytes.get(pos..pos.saturating_add(46)) else {
            break;
        };
        if h[..4] != [0x50, 0x4b, 0x01, 0x02] {
            break;
        }
        let name = usize::from(u16::from_le_bytes([h[28], h[29]]));
        let extra = usize::from(u16::from_le_bytes([h[30], h[31]]));
        let comment = usize::from(u16::from_le_bytes([h[32], h[33]]));
        pos = pos.saturating_add(46 + name + extra + comment);
        count += 1;
    }
    count
}

/// Resolves `reference` against the folder `base` (package path, no leading `/`): an
/// absolute reference (`/Doc_0/…`) is taken from the package root. Returns the package path
/// without a leading `/`; `.` segments are dropped and `..` is refused.
pub fn resolve(base: &str, reference: &str) -> Result<String, OfdError> {
    let reference = reference.trim();
    if reference.is_empty() {
        return Err(OfdError::bad("empty path"));
    }
    if reference.contains('\\') || reference.chars().any(char::is_control) {
        return Err(OfdError::bad(format!("bad path {reference:?}")));
    }
    let mut out: Vec<&str> = Vec::new();
    let rel = if let Some(abs) = reference.strip_prefix('/') {
        abs
    } else {
        out.extend(base.split('/').filter(|s| !s.is_empty()));
        reference
    };
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                return Err(OfdError::bad(format!(
                    "path {reference:?} leaves its folder"
                )));
            }
            s => out.push(s),
        }
    }
    if out.is_empty() {
        return Err(OfdError::bad(format!("path {reference:?} names no file")));
    }
    Ok(out.join("/"))
}

/// The folder of a package path (`Doc_0/Signs` for `Doc_0/Signs/Signatures.xml`).
pub fn folder(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        for bad in [
            "/OFD.xml", "../x", "a/../b", "a\\b", "a//b", "./a", "C:/x", "a\0b", "",
        ] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        for good in ["OFD.xml", "Doc_0/", "Doc_0/Signs/Sign_0/Seal.esl", "a..b/c"] {
            assert!(check_name(good).is_ok(), "{good:?}");
        }
    }

    #[test]
    fn paths_resolve() {
        assert_eq!(
            resolve("Doc_0/Signs", "Sign_0/Signature.xml").unwrap(),
            "Doc_0/Signs/Sign_0/Signature.xml"
        );
        assert_eq!(
            resolve("Doc_0/Signs", "/Doc_0/Signs/Sign_0/Signature.xml").unwrap(),
            "Doc_0/Signs/Sign_0/Signature.xml"
        );
        assert_eq!(resolve("", "Doc_0/./a.xml").unwrap(), "Doc_0/a.xml");
        assert!(resolve("Doc_0", "../OFD.xml").is_err());
        assert!(resolve("Doc_0", "/").is_err());
        assert!(resolve("Doc_0", "a\\b").is_err());
        assert_eq!(folder("Doc_0/Signs/Signatures.xml"), "Doc_0/Signs");
        assert_eq!(folder("OFD.xml"), "");
    }
}
