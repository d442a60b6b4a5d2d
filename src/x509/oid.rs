//! Object identifiers used by SM2 certificates (GM/T 0015) and GB/T 35275 / PKCS#7 CMS.

use der::asn1::ObjectIdentifier as Oid;

/// SM2-with-SM3 signature (GM/T 0006): the algorithm of certificates and of CMS signatures.
pub const SM2_WITH_SM3: Oid = Oid::new_unwrap("1.2.156.10197.1.501");
/// The SM2 curve (`namedCurve` of an id-ecPublicKey SubjectPublicKeyInfo).
pub const SM2_CURVE: Oid = Oid::new_unwrap("1.2.156.10197.1.301");
/// sm2-1, "SM2 signature" (GM/T 0006); written as the CMS signatureAlgorithm by GB/T 35275
/// signers such as ofdrw.
pub const SM2_SIGN: Oid = Oid::new_unwrap("1.2.156.10197.1.301.1");
/// SM3 (GM/T 0006).
pub const SM3: Oid = Oid::new_unwrap("1.2.156.10197.1.401");
/// id-ecPublicKey (RFC 5480).
pub const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");

/// GB/T 35275 `data`.
pub const GM_DATA: Oid = Oid::new_unwrap("1.2.156.10197.6.1.4.2.1");
/// GB/T 35275 `signedData`.
pub const GM_SIGNED_DATA: Oid = Oid::new_unwrap("1.2.156.10197.6.1.4.2.2");
/// PKCS#7 / CMS `id-data` (RFC 5652).
pub const PKCS7_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.1");
/// PKCS#7 / CMS `id-signedData` (RFC 5652).
pub const PKCS7_SIGNED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.2");

/// CMS `contentType` signed attribute.
pub const ATTR_CONTENT_TYPE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.3");
/// CMS `messageDigest` signed attribute.
pub const ATTR_MESSAGE_DIGEST: Oid = Oid::new_unwrap("1.2.840.113549.1.9.4");
/// CMS `signingTime` signed attribute.
pub const ATTR_SIGNING_TIME: Oid = Oid::new_unwrap("1.2.840.113549.1.9.5");
/// `cmsAlgorithmProtection` (RFC 6211), which BouncyCastle adds by default.
pub const ATTR_CMS_ALGORITHM_PROTECTION: Oid = Oid::new_unwrap("1.2.840.113549.1.9.52");

/// basicConstraints.
pub const EXT_BASIC_CONSTRAINTS: Oid = Oid::new_unwrap("2.5.29.19");
/// keyUsage.
pub const EXT_KEY_USAGE: Oid = Oid::new_unwrap("2.5.29.15");
/// extKeyUsage.
pub const EXT_EXTENDED_KEY_USAGE: Oid = Oid::new_unwrap("2.5.29.37");
/// subjectKeyIdentifier.
pub const EXT_SUBJECT_KEY_ID: Oid = Oid::new_unwrap("2.5.29.14");
/// authorityKeyIdentifier.
pub const EXT_AUTHORITY_KEY_ID: Oid = Oid::new_unwrap("2.5.29.35");
/// subjectAltName.
pub const EXT_SUBJECT_ALT_NAME: Oid = Oid::new_unwrap("2.5.29.17");
/// issuerAltName.
pub const EXT_ISSUER_ALT_NAME: Oid = Oid::new_unwrap("2.5.29.18");
