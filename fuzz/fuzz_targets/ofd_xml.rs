//! The OFD XML layer (roxmltree with DTDs refused) and the helpers that read it.
#![no_main]

use govcred::ofd::xml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = xml::parse(data, "fuzz") {
        let root = doc.root_element();
        let _ = xml::text(root);
        for name in ["Signature", "SignedInfo", "References", "DocRoot", "Seal"] {
            let _ = xml::child(root, name);
            let _ = xml::child_text(root, name);
            let _ = xml::children(root, name).count();
        }
    }
});
