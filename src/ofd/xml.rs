//! OFD XML: parsed with `roxmltree`, which refuses DTDs and therefore every entity
//! definition (only the five predefined entities and character references exist), with a
//! node limit. Elements are matched by local name, so `ofd:Signature` and a file that
//! forgot the prefix read the same.

use roxmltree::{Document, Node, ParsingOptions};

use super::error::OfdError;

/// Most XML nodes in one parsed file.
pub const MAX_NODES: u32 = 1_000_000;

/// Decodes `bytes` as UTF-8 (an optional BOM is dropped) and parses it, refusing DTDs.
pub fn parse<'a>(bytes: &'a [u8], what: &str) -> Result<Document<'a>, OfdError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text =
        std::str::from_utf8(bytes).map_err(|_| OfdError::bad(format!("{what} is not UTF-8")))?;
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, options).map_err(|e| OfdError::bad(format!("{what}: {e}")))
}

/// The first child element of `node` named `name`.
pub fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|n| n.is_element() && n.tag_name().name() == name)
}

/// Every child element of `node` named `name`.
pub fn children<'a, 'i: 'a>(
    node: Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

/// The trimmed text of an element (empty when it has none).
pub fn text(node: Node<'_, '_>) -> String {
    let mut out = String::new();
    for t in node.children().filter(|n| n.is_text()) {
        out.push_str(t.text().unwrap_or(""));
    }
    out.trim().to_owned()
}

/// The trimmed text of the child `name`, when present and not empty.
pub fn child_text(node: Node<'_, '_>, name: &str) -> Option<String> {
    child(node, name).map(text).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dtd_and_entities_are_refused() {
        let bomb = br#"<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xxxxxxxx"><!ENTITY y "&x;&x;&x;">]><a>&y;</a>"#;
        assert!(parse(bomb, "t").is_err());
        let external = br#"<?xml version="1.0"?><!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>"#;
        assert!(parse(external, "t").is_err());
        assert!(parse(b"<a>&undefined;</a>", "t").is_err());
        assert!(parse(b"\xff\xfe<a/>", "t").is_err());
        let doc = parse(b"\xEF\xBB\xBF<a><b> x &amp; y </b></a>", "t").unwrap();
        assert_eq!(child_text(doc.root_element(), "b").unwrap(), "x & y");
    }
}
