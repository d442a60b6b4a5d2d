//! What one `Verifier::verify` of the `valid-license` vector costs in Rust, to compare with
//! the per-call cost from Kotlin and Python (bindings/kotlin VerifyCostTest,
//! bindings/python/verify_cost.py).
//!
//! Run: `cargo run --release --example verify_cost`

use std::time::Instant;

use govcred::TrustBundle;
use govcred::sm2::PublicKey;
use govcred::verify::{Policy, Verifier};

const SETUP: &str = include_str!("../tests/vectors/verifier/setup.json");
const CASES: &str = include_str!("../tests/vectors/verifier/cases.jsonl");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let setup: serde_json::Value = serde_json::from_str(SETUP)?;
    let roots = setup["roots"]
        .as_array()
        .ok_or("roots")?
        .iter()
        .map(|r| PublicKey::from_hex(r.as_str().unwrap_or_default()))
        .collect::<Result<Vec<_>, _>>()?;
    let bundle =
        govcred::internal::hex::decode(setup["bundles"]["default"].as_str().ok_or("bundle")?)
            .ok_or("bundle hex")?;
    let verifier = Verifier::new(TrustBundle::load(&bundle, &roots)?, Policy::default())?;
    let case: serde_json::Value = CASES
        .lines()
        .map(serde_json::from_str::<serde_json::Value>)
        .find(|c| c.as_ref().is_ok_and(|c| c["name"] == "valid-license"))
        .ok_or("valid-license case")??;
    let qr = case["qr"].as_str().ok_or("qr")?;
    let now = case["now"].as_i64().ok_or("now")?;

    // Best of five rounds, as the Kotlin and Python measurements: the machine may be busy.
    let n = 1000;
    let mut best = f64::INFINITY;
    for _ in 0..6 {
        let start = Instant::now();
        let passed = (0..n).filter(|_| verifier.verify(qr, now).passed).count();
        let per_call = start.elapsed().as_secs_f64() * 1e6 / f64::from(n);
        if passed != 1000 {
            return Err(format!("only {passed} of {n} verified").into());
        }
        best = best.min(per_call);
    }
    println!("rust: Verifier::verify(valid-license) {best:.1} µs/call");
    Ok(())
}
