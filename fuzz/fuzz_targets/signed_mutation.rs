//! Structure-aware: takes a valid signed credential (or the trust bundle) apart into its
//! CBOR claims, applies mutations chosen by the input to the decoded values, re-encodes,
//! re-signs with the issuer's (or root's) test key and re-frames, so every mutation gets
//! past the signature to the claims, model and policy checks.
//!
//! Invariants: the verdict is never `Internal` and never a signature failure (the key
//! signed it); a passing credential inspects to the same credential; a mutated bundle that
//! loads is valid.
#![no_main]

use govcred::ErrorCode;
use govcred::TrustBundle;
use govcred::internal::cbor::{self, Value};
use govcred::verify::{Policy, Verifier};
use govcred_fuzz::{Bytes, fixture, sign_qr};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let mut input = Bytes(data);
    let choice = input.u8();
    let now = govcred_fuzz::NOW.wrapping_add(i64::from(input.u8() as i8) * 3_600);
    if choice == 0xff {
        return bundle(f, &mut input, now);
    }
    let base = &f.bases[usize::from(choice) % f.bases.len()];
    let mut claims = base.claims.clone();
    mutate(&mut claims, &mut input);
    let payload = cbor::encode(&claims);
    let qr = sign_qr(base.prefix, &payload, &base.signer);
    let verdict = f.verifier.verify(&qr, now);
    check(&qr, &verdict);
});

fn check(qr: &str, verdict: &govcred::Verdict) {
    assert_ne!(verdict.code, ErrorCode::Internal);
    assert_ne!(
        verdict.code,
        ErrorCode::SignatureInvalid,
        "a re-signed credential"
    );
    assert_eq!(verdict.passed, verdict.code == ErrorCode::Ok);
    if verdict.passed {
        let inspection = govcred::inspect(qr).expect("a passing QR inspects");
        assert_eq!(inspection.credential, verdict.credential);
    }
}

// Mutates the trust bundle's payload, signs it with the pinned root, loads it and, when it
// loads, verifies every base credential against it.
fn bundle(f: &govcred_fuzz::Fixture, input: &mut Bytes, now: i64) {
    let mut payload = f.bundle_payload.clone();
    mutate(&mut payload, input);
    let cose = govcred::cose::sign(&cbor::encode(&payload), &f.root_signer).expect("signs");
    let Ok(bundle) = TrustBundle::load(&cose, &f.roots) else {
        return;
    };
    govcred_fuzz::check_loaded(&bundle);
    let Ok(verifier) = Verifier::new(bundle, Policy::default()) else {
        return;
    };
    for base in &f.bases {
        let qr = sign_qr(base.prefix, &cbor::encode(&base.claims), &base.signer);
        let verdict = verifier.verify(&qr, now);
        assert_ne!(verdict.code, ErrorCode::Internal);
        assert_eq!(verdict.passed, verdict.code == ErrorCode::Ok);
    }
}

/// Up to 8 mutations, each at a node reached by walking the tree with input bytes.
fn mutate(root: &mut Value, input: &mut Bytes) {
    for _ in 0..8 {
        if input.is_empty() {
            return;
        }
        let node = walk(root, input);
        edit(node, input);
    }
}

// Descends while the next byte's high bit is set; the low bits pick the child (for a map
// entry, its value or its key). The path is chosen on a shared borrow, then followed.
fn walk<'a>(root: &'a mut Value, input: &mut Bytes) -> &'a mut Value {
    let mut path = Vec::new();
    let mut node: &Value = root;
    loop {
        let b = input.u8();
        if b & 0x80 == 0 {
            break;
        }
        let i = usize::from(b & 0x7f);
        node = match node {
            Value::Array(items) if !items.is_empty() => {
                let j = i % items.len();
                path.push(j);
                &items[j]
            }
            Value::Map(entries) if !entries.is_empty() => {
                let j = (i / 2) % entries.len() * 2 + i % 2;
                path.push(j);
                let (k, v) = &entries[j / 2];
                if j % 2 == 0 { v } else { k }
            }
            Value::Tag(_, inner) => {
                path.push(0);
                inner
            }
            _ => break,
        };
    }
    let mut node = root;
    for j in path {
        node = match node {
            Value::Array(items) => &mut items[j],
            Value::Map(entries) => {
                let (k, v) = &mut entries[j / 2];
                if j % 2 == 0 { v } else { k }
            }
            Value::Tag(_, inner) => inner,
            other => other,
        };
    }
    node
}

fn small_text(input: &mut Bytes) -> String {
    let n = usize::from(input.u8() % 48);
    String::from_utf8_lossy(input.take(n)).into_owned()
}

fn edit(node: &mut Value, input: &mut Bytes) {
    match input.u8() % 16 {
        0 => *node = Value::Integer(i128::from(input.i64())),
        // Near the current value: off-by-one dates, boundaries.
        1 => {
            if let Value::Integer(n) = node {
                *n = n.wrapping_add(i128::from(input.u8() as i8));
            }
        }
        2 => *node = Value::Integer(i128::from(input.i64()) << 64 | i128::from(input.i64() as u64)),
        3 => *node = Value::Text(small_text(input)),
        4 => match node {
            // One character of a text changed: check digits, USCCs, ID numbers.
            Value::Text(t) if !t.is_empty() => {
                let chars: Vec<char> = t.chars().collect();
                let at = usize::from(input.u8()) % chars.len();
                let c = char::from(b'0' + input.u8() % 43);
                *t = chars
                    .iter()
                    .enumerate()
                    .map(|(i, &o)| if i == at { c } else { o })
                    .collect();
            }
            Value::Bytes(b) if !b.is_empty() => {
                let at = usize::from(input.u8()) % b.len();
                b[at] ^= input.u8() | 1;
            }
            _ => {}
        },
        5 => match node {
            Value::Text(t) => {
                let keep = usize::from(input.u8()) % (t.len() + 1);
                let cut = (0..=keep)
                    .rev()
                    .find(|&i| t.is_char_boundary(i))
                    .unwrap_or(0);
                t.truncate(cut);
            }
            Value::Bytes(b) => b.truncate(usize::from(input.u8()) % (b.len() + 1)),
            Value::Array(items) => items.truncate(usize::from(input.u8()) % (items.len() + 1)),
            _ => {}
        },
        6 => {
            let extra = small_text(input);
            match node {
                Value::Text(t) => t.push_str(&extra),
                Value::Bytes(b) => b.extend_from_slice(extra.as_bytes()),
                _ => {}
            }
        }
        7 => {
            let n = usize::from(input.u8() % 40);
            *node = Value::Bytes(input.take(n).to_vec());
        }
        8 => {
            *node = [Value::Null, Value::Bool(false), Value::Bool(true)]
                [usize::from(input.u8() % 3)]
            .clone()
        }
        9 => *node = Value::Float(f64::from_bits(input.i64() as u64)),
        // Map surgery: drop, duplicate-free insert, reorder.
        10 => {
            if let Value::Map(entries) = node
                && !entries.is_empty()
            {
                let at = usize::from(input.u8()) % entries.len();
                entries.remove(at);
            }
        }
        11 => {
            if let Value::Map(entries) = node {
                let key = Value::Integer(i128::from(input.u8() as i8));
                if !entries.iter().any(|(k, _)| *k == key) {
                    let value = Value::Text(small_text(input));
                    let at = usize::from(input.u8()) % (entries.len() + 1);
                    entries.insert(at, (key, value));
                }
            }
        }
        12 => {
            if let Value::Map(entries) = node
                && entries.len() > 1
            {
                let a = usize::from(input.u8()) % entries.len();
                let b = usize::from(input.u8()) % entries.len();
                entries.swap(a, b);
            }
        }
        13 => {
            let inner = std::mem::replace(node, Value::Null);
            *node = if input.u8() & 1 == 0 {
                Value::Array(vec![inner])
            } else {
                Value::Tag(u64::from(input.u8()), Box::new(inner))
            };
        }
        14 => {
            if let Value::Array(items) = node
                && let Some(first) = items.first().cloned()
            {
                items.push(first);
            }
        }
        _ => {
            // Unwrap: a container replaced by its first child.
            let child = match node {
                Value::Array(items) => items.first().cloned(),
                Value::Map(entries) => entries.first().map(|(_, v)| v.clone()),
                Value::Tag(_, inner) => Some((**inner).clone()),
                _ => None,
            };
            if let Some(child) = child {
                *node = child;
            }
        }
    }
}
