//! One version for every package: Cargo.toml's. The C header's macros, the Java and Kotlin
//! Maven projects, the Android library and the Python package must say the same; this test
//! fails when one of them drifts. (The Python wheel takes its version from Cargo.toml through
//! maturin, `make install` writes it into govcred.pc and the CMake package, and the Swift
//! package is versioned by its release tag.)

use std::path::Path;

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn read(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text between `open` and the next `close` after the first occurrence of `anchor`.
fn after<'a>(text: &'a str, anchor: &str, open: &str, close: &str) -> &'a str {
    let at = text
        .find(anchor)
        .unwrap_or_else(|| panic!("`{anchor}` not found"));
    let rest = &text[at..];
    let start = rest
        .find(open)
        .unwrap_or_else(|| panic!("`{open}` not found"))
        + open.len();
    let len = rest[start..]
        .find(close)
        .unwrap_or_else(|| panic!("`{close}` not found"));
    &rest[start..start + len]
}

#[test]
fn c_header_macros() {
    let header = read("include/govcred.h");
    assert!(
        header.contains(&format!("#define GOVCRED_VERSION \"{VERSION}\"\n")),
        "include/govcred.h: GOVCRED_VERSION is not {VERSION}"
    );
    let mut parts = VERSION.split('.');
    for name in ["MAJOR", "MINOR", "PATCH"] {
        let want = format!(
            "#define GOVCRED_VERSION_{name} {}\n",
            parts.next().expect("three parts")
        );
        assert!(header.contains(&want), "include/govcred.h lacks `{want}`");
    }
}

#[test]
fn maven_projects() {
    for (pom, artifact) in [
        ("bindings/java/pom.xml", "<artifactId>govcred</artifactId>"),
        (
            "bindings/kotlin/pom.xml",
            "<artifactId>govcred-kotlin</artifactId>",
        ),
    ] {
        let text = read(pom);
        let version = after(&text, artifact, "<version>", "</version>");
        assert_eq!(version, VERSION, "{pom}: project version");
    }
}

#[test]
fn android_library() {
    let text = read("bindings/android/build.gradle.kts");
    let version = after(&text, "\nversion = ", "\"", "\"");
    assert_eq!(
        version, VERSION,
        "bindings/android/build.gradle.kts: version"
    );
}

#[test]
fn python_package_takes_the_crate_version() {
    let text = read("bindings/python/pyproject.toml");
    let project = after(&text, "[project]", "\n", "\n[");
    assert!(
        project.contains("dynamic = [\"version\"]"),
        "pyproject.toml: the version must be dynamic (maturin reads Cargo.toml)"
    );
    assert!(
        !project
            .lines()
            .any(|l| l.trim_start().starts_with("version")),
        "pyproject.toml: a static version would override Cargo.toml's"
    );
}
