//! A test-only certificate factory: DER written field by field, signed with our own SM2
//! signer, so every edge the verifier must handle (missing extensions, odd parameters,
//! wrong IDs) can be made without an outside tool. The openssl-made vectors under
//! `tests/vectors/x509/` are the outside check.

use crate::sm2::{DEFAULT_ID, PrivateKey, PublicKey, SigningKey};

pub(crate) fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else if len < 0x100 {
        out.extend_from_slice(&[0x81, len as u8]);
    } else if len < 0x10000 {
        out.extend_from_slice(&[0x82, (len >> 8) as u8, len as u8]);
    } else {
        out.extend_from_slice(&[0x83, (len >> 16) as u8, (len >> 8) as u8, len as u8]);
    }
    out.extend_from_slice(content);
    out
}

pub(crate) fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

pub(crate) fn oid(dotted: &str) -> Vec<u8> {
    let oid = der::asn1::ObjectIdentifier::new(dotted).expect("oid");
    tlv(0x06, oid.as_bytes())
}

pub(crate) fn int(bytes: &[u8]) -> Vec<u8> {
    tlv(0x02, bytes)
}

pub(crate) fn octets(bytes: &[u8]) -> Vec<u8> {
    tlv(0x04, bytes)
}

pub(crate) fn bits(bytes: &[u8]) -> Vec<u8> {
    let mut c = vec![0u8];
    c.extend_from_slice(bytes);
    tlv(0x03, &c)
}

pub(crate) fn utc_time(t: i64) -> Vec<u8> {
    use der::Encode;
    let d = std::time::Duration::from_secs(t as u64);
    if t < 2_524_608_000 {
        der::asn1::UtcTime::from_unix_duration(d)
            .expect("utc")
            .to_der()
            .expect("der")
    } else {
        der::asn1::GeneralizedTime::from_unix_duration(d)
            .expect("gt")
            .to_der()
            .expect("der")
    }
}

/// `CN=<cn>,O=govcred test` as a Name.
pub(crate) fn name(cn: &str) -> Vec<u8> {
    let atv = |o: &str, v: &str| tlv(0x31, &seq(&[&oid(o), &tlv(0x0c, v.as_bytes())]));
    seq(&[&atv("2.5.4.10", "govcred test"), &atv("2.5.4.3", cn)])
}

pub(crate) fn ext(id: &str, critical: bool, value: &[u8]) -> Vec<u8> {
    if critical {
        seq(&[&oid(id), &tlv(0x01, &[0xff]), &octets(value)])
    } else {
        seq(&[&oid(id), &octets(value)])
    }
}

pub(crate) fn basic_constraints(ca: bool, path_len: Option<u8>) -> Vec<u8> {
    let mut parts = Vec::new();
    if ca {
        parts.push(tlv(0x01, &[0xff]));
    }
    if let Some(p) = path_len {
        parts.push(int(&[p]));
    }
    let refs: Vec<&[u8]> = parts.iter().map(|p| p.as_slice()).collect();
    ext("2.5.29.19", true, &seq(&refs))
}

/// keyUsage with the given first-byte bits (0x80 = digitalSignature … 0x04 = keyCertSign).
pub(crate) fn key_usage(first: u8) -> Vec<u8> {
    let unused = first.trailing_zeros().min(7) as u8;
    ext("2.5.29.15", true, &tlv(0x03, &[unused, first]))
}

pub(crate) fn ski(id: &[u8]) -> Vec<u8> {
    ext("2.5.29.14", false, &octets(id))
}

pub(crate) fn aki(id: &[u8]) -> Vec<u8> {
    ext("2.5.29.35", false, &seq(&[&tlv(0x80, id)]))
}

pub(crate) const SM2_SM3_ALG: &[u8] = &[
    0x30, 0x0a, 0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x83, 0x75,
];

/// One certificate to make.
#[derive(Clone)]
pub(crate) struct Spec {
    pub serial: Vec<u8>,
    pub issuer: Vec<u8>,
    pub subject: Vec<u8>,
    pub not_before: i64,
    pub not_after: i64,
    pub key: PublicKey,
    pub extensions: Vec<Vec<u8>>,
    /// The AlgorithmIdentifier written in both places.
    pub alg: Vec<u8>,
    /// The ID the issuer signs with.
    pub id: Vec<u8>,
}

impl Spec {
    pub(crate) fn new(subject: &str, issuer: &str, key: PublicKey) -> Spec {
        Spec {
            serial: vec![0x01, 0x23],
            issuer: name(issuer),
            subject: name(subject),
            not_before: 1_700_000_000,
            not_after: 2_000_000_000,
            key,
            extensions: Vec::new(),
            alg: SM2_SM3_ALG.to_vec(),
            id: DEFAULT_ID.to_vec(),
        }
    }

    pub(crate) fn tbs(&self) -> Vec<u8> {
        let spki = seq(&[
            &seq(&[&oid("1.2.840.10045.2.1"), &oid("1.2.156.10197.1.301")]),
            &bits(&self.key.to_uncompressed()),
        ]);
        let validity = seq(&[&utc_time(self.not_before), &utc_time(self.not_after)]);
        let mut parts: Vec<Vec<u8>> = vec![
            tlv(0xa0, &int(&[2])),
            int(&self.serial),
            self.alg.clone(),
            self.issuer.clone(),
            validity,
            self.subject.clone(),
            spki,
        ];
        if !self.extensions.is_empty() {
            parts.push(tlv(
                0xa3,
                &seq(&self
                    .extensions
                    .iter()
                    .map(|e| e.as_slice())
                    .collect::<Vec<_>>()),
            ));
        }
        seq(&parts.iter().map(|p| p.as_slice()).collect::<Vec<_>>())
    }

    pub(crate) fn sign(&self, issuer: &PrivateKey) -> Vec<u8> {
        let tbs = self.tbs();
        let signer = SigningKey::new(issuer.clone(), &self.id).expect("signer");
        let sig = signer.sign(&tbs).expect("sign").to_der();
        seq(&[&tbs, &self.alg, &bits(&sig)])
    }
}

pub(crate) fn key(n: u8) -> PrivateKey {
    PrivateKey::from_bytes(&[n; 32]).expect("key")
}

/// A three-level PKI: root (CA, pathLen 1), intermediate CA, signing leaf.
pub(crate) struct Pki {
    pub root_key: PrivateKey,
    pub ca_key: PrivateKey,
    pub leaf_key: PrivateKey,
    pub root: Spec,
    pub ca: Spec,
    pub leaf: Spec,
}

impl Pki {
    pub(crate) fn new() -> Pki {
        let root_key = key(1);
        let ca_key = key(2);
        let leaf_key = key(3);
        let mut root = Spec::new("Root", "Root", *root_key.public_key());
        root.serial = vec![1];
        root.extensions = vec![
            basic_constraints(true, Some(1)),
            key_usage(0x06),
            ski(b"root-key-id"),
        ];
        let mut ca = Spec::new("CA", "Root", *ca_key.public_key());
        ca.serial = vec![2];
        ca.extensions = vec![
            basic_constraints(true, Some(0)),
            key_usage(0x06),
            ski(b"ca-key-id"),
            aki(b"root-key-id"),
        ];
        let mut leaf = Spec::new("Signer", "CA", *leaf_key.public_key());
        leaf.serial = vec![0x00, 0x93];
        leaf.extensions = vec![key_usage(0xc0), ski(b"leaf-key-id"), aki(b"ca-key-id")];
        Pki {
            root_key,
            ca_key,
            leaf_key,
            root,
            ca,
            leaf,
        }
    }

    pub(crate) fn root_der(&self) -> Vec<u8> {
        self.root.sign(&self.root_key)
    }

    pub(crate) fn ca_der(&self) -> Vec<u8> {
        self.ca.sign(&self.root_key)
    }

    pub(crate) fn leaf_der(&self) -> Vec<u8> {
        self.leaf.sign(&self.ca_key)
    }
}
