//! Finding the signatures: `OFD.xml` → each `DocBody`'s `Signatures` → `Signatures.xml` →
//! each `Signature` (`BaseLoc` absolute or relative to Signatures.xml's folder; a missing
//! `Type` is `Seal`; `Seal`/`Sign` compared case-insensitively) → its `Signature.xml`.

use super::error::OfdError;
use super::package::{Package, folder, resolve};
use super::xml;

/// Whether a signature is an electronic seal (签章) or a plain signature (签名).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignatureKind {
    /// `Type="Seal"` (also when `Type` is absent): SignedValue.dat is an SES_Signature.
    Seal,
    /// `Type="Sign"`: SignedValue.dat is a GB/T 35275 signature or a bare SM2 signature.
    Sign,
}

impl SignatureKind {
    /// `"seal"` or `"sign"`.
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureKind::Seal => "seal",
            SignatureKind::Sign => "sign",
        }
    }
}

/// One `<ofd:Signature>` of Signatures.xml.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureEntry {
    /// Its `ID` attribute.
    pub id: String,
    /// Its `Type`.
    pub kind: SignatureKind,
    /// Package path of its Signature.xml.
    pub path: String,
}

/// One `<ofd:Reference>`: a protected file and its expected digest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// The `FileRef` as written.
    pub file_ref: String,
    /// Package path it resolves to.
    pub path: String,
    /// The decoded `CheckValue`.
    pub check_value: Vec<u8>,
}

/// What a Signature.xml says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureXml {
    /// `References/@CheckMethod` as written.
    pub check_method: String,
    /// The protected files.
    pub references: Vec<Reference>,
    /// Package path of Seal.esl (`Seal/BaseLoc`), when given.
    pub seal: Option<String>,
    /// Package path of SignedValue.dat.
    pub signed_value: String,
    /// `SignatureMethod`, when given.
    pub signature_method: Option<String>,
    /// `SignatureDateTime`, when given.
    pub date_time: Option<String>,
    /// `Provider/@ProviderName` (or its child element), when given.
    pub provider: Option<String>,
}

/// Package path of the first `DocBody/DocRoot`, for e-license metadata.
pub fn doc_roots(package: &Package<'_>) -> Result<Vec<(String, Option<String>)>, OfdError> {
    let raw = package.read("OFD.xml", package.limits().max_xml)?;
    let doc = xml::parse(&raw, "OFD.xml")?;
    let root = doc.root_element();
    if root.tag_name().name() != "OFD" {
        return Err(OfdError::bad("OFD.xml has no OFD root element"));
    }
    let mut out = Vec::new();
    for body in xml::children(root, "DocBody") {
        let doc_root = xml::child_text(body, "DocRoot")
            .map(|r| resolve("", &r))
            .transpose()?;
        let signatures = xml::child_text(body, "Signatures")
            .map(|s| resolve("", &s))
            .transpose()?;
        if let Some(r) = doc_root {
            out.push((r, signatures));
        } else if let Some(s) = signatures {
            out.push((String::new(), Some(s)));
        }
    }
    Ok(out)
}

/// Every signature of every document in the package, in document order.
pub fn signatures(package: &Package<'_>) -> Result<Vec<SignatureEntry>, OfdError> {
    let mut out = Vec::new();
    for (_, list) in doc_roots(package)? {
        let Some(list) = list else { continue };
        let raw = package.read(&list, package.limits().max_xml)?;
        let doc = xml::parse(&raw, &list)?;
        let root = doc.root_element();
        if root.tag_name().name() != "Signatures" {
            return Err(OfdError::bad(format!("{list} is not a Signatures file")));
        }
        let base = folder(&list);
        for sig in xml::children(root, "Signature") {
            if out.len() >= package.limits().max_signatures {
                return Err(OfdError::TooLarge("too many signatures".into()));
            }
            let id = sig.attribute("ID").unwrap_or("").to_owned();
            let kind = match sig.attribute("Type").map(str::trim) {
                None => SignatureKind::Seal,
                Some(t) if t.eq_ignore_ascii_case("seal") => SignatureKind::Seal,
                Some(t) if t.eq_ignore_ascii_case("sign") => SignatureKind::Sign,
                Some(t) => {
                    return Err(OfdError::bad(format!("signature {id}: unknown Type {t:?}")));
                }
            };
            let loc = sig
                .attribute("BaseLoc")
                .ok_or_else(|| OfdError::bad(format!("signature {id} has no BaseLoc")))?;
            let path = resolve(base, loc)?;
            out.push(SignatureEntry { id, kind, path });
        }
    }
    Ok(out)
}

/// Parses a Signature.xml found at `path`.
pub fn signature_xml(
    raw: &[u8],
    path: &str,
    max_references: usize,
) -> Result<SignatureXml, OfdError> {
    let doc = xml::parse(raw, path)?;
    let root = doc.root_element();
    if root.tag_name().name() != "Signature" {
        return Err(OfdError::bad(format!("{path} is not a Signature file")));
    }
    let base = folder(path);
    let info = xml::child(root, "SignedInfo")
        .ok_or_else(|| OfdError::bad(format!("{path} has no SignedInfo")))?;
    let refs = xml::child(info, "References")
        .ok_or_else(|| OfdError::bad(format!("{path} has no References")))?;
    let check_method = refs
        .attribute("CheckMethod")
        .unwrap_or("")
        .trim()
        .to_owned();
    let mut references = Vec::new();
    for r in xml::children(refs, "Reference") {
        if references.len() >= max_references {
            return Err(OfdError::TooLarge(format!("{path}: too many References")));
        }
        let file_ref = r
            .attribute("FileRef")
            .ok_or_else(|| OfdError::bad(format!("{path}: Reference without FileRef")))?
            .to_owned();
        let value = xml::child_text(r, "CheckValue")
            .ok_or_else(|| OfdError::bad(format!("{path}: Reference without CheckValue")))?;
        let check_value = decode_base64(&value)
            .ok_or_else(|| OfdError::bad(format!("{path}: CheckValue is not base64")))?;
        let resolved = resolve(base, &file_ref)?;
        references.push(Reference {
            file_ref,
            path: resolved,
            check_value,
        });
    }
    let seal = xml::child(info, "Seal")
        .and_then(|s| xml::child_text(s, "BaseLoc"))
        .map(|s| resolve(base, &s))
        .transpose()?;
    let signed_value = xml::child_text(root, "SignedValue")
        .ok_or_else(|| OfdError::bad(format!("{path} has no SignedValue")))?;
    let signed_value = resolve(base, &signed_value)?;
    let provider = xml::child(info, "Provider").and_then(|p| {
        p.attribute("ProviderName")
            .map(|s| s.trim().to_owned())
            .or_else(|| xml::child_text(p, "ProviderName"))
    });
    Ok(SignatureXml {
        check_method,
        references,
        seal,
        signed_value,
        signature_method: xml::child_text(info, "SignatureMethod"),
        date_time: xml::child_text(info, "SignatureDateTime"),
        provider,
    })
}

/// Standard base64 with padding; whitespace inside is tolerated (XML text wraps).
pub(crate) fn decode_base64(text: &str) -> Option<Vec<u8>> {
    use base64ct::{Base64, Encoding};
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    Base64::decode_vec(&compact).ok()
}
