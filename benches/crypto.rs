//! Criterion benchmarks: SM3 over 8 KiB, SM2 sign, and SM2 verify with Z_A cached in the
//! `VerifyingKey` and without (a `VerifyingKey` built for every verification).
//!
//! `cargo bench --bench crypto`; for ratios against OpenSSL see `benches/vs_openssl.rs`.

// `criterion_group!` defines an undocumented public function.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use govcred::sm2::{DEFAULT_ID, PrivateKey, SigningKey, VerifyingKey};

fn benches(c: &mut Criterion) {
    let data = vec![0x5au8; 8192];
    let mut group = c.benchmark_group("sm3");
    group.throughput(Throughput::Bytes(8192));
    group.bench_function("8KiB", |b| b.iter(|| govcred::sm3::sm3(black_box(&data))));
    group.finish();

    let Ok(key) = PrivateKey::generate() else {
        eprintln!("no randomness for a key; skipping the SM2 benchmarks");
        return;
    };
    let Ok(signer) = SigningKey::new(key, DEFAULT_ID) else {
        return;
    };
    let message = [0x42u8; 32];
    let Ok(signature) = signer.sign(&message) else {
        return;
    };
    let verifier = signer.verifying_key();
    let public = *signer.public_key();

    let mut group = c.benchmark_group("sm2");
    group.bench_function("sign", |b| b.iter(|| signer.sign(black_box(&message))));
    group.bench_function("verify_cached_za", |b| {
        b.iter(|| verifier.verify(black_box(&message), black_box(&signature)))
    });
    group.bench_function("verify_uncached_za", |b| {
        b.iter(|| {
            VerifyingKey::new(black_box(public), DEFAULT_ID)
                .and_then(|v| v.verify(black_box(&message), black_box(&signature)))
        })
    });
    group.finish();
}

criterion_group! {
    name = crypto;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = benches
}
criterion_main!(crypto);
