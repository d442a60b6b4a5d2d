//! Keys, signing and verification: `cargo run --example sign_verify`.
//!
//! An issuer makes a key pair, publishes the public key, and signs a record; a relying party
//! that holds only the public key verifies it, and sees a tampered record and a wrong
//! distinguishing ID fail with their stable error codes.

use govcred::sm2::{DEFAULT_ID, PrivateKey, PublicKey, SignatureFormat, SigningKey, VerifyingKey};
use govcred::{Error, ErrorCode};

fn main() -> Result<(), Error> {
    // Issuer side. `PrivateKey::decode` reads what `govcred key generate` and
    // `openssl genpkey -algorithm SM2` write (PKCS#8 PEM), SEC1 PEM, DER or hex alike.
    let private = PrivateKey::generate()?;
    let private_pem = private.to_pkcs8_pem()?;
    let public_pem = private.public_key().to_spki_pem();
    println!("public key (SubjectPublicKeyInfo PEM, as `openssl pkey -pubout` writes it):");
    print!("{public_pem}");
    println!(
        "key id: {}",
        govcred::internal::hex::encode(&private.public_key().kid())
    );

    // Z_A binds the key to a distinguishing ID; GM/T 0009's default is 1234567812345678.
    let signer = SigningKey::new(PrivateKey::decode(private_pem.as_bytes())?, DEFAULT_ID)?;
    let record = "统一社会信用代码 91310115591693856A; 电子证照 营业执照".as_bytes();
    let signature = signer.sign(record)?;
    let der = signature.to_der();
    println!(
        "signature, DER ({} bytes): {}",
        der.len(),
        govcred::internal::hex::encode(&der)
    );
    println!(
        "signature, raw r||s:     {}",
        govcred::internal::hex::encode(&signature.to_raw())
    );

    // Relying-party side: the public key only; Z_A is computed once per key and ID.
    let verifier = VerifyingKey::new(PublicKey::decode(public_pem.as_bytes())?, DEFAULT_ID)?;
    verifier.verify_encoded(record, &der, SignatureFormat::Der)?;
    println!("genuine record:  OK");

    let mut tampered = record.to_vec();
    tampered[0] ^= 1;
    report("tampered record", verifier.verify(&tampered, &signature))?;

    // OpenSSL's trap: without `-pkeyopt distid:...` it uses an empty ID.
    let empty_id = VerifyingKey::new(*verifier.public_key(), b"")?;
    report("empty ID", empty_id.verify(record, &signature))
}

// Prints the expected failure; an acceptance here would be a bug.
fn report(what: &str, result: Result<(), govcred::CryptoError>) -> Result<(), Error> {
    match result {
        Err(e) => {
            println!("{what}: FAIL {} {e}", e.code().as_u32());
            Ok(())
        }
        Ok(()) => Err(Error::new(ErrorCode::Internal, format!("{what} verified"))),
    }
}
