//! The committed Kotlin and Swift bindings are exactly what UniFFI generates from this
//! build of the library. `UPDATE_BINDINGS=1 cargo test --test uniffi_bindings` rewrites them.
//!
//! It runs the package's own generator (`cargo run --features uniffi-bindgen --bin
//! uniffi-bindgen`, built once and cached) rather than linking `uniffi_bindgen` as a
//! dev-dependency: a dev-dependency would unify its features into the library's
//! dependencies, so `cargo build` and `cargo test` would keep rebuilding the cdylib for each
//! other.
//!
//! Library mode reads the UniFFI metadata from the symbol table, so this needs an unstripped
//! library (the test profiles are; a `strip = true` profile is not).

use std::path::{Path, PathBuf};
use std::process::Command;

/// Generated file (relative to the output directory) → committed file (relative to the repo).
const FILES: &[(&str, &str)] = &[
    (
        "cn/govcred/govcred.kt",
        "bindings/kotlin/src/main/kotlin/cn/govcred/govcred.kt",
    ),
    (
        "govcred.swift",
        "bindings/swift/Sources/Govcred/govcred.swift",
    ),
    ("govcredFFI.h", "bindings/swift/Headers/govcredFFI.h"),
    // Clang looks for `module.modulemap` in an XCFramework's headers.
    (
        "govcredFFI.modulemap",
        "bindings/swift/Headers/module.modulemap",
    ),
];

/// The cdylib cargo built next to this test's own executable (`target/<profile>/deps/`).
fn library() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    let deps = exe.parent().expect("deps directory");
    let name = format!(
        "{}govcred{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    );
    [deps.join(&name), deps.join("..").join(&name)]
        .into_iter()
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("{name} not found next to {}", exe.display()))
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read generated dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn committed_bindings_match_the_generator() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("uniffi-bindings");
    let _ = std::fs::remove_dir_all(&out);
    let lib = library();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "run",
            "--quiet",
            "--features",
            "uniffi-bindgen",
            "--bin",
            "uniffi-bindgen",
        ])
        .args(["--", "generate"])
        .arg(&lib)
        .args([
            "--language",
            "kotlin",
            "--language",
            "swift",
            "--crate",
            "govcred",
        ])
        // The Kotlin package name (cn.govcred) and other per-language settings.
        .arg("--config")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("uniffi.toml"))
        // Formatting depends on which formatters a machine has; the committed files are raw.
        .arg("--no-format")
        .arg("--out-dir")
        .arg(&out)
        .status()
        .expect("run cargo");
    assert!(
        status.success(),
        "uniffi-bindgen failed on {}",
        lib.display()
    );

    let mut generated: Vec<String> = files_under(&out)
        .iter()
        .map(|p| {
            p.strip_prefix(&out)
                .expect("under out")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    generated.sort();
    let mut expected: Vec<String> = FILES.iter().map(|(g, _)| (*g).to_owned()).collect();
    expected.sort();
    assert_eq!(generated, expected, "the generator now writes other files");

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let update = std::env::var_os("UPDATE_BINDINGS").is_some_and(|v| v == "1");
    let mut drifted = Vec::new();
    for (gen_rel, committed_rel) in FILES {
        let fresh = std::fs::read_to_string(out.join(gen_rel)).expect("generated file");
        let committed_path = root.join(committed_rel);
        let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
        if fresh != committed {
            if update {
                std::fs::create_dir_all(committed_path.parent().expect("parent"))
                    .expect("create dir");
                std::fs::write(&committed_path, &fresh).expect("write binding");
            } else {
                drifted.push(*committed_rel);
            }
        }
    }
    assert!(
        drifted.is_empty(),
        "bindings drifted from the library: {drifted:?}; run `UPDATE_BINDINGS=1 cargo test --test uniffi_bindings` and commit"
    );
}
