//! One `Verifier` shared by 8 threads (behind an `Arc`) over the shared vectors in
//! `tests/vectors/verifier/`: every thread gets exactly the verdicts of a single-threaded
//! run, case by case, whatever order the threads run the cases in.

use std::collections::HashMap;
use std::sync::{Arc, Barrier};

use govcred::sm2::PublicKey;
use govcred::verify::{Policy, Verdict, Verifier};
use govcred::{ErrorCode, TrustBundle};

const SETUP: &str = include_str!("vectors/verifier/setup.json");
const CASES: &str = include_str!("vectors/verifier/cases.jsonl");
const THREADS: usize = 8;
const ROUNDS: usize = 6;

struct Case {
    name: String,
    bundle: String,
    now: i64,
    qr: String,
}

fn cases() -> Vec<Case> {
    CASES
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let c: serde_json::Value = serde_json::from_str(line).expect("case line");
            Case {
                name: c["name"].as_str().expect("name").to_owned(),
                bundle: c["bundle"].as_str().expect("bundle").to_owned(),
                now: c["now"].as_i64().expect("now"),
                qr: c["qr"].as_str().expect("qr").to_owned(),
            }
        })
        .collect()
}

/// The verifiers of the bundles that load (the others are refused at load, not per QR).
fn verifiers() -> HashMap<String, Arc<Verifier>> {
    let setup: serde_json::Value = serde_json::from_str(SETUP).expect("setup.json");
    let roots: Vec<PublicKey> = setup["roots"]
        .as_array()
        .expect("roots")
        .iter()
        .map(|r| PublicKey::from_hex(r.as_str().expect("root hex")).expect("root key"))
        .collect();
    setup["bundles"]
        .as_object()
        .expect("bundles")
        .iter()
        .filter_map(|(name, hex)| {
            let bytes =
                govcred::internal::hex::decode(hex.as_str().expect("bundle hex")).expect("hex");
            let bundle = TrustBundle::load(&bytes, &roots).ok()?;
            let verifier = Verifier::new(bundle, Policy::default()).expect("verifier");
            Some((name.clone(), Arc::new(verifier)))
        })
        .collect()
}

#[test]
fn eight_threads_sharing_one_verifier_give_the_single_threaded_verdicts() {
    let cases = Arc::new(cases());
    let verifiers = verifiers();
    let default = Arc::clone(&verifiers["default"]);
    let runnable: Vec<usize> = (0..cases.len())
        .filter(|&i| verifiers.contains_key(&cases[i].bundle))
        .collect();
    // Every case the shared default bundle verifies, passing and refused alike.
    let on_default = runnable
        .iter()
        .filter(|&&i| cases[i].bundle == "default")
        .count();
    assert!(on_default >= 20, "shared vectors found ({on_default})");

    let expected: Arc<Vec<Option<Verdict>>> = Arc::new(
        (0..cases.len())
            .map(|i| {
                let v = verifiers.get(&cases[i].bundle)?;
                Some(v.verify(&cases[i].qr, cases[i].now))
            })
            .collect(),
    );
    assert!(
        expected.iter().flatten().any(|v| v.passed)
            && expected
                .iter()
                .flatten()
                .any(|v| v.code == ErrorCode::SignatureInvalid),
        "the vectors hold passing and refused cases"
    );

    let barrier = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let (cases, expected, barrier) = (cases.clone(), expected.clone(), barrier.clone());
            let verifier = Arc::clone(&default);
            let others: HashMap<String, Arc<Verifier>> = verifiers.clone();
            let runnable = runnable.clone();
            std::thread::spawn(move || {
                barrier.wait();
                let mut checked = 0;
                for round in 0..ROUNDS {
                    // Each thread and round walks the cases from a different start and
                    // direction, so threads verify different QRs at the same moment.
                    let n = runnable.len();
                    for k in 0..n {
                        let j =
                            (t * 7 + round * 3 + if (t + round) % 2 == 0 { k } else { n - 1 - k })
                                % n;
                        let i = runnable[j];
                        let case = &cases[i];
                        let v = if case.bundle == "default" {
                            &verifier
                        } else {
                            &others[&case.bundle]
                        };
                        let got = v.verify(&case.qr, case.now);
                        assert_eq!(
                            Some(&got),
                            expected[i].as_ref(),
                            "thread {t}, round {round}, case {}",
                            case.name
                        );
                        checked += 1;
                    }
                }
                checked
            })
        })
        .collect();
    let checked: usize = handles
        .into_iter()
        .map(|h| h.join().expect("no thread panicked"))
        .sum();
    assert_eq!(checked, THREADS * ROUNDS * runnable.len());
    // The shared verifier is still the one every thread used: no thread held a copy.
    assert_eq!(Arc::strong_count(&default), 2);
}
