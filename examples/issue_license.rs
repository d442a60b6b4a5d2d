//! Issues the two example licenses (营业执照, 机动车驾驶证) from their JSON and verifies the
//! QR texts as a counter would, against the issuers' public keys.
//!
//! Run: `cargo run --example issue_license`

use govcred::license::{self, License, LicenseIssuer};
use govcred::sm2::PrivateKey;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let now = 1_795_305_600; // 2026-11-22T00:00:00Z
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for file in ["business_license.json", "driving_license.json"] {
        let license: License = serde_json::from_str(&std::fs::read_to_string(dir.join(file))?)?;
        let issuer = LicenseIssuer::new(PrivateKey::generate()?)?;
        let qr = issuer.issue(&license, now)?;
        println!(
            "{file}: {} ({} characters)\n  {qr}",
            license.name(),
            qr.len()
        );
        let verified = license::verify(&qr, &[*issuer.public_key()], now)?;
        assert_eq!(verified, license);
        println!(
            "  verified: {} / {} / valid until {}",
            verified.holder_name(),
            verified.identifier(),
            verified
                .valid_until()
                .map_or("长期".to_owned(), |d| d.to_string())
        );
    }
    Ok(())
}
