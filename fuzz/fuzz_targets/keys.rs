//! Private and public key decoding (PEM, DER, hex, raw), every entry point; a key that
//! decodes round-trips through its canonical encodings.
#![no_main]

use govcred::sm2::{PrivateKey, PublicKey};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, input)) = data.split_first() else {
        return;
    };
    let text = std::str::from_utf8(input).ok();
    let private = match selector % 6 {
        0 => Some(PrivateKey::decode(input)),
        1 => Some(PrivateKey::from_bytes(input)),
        2 => Some(PrivateKey::from_pkcs8_der(input)),
        3 => Some(PrivateKey::from_sec1_der(input)),
        4 => text.map(PrivateKey::from_pem),
        _ => text.map(PrivateKey::from_hex),
    };
    if let Some(Ok(key)) = private {
        let public = *key.public_key();
        let raw = key.to_bytes();
        let again = PrivateKey::from_bytes(&*raw).expect("raw round trip");
        assert_eq!(again.public_key(), &public);
        let der = key.to_pkcs8_der().expect("PKCS#8");
        assert_eq!(
            PrivateKey::decode(&der)
                .expect("PKCS#8 round trip")
                .public_key(),
            &public
        );
        let pem = key.to_pkcs8_pem().expect("PEM");
        assert_eq!(
            PrivateKey::from_pem(&pem)
                .expect("PEM round trip")
                .public_key(),
            &public
        );
    }
    let public = match selector / 6 % 5 {
        0 => Some(PublicKey::decode(input)),
        1 => Some(PublicKey::from_sec1(input)),
        2 => Some(PublicKey::from_spki_der(input)),
        3 => text.map(PublicKey::from_pem),
        _ => text.map(PublicKey::from_hex),
    };
    if let Some(Ok(key)) = public {
        assert_eq!(
            PublicKey::from_sec1(&key.to_uncompressed()).expect("uncompressed"),
            key
        );
        assert_eq!(
            PublicKey::from_sec1(&key.to_compressed()).expect("compressed"),
            key
        );
        assert_eq!(PublicKey::decode(&key.to_spki_der()).expect("SPKI"), key);
        assert_eq!(PublicKey::from_pem(&key.to_spki_pem()).expect("PEM"), key);
    }
});
