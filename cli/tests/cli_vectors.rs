//! The shared verifier vectors through `verify-qr`: as text, as a rendered PNG decoded by
//! `--image` (the same verdict for every vector), as a photo-like JPEG, and as a batch of
//! 100,000 lines with blank and broken ones (one verdict per line, in order, with the right
//! summary).

#[path = "../../tests/common/mod.rs"]
mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_govcred");

fn run(args: &[&std::ffi::OsStr], stdin: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run govcred");
    let mut pipe = child.stdin.take().expect("stdin");
    let input = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait");
    feeder.join().expect("feeder");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("panicked") && out.status.code() != Some(101),
        "panic: {err}"
    );
    out
}

struct Case {
    name: String,
    bundle: String,
    now: i64,
    qr: String,
    expected: String,
    expected_code: u64,
}

struct Fixture {
    _dir: TempDir,
    bundles: std::collections::HashMap<String, PathBuf>,
    roots: Vec<PathBuf>,
    cases: Vec<Case>,
}

fn fixture() -> Fixture {
    let setup: serde_json::Value =
        serde_json::from_str(&common::vector_file("verifier/setup.json")).expect("setup");
    let dir = TempDir::new("cli-vectors");
    let bundles = setup["bundles"]
        .as_object()
        .expect("bundles")
        .iter()
        .map(|(name, hex)| {
            let bytes = govcred::internal::hex::decode(hex.as_str().expect("hex")).expect("hex");
            (name.clone(), dir.write(&format!("{name}.cose"), &bytes))
        })
        .collect();
    let roots = setup["roots"]
        .as_array()
        .expect("roots")
        .iter()
        .enumerate()
        .map(|(i, hex)| {
            dir.write(
                &format!("root{i}.hex"),
                hex.as_str().expect("hex").as_bytes(),
            )
        })
        .collect();
    let cases = common::vector_file("verifier/cases.jsonl")
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("case");
            Case {
                name: v["name"].as_str().expect("name").to_owned(),
                bundle: v["bundle"].as_str().expect("bundle").to_owned(),
                now: v["now"].as_i64().expect("now"),
                qr: v["qr"].as_str().expect("qr").to_owned(),
                expected: v["expected"].as_str().expect("expected").to_owned(),
                expected_code: v["expected_code"].as_u64().expect("code"),
            }
        })
        .collect();
    Fixture {
        _dir: dir,
        bundles,
        roots,
        cases,
    }
}

impl Fixture {
    fn verify_args(&self, bundle: &str, now: i64) -> Vec<std::ffi::OsString> {
        let mut args: Vec<std::ffi::OsString> = vec![
            "--json".into(),
            "verify-qr".into(),
            "--trust".into(),
            self.bundles[bundle].clone().into(),
        ];
        for root in &self.roots {
            args.extend(["--root".into(), root.clone().into()]);
        }
        args.extend(["--now".into(), now.to_string().into()]);
        args
    }
}

fn os(args: &[std::ffi::OsString]) -> Vec<&std::ffi::OsStr> {
    args.iter().map(|a| a.as_os_str()).collect()
}

fn verdict(out: &Output) -> (Option<i32>, serde_json::Value) {
    let text = String::from_utf8_lossy(&out.stdout);
    let value = serde_json::from_str(text.trim())
        .unwrap_or_else(|e| panic!("not one JSON object ({e}): {text}"));
    (out.status.code(), value)
}

// A QR code holds at most 4,296 alphanumeric characters: the oversized-input case (16 KiB)
// cannot be a picture.
const QR_CAPACITY: usize = 4296;

#[test]
fn every_vector_as_text_and_as_png_gives_the_same_verdict() {
    let f = fixture();
    let dir = TempDir::new("cli-qr-png");
    let mut rendered = 0;
    for case in &f.cases {
        let args = f.verify_args(&case.bundle, case.now);
        let mut text_args = os(&args);
        text_args.extend([std::ffi::OsStr::new("--"), case.qr.as_ref()]);
        let (status, from_text) = verdict(&run(&text_args, b""));
        assert_eq!(
            from_text["code"].as_u64(),
            Some(case.expected_code),
            "{}: {from_text}",
            case.name
        );
        assert_eq!(
            from_text["code_name"],
            case.expected.as_str(),
            "{}",
            case.name
        );
        if case.qr.len() > QR_CAPACITY {
            let out = run(
                &[
                    "qr".as_ref(),
                    "render".as_ref(),
                    "--png".as_ref(),
                    dir.file("big.png").as_os_str(),
                    "-".as_ref(),
                ],
                case.qr.as_bytes(),
            );
            assert_eq!(
                out.status.code(),
                Some(1),
                "{}: too large for a QR code",
                case.name
            );
            continue;
        }
        let png = dir.file(&format!("{}.png", case.name));
        let out = run(
            &[
                "qr".as_ref(),
                "render".as_ref(),
                "--png".as_ref(),
                png.as_os_str(),
                "-".as_ref(),
            ],
            case.qr.as_bytes(),
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            case.name,
            String::from_utf8_lossy(&out.stderr)
        );
        let mut image_args = os(&args);
        image_args.extend([std::ffi::OsStr::new("--image"), png.as_os_str()]);
        let (image_status, from_image) = verdict(&run(&image_args, b""));
        assert_eq!(
            (image_status, &from_image),
            (status, &from_text),
            "{}: the picture gives another verdict",
            case.name
        );
        rendered += 1;
    }
    assert!(
        rendered + 1 >= f.cases.len(),
        "{rendered} of {} rendered",
        f.cases.len()
    );
}

// Scaled, rotated, blurred by JPEG and sprinkled with noise: what a counter's camera sends.
fn photo_like(png: &Path, out: &Path) {
    let src = image::open(png).expect("png").into_luma8();
    let (w, h) = (src.width() as f64, src.height() as f64);
    let (scale, angle) = (1.7f64, 7f64.to_radians());
    let side = ((w.max(h)) * scale * 1.3) as u32;
    let (cx, cy) = (side as f64 / 2.0, side as f64 / 2.0);
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let photo = image::GrayImage::from_fn(side, side, |x, y| {
        // Inverse mapping: rotate back, unscale, sample the source (white outside).
        let (dx, dy) = (x as f64 - cx, y as f64 - cy);
        let sx = (dx * angle.cos() + dy * angle.sin()) / scale + w / 2.0;
        let sy = (-dx * angle.sin() + dy * angle.cos()) / scale + h / 2.0;
        // Bilinear sampling, as a lens blurs module edges.
        let sample = |x: f64, y: f64| {
            if x >= 0.0 && y >= 0.0 && x < w && y < h {
                f64::from(src.get_pixel(x as u32, y as u32)[0])
            } else {
                255.0
            }
        };
        let (fx, fy) = (sx - sx.floor(), sy - sy.floor());
        let (x0, y0) = (sx.floor(), sy.floor());
        let base = sample(x0, y0) * (1.0 - fx) * (1.0 - fy)
            + sample(x0 + 1.0, y0) * fx * (1.0 - fy)
            + sample(x0, y0 + 1.0) * (1.0 - fx) * fy
            + sample(x0 + 1.0, y0 + 1.0) * fx * fy;
        // Dim, low-contrast paper and sensor noise.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let noise = (seed % 41) as f64 - 20.0;
        let v = 40.0 + base * 0.7 + noise;
        image::Luma([v.clamp(0.0, 255.0) as u8])
    });
    let mut file = std::fs::File::create(out).expect("jpeg");
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut file, 70)
        .encode_image(&photo)
        .expect("encode");
}

#[test]
fn a_photo_of_a_code_verifies() {
    let f = fixture();
    let dir = TempDir::new("cli-qr-photo");
    for name in ["valid-license", "refused-health-code-red"] {
        let case = f.cases.iter().find(|c| c.name == name).expect("case");
        let png = dir.file(&format!("{name}.png"));
        let out = run(
            &[
                "qr".as_ref(),
                "render".as_ref(),
                "--png".as_ref(),
                png.as_os_str(),
                case.qr.as_ref(),
            ],
            b"",
        );
        assert_eq!(out.status.code(), Some(0));
        let jpeg = dir.file(&format!("{name}.jpg"));
        photo_like(&png, &jpeg);
        let mut args = os(&f.verify_args(&case.bundle, case.now))
            .iter()
            .map(|a| a.to_os_string())
            .collect::<Vec<_>>();
        args.extend(["--image".into(), jpeg.clone().into()]);
        let (_, v) = verdict(&run(&os(&args), b""));
        assert_eq!(v["code_name"], case.expected.as_str(), "{name}: {v}");
    }
    // A picture without a code, and a file that is no picture: refused with a code, exit 1.
    let blank = dir.file("blank.png");
    image::GrayImage::from_pixel(200, 200, image::Luma([255]))
        .save(&blank)
        .expect("png");
    let not_image = dir.write("x.png", b"\x89PNG\r\n\x1a\n broken");
    for file in [blank, not_image] {
        let mut args = f.verify_args("default", 1_795_305_600);
        args.extend(["--image".into(), file.into()]);
        let out = run(&os(&args), b"");
        let (status, v) = verdict(&out);
        assert_eq!(
            (status, v["code_name"].as_str()),
            (Some(1), Some("InvalidArgument")),
            "{v}"
        );
    }
}

const BATCH_LINES: usize = 100_000;

#[test]
fn batch_of_100000_lines_one_verdict_each_in_order_with_summary() {
    let f = fixture();
    // Every case verifiable at one time with the default bundle and on one line, plus blank
    // lines, whitespace, and broken text.
    let mut kinds: Vec<(String, String)> = f
        .cases
        .iter()
        .filter(|c| c.bundle == "default" && c.now == 1_795_305_600 && !c.qr.contains(['\n', '\r']))
        .map(|c| (c.qr.clone(), c.expected.clone()))
        .collect();
    assert!(kinds.len() >= 15);
    for (line, code) in [
        ("", "UnknownFormat"),
        ("   ", "UnknownFormat"),
        ("garbage", "UnknownFormat"),
        ("CC1:not base45 !", "BadBase45"),
        ("EL1:", "BadZlib"),
    ] {
        kinds.push((line.to_owned(), code.to_owned()));
    }
    // Build the input once: a deterministic mix.
    let mut rng = common::Rng::from_env("batch");
    let picks: Vec<usize> = (0..BATCH_LINES).map(|_| rng.below(kinds.len())).collect();
    let mut input = String::new();
    for &k in &picks {
        input.push_str(&kinds[k].0);
        input.push('\n');
    }
    let mut args = f.verify_args("default", 1_795_305_600);
    args.extend(["--batch".into(), "-".into(), "--jobs".into(), "2".into()]);
    let out = run(&os(&args), input.as_bytes());
    assert_eq!(out.status.code(), Some(1), "some lines are refused");
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    let mut lines = 0;
    let mut expected = std::collections::BTreeMap::<String, u64>::new();
    for (i, (line, &k)) in stdout.lines().zip(&picks).enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).expect("verdict");
        assert_eq!(v["line"].as_u64(), Some(i as u64 + 1), "{line}");
        assert_eq!(
            v["code_name"],
            kinds[k].1.as_str(),
            "line {}: {line}",
            i + 1
        );
        *expected.entry(kinds[k].1.clone()).or_default() += 1;
        lines += 1;
    }
    assert_eq!(lines, BATCH_LINES, "exactly one verdict per line");
    // The summary, as JSON on stderr with --json.
    let stderr = String::from_utf8_lossy(&out.stderr);
    let summary: serde_json::Value =
        serde_json::from_str(stderr.lines().last().expect("summary")).expect("summary JSON");
    let passed = expected.remove("Ok").unwrap_or(0);
    assert_eq!(summary["summary"]["total"], BATCH_LINES as u64);
    assert_eq!(summary["summary"]["passed"], passed);
    let refused: std::collections::BTreeMap<String, u64> =
        serde_json::from_value(summary["summary"]["refused"].clone()).expect("refused");
    assert_eq!(refused, expected);
    assert_eq!(summary["summary"]["jobs"], 2);

    // One job gives the same bytes (a prefix is enough to show it).
    let prefix: String = input.split_inclusive('\n').take(5_000).collect();
    let mut args = f.verify_args("default", 1_795_305_600);
    args.extend(["--batch".into(), "-".into(), "--jobs".into(), "1".into()]);
    let one = run(&os(&args), prefix.as_bytes());
    let want: String = stdout.split_inclusive('\n').take(5_000).collect();
    assert_eq!(String::from_utf8_lossy(&one.stdout), want);
    // Without --json the summary is one human line, and no progress bar in a pipe.
    let human: Vec<std::ffi::OsString> = args.into_iter().skip(1).collect();
    let out = run(&os(&human), b"garbage\n\n");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("2 lines, 0 passed, 2 refused (UnknownFormat 2)"),
        "{err}"
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
}
