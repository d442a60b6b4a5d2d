//! The README's CLI section stays true: its reference is `govcred … --help` of every command
//! (regenerate with `UPDATE_README=1 cargo test -p govcred-cli --test cli_readme`), and its
//! shell examples run as written.

#[path = "../../tests/common/mod.rs"]
mod common;

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_govcred");
const BEGIN: &str = "<!-- BEGIN CLI REFERENCE: generated from `govcred … --help`; UPDATE_README=1 cargo test -p govcred-cli --test cli_readme -->";
const END: &str = "<!-- END CLI REFERENCE -->";
const EXAMPLE: &str = "<!-- cli-example -->";

fn help(path: &[String]) -> String {
    let out = Command::new(BIN)
        .args(path)
        .arg("--help")
        .env_remove("COLUMNS")
        .output()
        .expect("run govcred");
    assert_eq!(out.status.code(), Some(0), "{path:?}");
    String::from_utf8(out.stdout).expect("utf-8")
}

// The subcommands listed under "Commands:" in a help text (clap's own `help` left out).
fn subcommands(text: &str) -> Vec<String> {
    text.lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

fn reference() -> String {
    let mut out = String::new();
    let mut stack = vec![Vec::<String>::new()];
    while let Some(path) = stack.pop() {
        let text = help(&path);
        let title = std::iter::once("govcred".to_owned())
            .chain(path.iter().cloned())
            .collect::<Vec<_>>()
            .join(" ");
        out.push_str(&format!("$ {title} --help\n{}\n", text.trim_end()));
        let subs = subcommands(&text);
        for sub in subs.into_iter().rev() {
            let mut next = path.clone();
            next.push(sub);
            stack.push(next);
        }
        out.push('\n');
    }
    format!("{BEGIN}\n\n```text\n{}\n```\n\n{END}", out.trim_end())
}

fn readme_path() -> std::path::PathBuf {
    common::repo_root().join("README.md")
}

#[test]
fn readme_reference_is_the_help_output() {
    let readme = std::fs::read_to_string(readme_path()).expect("README");
    let start = readme
        .find(BEGIN)
        .expect("README has the reference's begin marker");
    let end = readme[start..].find(END).expect("end marker") + start + END.len();
    let want = reference();
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{want}{}", &readme[..start], &readme[end..]);
        std::fs::write(readme_path(), updated).expect("write README");
        return;
    }
    assert!(
        readme[start..end] == want,
        "README's CLI reference differs from the help output; run UPDATE_README=1 cargo test -p govcred-cli --test cli_readme"
    );
}

#[test]
fn readme_examples_run() {
    let readme = std::fs::read_to_string(readme_path()).expect("README");
    let blocks: Vec<String> = readme
        .split(EXAMPLE)
        .skip(1)
        .map(|rest| {
            let body = rest
                .split_once("```sh\n")
                .expect("an example is a sh block")
                .1;
            body.split_once("```").expect("closed block").0.to_owned()
        })
        .collect();
    assert!(blocks.len() >= 2, "{} examples", blocks.len());
    let openssl = common::openssl();
    let bin_dir = Path::new(BIN).parent().expect("bin dir");
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for block in blocks {
        let dir = common::TempDir::new("cli-readme");
        std::os::unix::fs::symlink(common::repo_root().join("examples"), dir.file("examples"))
            .expect("link examples");
        let mut script = String::from("set -eu\n");
        let mut skipping = false;
        for line in block.lines() {
            // OpenSSL lines need the peer; common::openssl() fails under CI=1 without it.
            if line.starts_with("openssl ") && openssl.is_none() {
                skipping = true;
            }
            if !skipping {
                script.push_str(line);
                script.push('\n');
            }
            skipping &= line.ends_with('\\');
        }
        let out = Command::new("sh")
            .arg("-c")
            .arg(&script)
            .current_dir(dir.path())
            .env("PATH", &path)
            .output()
            .expect("sh");
        assert!(
            out.status.success(),
            "README example failed:\n{script}\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The quick start's first command runs the demo as written: through cargo, from the
/// repository root (a second binary in the workspace would make a bare `cargo run` ambiguous).
#[test]
fn quick_start_demo_runs() {
    let readme = std::fs::read_to_string(readme_path()).expect("README.md");
    let block = readme
        .split("## Quick start")
        .nth(1)
        .and_then(|rest| rest.split("```sh\n").nth(1))
        .and_then(|rest| rest.split("```").next())
        .expect("the quick start's sh block");
    let demo = block.lines().next().expect("a first command");
    let args: Vec<&str> = demo.split_whitespace().collect();
    assert_eq!(args.first(), Some(&"cargo"), "{demo}");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(&args[1..])
        .current_dir(common::repo_root())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run cargo");
    assert!(
        out.status.success(),
        "`{demo}` failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.stdout.is_empty(), "`{demo}` printed nothing");
}
