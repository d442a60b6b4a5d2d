//! A small argument parser: `--name value`, `--name=value`, flags, positionals, `--` and `-`.
//!
//! Arguments stay `OsString` so file names and IDs that are not UTF-8 pass through intact.

use std::ffi::{OsStr, OsString};

/// What one command accepts.
pub struct Spec {
    /// Options that take a value.
    pub valued: &'static [&'static str],
    /// Options without a value.
    pub flags: &'static [&'static str],
    /// Valued options that may be given more than once.
    pub repeated: &'static [&'static str],
    /// How many positional arguments are allowed.
    pub max_positionals: usize,
}

/// Parsed arguments of one command.
#[derive(Debug, Default)]
pub struct Args {
    values: Vec<(&'static str, OsString)>,
    flags: Vec<&'static str>,
    positionals: Vec<OsString>,
    /// `--help` or `-h` was given.
    pub help: bool,
}

/// Parses `argv` (the words after the command name) against `spec`.
pub fn parse(argv: &[OsString], spec: &Spec) -> Result<Args, String> {
    let mut args = Args::default();
    let mut words = argv.iter();
    let mut only_positionals = false;
    while let Some(word) = words.next() {
        let text = word.to_str();
        if only_positionals || text == Some("-") || !word_starts_with_dash(word) {
            args.positionals.push(word.clone());
            continue;
        }
        let Some(text) = text else {
            return Err(format!("unknown option {}", word.to_string_lossy()));
        };
        if text == "--" {
            only_positionals = true;
            continue;
        }
        if text == "--help" || text == "-h" {
            args.help = true;
            continue;
        }
        let (name, inline) = match text.split_once('=') {
            Some((name, value)) => (name, Some(OsString::from(value))),
            None => (text, None),
        };
        let bare = name.strip_prefix("--").unwrap_or("");
        if let Some(&known) = spec.valued.iter().find(|&&v| v == bare) {
            let value = match inline {
                Some(v) => v,
                None => words
                    .next()
                    .cloned()
                    .ok_or_else(|| format!("{name} needs a value"))?,
            };
            if !spec.repeated.contains(&known) && args.values.iter().any(|(n, _)| *n == known) {
                return Err(format!("{name} given twice"));
            }
            args.values.push((known, value));
        } else if let Some(&known) = spec.flags.iter().find(|&&f| f == bare) {
            if inline.is_some() {
                return Err(format!("{name} takes no value"));
            }
            if args.flags.contains(&known) {
                return Err(format!("{name} given twice"));
            }
            args.flags.push(known);
        } else {
            return Err(format!("unknown option {name}"));
        }
    }
    if args.positionals.len() > spec.max_positionals && !args.help {
        return Err(match spec.max_positionals {
            0 => "unexpected argument".to_owned(),
            n => format!("at most {n} file argument(s) expected"),
        });
    }
    Ok(args)
}

fn word_starts_with_dash(word: &OsStr) -> bool {
    word.as_encoded_bytes().first() == Some(&b'-')
}

impl Args {
    /// The value of `--name`, if given.
    pub fn value(&self, name: &str) -> Option<&OsStr> {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_os_str())
    }

    /// Every value of a repeated `--name`, in order.
    pub fn values(&self, name: &str) -> Vec<&OsStr> {
        self.values
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, v)| v.as_os_str())
            .collect()
    }

    /// The value of `--name`, which must be given.
    pub fn required(&self, name: &str) -> Result<&OsStr, String> {
        self.value(name)
            .ok_or_else(|| format!("--{name} is required"))
    }

    /// The value of `--name` as one of `choices`, or `default` when absent.
    pub fn choice(
        &self,
        name: &str,
        choices: &[&'static str],
        default: &'static str,
    ) -> Result<&'static str, String> {
        let Some(value) = self.value(name) else {
            return Ok(default);
        };
        choices
            .iter()
            .find(|c| OsStr::new(c) == value)
            .copied()
            .ok_or_else(|| {
                format!(
                    "--{name} must be one of {}, not {}",
                    choices.join(", "),
                    value.to_string_lossy()
                )
            })
    }

    /// Whether the flag `--name` was given.
    #[allow(dead_code)]
    pub fn flag(&self, name: &str) -> bool {
        self.flags.contains(&name)
    }

    /// The single optional positional argument.
    pub fn positional(&self) -> Option<&OsStr> {
        self.positionals.first().map(OsString::as_os_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: Spec = Spec {
        valued: &["key", "id"],
        flags: &["quiet"],
        repeated: &[],
        max_positionals: 1,
    };

    fn parse_strs(words: &[&str]) -> Result<Args, String> {
        let argv: Vec<OsString> = words.iter().map(OsString::from).collect();
        parse(&argv, &SPEC)
    }

    #[test]
    fn forms() {
        let a = parse_strs(&["--key", "k.pem", "--id=", "--quiet", "msg"]).unwrap();
        assert_eq!(a.value("key"), Some(OsStr::new("k.pem")));
        assert_eq!(a.value("id"), Some(OsStr::new("")));
        assert!(a.flag("quiet"));
        assert_eq!(a.positional(), Some(OsStr::new("msg")));
        let a = parse_strs(&["--", "--key"]).unwrap();
        assert_eq!(a.positional(), Some(OsStr::new("--key")));
        assert_eq!(a.value("key"), None);
        let a = parse_strs(&["-"]).unwrap();
        assert_eq!(a.positional(), Some(OsStr::new("-")));
        // A value may itself start with a dash.
        let a = parse_strs(&["--id", "-x"]).unwrap();
        assert_eq!(a.value("id"), Some(OsStr::new("-x")));
        assert!(parse_strs(&["-h"]).unwrap().help);
    }

    #[test]
    fn errors() {
        for bad in [
            &["--key"][..],
            &["--nope"],
            &["-k"],
            &["--quiet=1"],
            &["--key", "a", "--key", "b"],
            &["a", "b"],
        ] {
            assert!(parse_strs(bad).is_err(), "{bad:?}");
        }
        assert_eq!(parse_strs(&[]).unwrap().choice("id", &["a"], "a"), Ok("a"));
        assert!(
            parse_strs(&["--id", "b"])
                .unwrap()
                .choice("id", &["a"], "a")
                .is_err()
        );
    }
}
