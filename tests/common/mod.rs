//! Helpers shared by the integration tests: the text vector format, a temporary directory,
//! a seeded generator for random inputs, and the `openssl` CLI.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};

use govcred::ErrorCode;

/// One block of a vector file: its `case` name and its fields, values already decoded.
#[derive(Debug)]
pub(crate) struct Case {
    pub name: String,
    pub fields: BTreeMap<String, Vec<u8>>,
}

impl Case {
    pub(crate) fn get(&self, key: &str) -> Option<&[u8]> {
        self.fields.get(key).map(Vec::as_slice)
    }

    pub(crate) fn bytes(&self, key: &str) -> &[u8] {
        self.get(key)
            .unwrap_or_else(|| panic!("case {}: no field {key}", self.name))
    }

    pub(crate) fn text(&self, key: &str) -> &str {
        std::str::from_utf8(self.bytes(key))
            .unwrap_or_else(|_| panic!("case {}: field {key} is not UTF-8", self.name))
    }

    /// The `expect` field as an error code, looked up by its stable name.
    pub(crate) fn expected_code(&self) -> ErrorCode {
        let name = self.text("expect");
        *ErrorCode::ALL
            .iter()
            .find(|c| c.name() == name)
            .unwrap_or_else(|| panic!("case {}: unknown ErrorCode name {name}", self.name))
    }
}

/// The repository root: this package's directory, or its parent for the CLI package (`cli/`),
/// which shares these helpers and the vectors.
pub(crate) fn repo_root() -> &'static Path {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    if dir.join("tests/vectors").is_dir() {
        dir
    } else {
        dir.parent().unwrap_or(dir)
    }
}

/// Runs a command-line binary from the repository root with `args`, no stdin, and fails the
/// test if it panicked.
pub(crate) fn run_in_repo(bin: &str, args: &[&str]) -> Output {
    let out = Command::new(bin)
        .args(args)
        .current_dir(repo_root())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("run {bin}: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{bin} panicked: {stderr}");
    out
}

/// Reads `tests/vectors/<rel>`.
pub(crate) fn vector_file(rel: &str) -> String {
    let path = repo_root().join("tests/vectors").join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Parses blocks of `key = value` lines separated by blank lines; `#` starts a comment line.
/// Values are hex unless the key ends in `_ascii` (text with `\n` and `\\` escapes) or
/// `_repeat` (`HEX*N`); the suffix is dropped from the key. A block without `case` is skipped
/// (the file header).
pub(crate) fn parse_cases(text: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut fields = BTreeMap::new();
    let mut name = None;
    let flush = |name: &mut Option<String>,
                 fields: &mut BTreeMap<String, Vec<u8>>,
                 cases: &mut Vec<Case>| {
        if let Some(name) = name.take() {
            cases.push(Case {
                name,
                fields: std::mem::take(fields),
            });
        }
        fields.clear();
    };
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            flush(&mut name, &mut fields, &mut cases);
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .unwrap_or_else(|| panic!("not a key = value line: {line}"));
        let (key, value) = (key.trim(), value.trim());
        if key == "case" {
            name = Some(value.to_owned());
            continue;
        }
        let (key, bytes) = if let Some(k) = key.strip_suffix("_ascii") {
            (k, unescape(value))
        } else if let Some(k) = key.strip_suffix("_repeat") {
            let (unit, count) = value
                .split_once('*')
                .unwrap_or_else(|| panic!("{key}: expected HEX*N"));
            let unit =
                govcred::internal::hex::decode(unit).unwrap_or_else(|| panic!("{key}: bad hex"));
            (k, unit.repeat(count.parse().expect("repeat count")))
        } else if key == "expect" || key == "op" || key == "sig_form" {
            (key, value.as_bytes().to_vec())
        } else {
            (
                key,
                govcred::internal::hex::decode(value)
                    .unwrap_or_else(|| panic!("{key}: bad hex {value}")),
            )
        };
        assert!(
            fields.insert(key.to_owned(), bytes).is_none(),
            "duplicate field {key}"
        );
    }
    flush(&mut name, &mut fields, &mut cases);
    cases
}

fn unescape(value: &str) -> Vec<u8> {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('\\') => out.push('\\'),
                other => panic!("unknown escape \\{other:?}"),
            }
        } else {
            out.push(c);
        }
    }
    out.into_bytes()
}

/// A directory under the system temp dir, removed on drop.
pub(crate) struct TempDir(PathBuf);

impl TempDir {
    pub(crate) fn new(tag: &str) -> TempDir {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let path = std::env::temp_dir().join(format!(
            "govcred-{tag}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create temp dir");
        TempDir(path)
    }

    pub(crate) fn path(&self) -> &Path {
        &self.0
    }

    pub(crate) fn file(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    pub(crate) fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.file(name);
        std::fs::write(&path, bytes).expect("write temp file");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// SplitMix64: enough for test inputs. The seed comes from `GOVCRED_TEST_SEED` or the clock
/// and is printed, so a failure can be replayed.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn from_env(test: &str) -> Rng {
        let seed = std::env::var("GOVCRED_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(1)
            });
        println!("{test}: GOVCRED_TEST_SEED={seed}");
        Rng(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub(crate) fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next_u64() as u8).collect()
    }
}

/// True when running under CI (the variable `CI` is set and not empty, `0` or `false`).
pub(crate) fn in_ci() -> bool {
    std::env::var("CI")
        .map(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
        .unwrap_or(false)
}

/// The `openssl` command if it works (`GOVCRED_OPENSSL` names another binary). Missing under
/// CI fails the test; elsewhere the caller skips, after a printed note.
pub(crate) fn openssl() -> Option<PathBuf> {
    let candidates = match std::env::var_os("GOVCRED_OPENSSL") {
        Some(path) => vec![PathBuf::from(path)],
        None => vec![PathBuf::from("openssl"), PathBuf::from("/usr/bin/openssl")],
    };
    for cmd in candidates {
        if let Ok(out) = Command::new(&cmd).arg("version").output() {
            if out.status.success() && out.stdout.starts_with(b"OpenSSL 3") {
                return Some(cmd);
            }
        }
    }
    assert!(
        !in_ci(),
        "OpenSSL 3 `openssl` is required for the interoperability tests under CI"
    );
    // Straight to the stream: the test harness captures `eprintln!` of passing tests.
    let _ = writeln!(
        std::io::stderr(),
        "note: OpenSSL 3 `openssl` not found; skipping an OpenSSL interoperability test"
    );
    None
}

/// Runs openssl with `args` and returns its output, panicking with stderr when it fails.
pub(crate) fn run_openssl(openssl: &Path, args: &[&std::ffi::OsStr]) -> Output {
    let out = Command::new(openssl)
        .args(args)
        .output()
        .expect("spawn openssl");
    assert!(
        out.status.success(),
        "openssl {:?} failed: {}",
        args,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Shorthand for building `&OsStr` argument lists from mixed strings and paths.
#[macro_export]
macro_rules! os_args {
    ($($a:expr),* $(,)?) => {
        &[$(std::ffi::OsStr::new(&$a)),*]
    };
}
