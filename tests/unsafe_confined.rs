//! Unsafe code lives only in `src/ffi/c/` (the workspace lints deny it and only that module
//! allows it), and each `unsafe { .. }` block there has its own `// SAFETY:` comment.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(root)
                .expect("under root")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(&p).expect("read"))
        })
        .collect()
}

/// The code of a line, without its `//` comment (string literals in this crate hold no `//`
/// next to the word `unsafe`).
fn code(line: &str) -> &str {
    line.split("//").next().unwrap_or("")
}

#[test]
fn unsafe_code_only_in_the_c_door() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .expect("Cargo.toml");
    let lints = manifest
        .split("[workspace.lints.rust]")
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .expect("a [workspace.lints.rust] table");
    assert!(
        lints.lines().any(|l| l.trim() == "unsafe_code = \"deny\""),
        "the workspace lints deny unsafe code"
    );
    assert!(
        manifest.contains("[lints]\nworkspace = true"),
        "the library takes the workspace lints"
    );
    let mut checked = 0;
    for (path, text) in sources() {
        let in_door = path.starts_with("src/ffi/c/");
        for (n, line) in text.lines().enumerate() {
            if code(line).contains("allow(unsafe_code)") {
                // The C door, and the UniFFI door for the scaffolding its macros generate
                // (no hand-written unsafe there: the keyword check below still applies).
                assert!(
                    ["src/ffi/c/mod.rs", "src/ffi/uniffi.rs"].contains(&path.as_str()),
                    "{path}:{}: only the doors may allow unsafe code",
                    n + 1
                );
            }
            if !in_door {
                let keyword = ["unsafe ", "unsafe{", "unsafe("];
                assert!(
                    !keyword.iter().any(|k| code(line).contains(k)),
                    "{path}:{}: unsafe outside src/ffi/c/",
                    n + 1
                );
            }
        }
        checked += 1;
    }
    assert!(checked > 20, "only {checked} files");
}

#[test]
fn every_unsafe_block_has_its_own_safety_comment() {
    let mut blocks = 0;
    for (path, text) in sources() {
        if !path.starts_with("src/ffi/c/") {
            continue;
        }
        // A `// SAFETY:` comment covers the next unsafe block, within a few lines.
        let mut pending: Option<usize> = None;
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("// SAFETY:") {
                pending = Some(n);
            }
            for _ in code(line).matches("unsafe {") {
                let ok = pending.is_some_and(|at| n - at <= 4);
                assert!(
                    ok,
                    "{path}:{}: unsafe block without its own // SAFETY:",
                    n + 1
                );
                pending = None;
                blocks += 1;
            }
        }
    }
    assert!(blocks > 50, "only {blocks} unsafe blocks found");
}
