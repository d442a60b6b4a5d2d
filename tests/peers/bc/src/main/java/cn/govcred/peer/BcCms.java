package cn.govcred.peer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DLSequence;
import org.bouncycastle.asn1.DLSet;
import org.bouncycastle.asn1.DLTaggedObject;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSSignatureEncryptionAlgorithmFinder;
import org.bouncycastle.cms.DefaultCMSSignatureEncryptionAlgorithmFinder;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.util.Store;

/**
 * The BouncyCastle peer of the GB/T 35275 interoperability tests.
 *
 * <pre>
 *   make OUT_DIR X509_DIR      write the CMS vectors and cases.jsonl (deterministic)
 *   verify [--content FILE] [--cert CERT]... SIG...
 *                              verify each SIG with BouncyCastle; one JSON line per SIG
 *   verify-cases CASES X509_DIR
 *                              verify every case of a cases.jsonl in one run; one JSON line each
 *   facts SIG                  print what BouncyCastle wrote: outer OID, BER or DER, attributes
 * </pre>
 *
 * <p>verify checks signatures only (messageDigest, the signature over the signed attributes or
 * the content, contentType and cmsAlgorithmProtection as BouncyCastle does); it does not build
 * or check certificate chains. It exits 0 when every SIG verifies, 1 when one does not, 2 on
 * usage errors.
 */
public final class BcCms {
  static final String GBT_DATA = "1.2.156.10197.6.1.4.2.1";
  static final String GBT_SIGNED_DATA = "1.2.156.10197.6.1.4.2.2";
  static final String PKCS7_DATA = "1.2.840.113549.1.7.1";
  static final String SM3 = "1.2.156.10197.1.401";
  static final String SM2_SM3 = "1.2.156.10197.1.501";
  static final String SM2_SIGN = "1.2.156.10197.1.301.1";
  static final byte[] DEFAULT_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);

  /** Every vector's signingTime unless it says otherwise: 2025-06-01T00:00:00Z. */
  static final long SIGNING_TIME = 1748736000L;
  /** Inside expired-signer.pem's validity (2020-01-01 to 2021-01-01): 2020-06-01T00:00:00Z. */
  static final long SIGNING_TIME_2020 = 1590969600L;
  /** The `now` of every case: 2026-01-01T00:00:00Z, as in tests/vectors/x509. */
  static final long NOW = 1767225600L;

  private BcCms() {}

  public static void main(String[] args) throws Exception {
    Security.addProvider(new BouncyCastleProvider());
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    if (args.length >= 3 && args[0].equals("make")) {
      new Maker(Paths.get(args[1]), Paths.get(args[2])).makeAll();
    } else if (args.length >= 2 && args[0].equals("verify")) {
      System.exit(verify(Arrays.copyOfRange(args, 1, args.length)));
    } else if (args.length == 3 && args[0].equals("verify-cases")) {
      verifyCases(Paths.get(args[1]), Paths.get(args[2]));
    } else if (args.length == 2 && args[0].equals("facts")) {
      facts(Files.readAllBytes(Paths.get(args[1])));
    } else {
      System.err.println("usage: BcCms make OUT_DIR X509_DIR | verify [--content F] [--cert C]... SIG... | facts SIG");
      System.exit(2);
    }
  }

  // ---------------------------------------------------------------- verify

  static int verify(String[] args) throws Exception {
    byte[] content = null;
    List<X509CertificateHolder> extra = new ArrayList<>();
    List<String> sigs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--content") && i + 1 < args.length) {
        content = Files.readAllBytes(Paths.get(args[++i]));
      } else if (args[i].equals("--cert") && i + 1 < args.length) {
        extra.add(cert(Paths.get(args[++i])));
      } else {
        sigs.add(args[i]);
      }
    }
    int status = 0;
    for (String sig : sigs) {
      String message;
      boolean ok;
      try {
        message = verifyOne(unPem(Files.readAllBytes(Paths.get(sig))), content, extra);
        ok = true;
      } catch (Exception e) {
        message = e.getClass().getSimpleName() + ": " + e.getMessage();
        ok = false;
      }
      if (!ok) {
        status = 1;
      }
      System.out.println("{\"file\":" + json(sig) + ",\"ok\":" + ok + ",\"message\":" + json(message) + "}");
    }
    return status;
  }

  /**
   * Every line of cases.jsonl (sig and content relative to its directory, certs relative to
   * X509_DIR), verified in one JVM: {"name":…,"ok":…,"message":…} per line.
   */
  static void verifyCases(Path cases, Path x509) throws IOException {
    Path dir = cases.toAbsolutePath().getParent();
    for (String line : new String(Files.readAllBytes(cases), StandardCharsets.UTF_8).split("\n")) {
      if (line.trim().isEmpty()) {
        continue;
      }
      String name = field(line, "name");
      String message;
      boolean ok;
      try {
        byte[] content = field(line, "content").isEmpty() ? null : Files.readAllBytes(dir.resolve(field(line, "content")));
        List<X509CertificateHolder> extra = new ArrayList<>();
        for (String c : field(line, "certs").split(" ")) {
          if (!c.isEmpty()) {
            extra.add(cert(x509.resolve(c)));
          }
        }
        message = verifyOne(unPem(Files.readAllBytes(dir.resolve(field(line, "sig")))), content, extra);
        ok = true;
      } catch (Exception e) {
        message = e.getClass().getSimpleName() + ": " + e.getMessage();
        ok = false;
      }
      System.out.println("{\"name\":" + json(name) + ",\"ok\":" + ok + ",\"message\":" + json(message) + "}");
    }
  }

  /** A flat string field of one JSON line written by {@link Maker#add} (no escapes in values). */
  static String field(String line, String key) {
    String marker = "\"" + key + "\":\"";
    int at = line.indexOf(marker);
    if (at < 0) {
      throw new IllegalArgumentException("no field " + key + " in " + line);
    }
    int start = at + marker.length();
    return line.substring(start, line.indexOf('"', start));
  }

  /** Returns a description of the verified signer, or throws with BouncyCastle's reason. */
  @SuppressWarnings("unchecked") // SignerId is a raw Selector
  static String verifyOne(byte[] sig, byte[] content, List<X509CertificateHolder> extra) throws Exception {
    CMSSignedData signed =
        content == null ? new CMSSignedData(sig) : new CMSSignedData(new CMSProcessableByteArray(content), sig);
    Store<X509CertificateHolder> embedded = signed.getCertificates();
    Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
    if (signers.isEmpty()) {
      throw new IllegalArgumentException("no SignerInfo");
    }
    StringBuilder who = new StringBuilder();
    for (SignerInformation signer : signers) {
      List<X509CertificateHolder> candidates = new ArrayList<>(embedded.getMatches(signer.getSID()));
      for (X509CertificateHolder c : extra) {
        if (signer.getSID().match(c)) {
          candidates.add(c);
        }
      }
      if (candidates.isEmpty()) {
        throw new IllegalArgumentException("signer certificate not found");
      }
      SignerInformationVerifier verifier =
          new JcaSimpleSignerInfoVerifierBuilder().setProvider("BC").build(candidates.get(0));
      if (!signer.verify(verifier)) {
        throw new SecurityException("signature does not verify");
      }
      who.append(candidates.get(0).getSubject());
    }
    return "verified: " + who;
  }

  // ---------------------------------------------------------------- facts

  static void facts(byte[] sig) throws IOException {
    ContentInfo info = ContentInfo.getInstance(ASN1Primitive.fromByteArray(sig));
    boolean indefinite = sig.length > 1 && (sig[1] & 0xff) == 0x80;
    CMSSignedData signed;
    List<String> attrs = new ArrayList<>();
    String sigAlg = "";
    String contentType = "";
    try {
      signed = new CMSSignedData(sig);
      SignerInformation s = signed.getSignerInfos().getSigners().iterator().next();
      sigAlg = s.getEncryptionAlgOID();
      contentType = signed.getSignedContentTypeOID();
      // In stored order (SignerInformation's AttributeTable is a hash table).
      ASN1Set stored = s.toASN1Structure().getAuthenticatedAttributes();
      if (stored != null) {
        for (ASN1Encodable a : stored) {
          attrs.add(Attribute.getInstance(a).getAttrType().getId());
        }
      }
    } catch (Exception e) {
      throw new IOException(e);
    }
    System.out.println("{\"outer_content_type\":" + json(info.getContentType().getId())
        + ",\"encapsulated_content_type\":" + json(contentType)
        + ",\"outer_length\":" + json(indefinite ? "indefinite" : "definite")
        + ",\"signature_algorithm\":" + json(sigAlg)
        + ",\"signed_attributes\":" + json(String.join(" ", attrs)) + "}");
  }

  // ---------------------------------------------------------------- make

  /** Writes the vectors of tests/vectors/cms from the PKI of tests/vectors/x509. */
  static final class Maker {
    final Path out;
    final Path x509;
    final byte[] content;
    final byte[] changed;
    final List<String> cases = new ArrayList<>();

    Maker(Path out, Path x509) throws IOException {
      this.out = out;
      this.x509 = x509;
      content = ("govcred GB/T 35275 test content\n"
              + "\u7535\u5b50\u8bc1\u7167 SM2/SM3 \u7b7e\u540d\n")
          .getBytes(StandardCharsets.UTF_8);
      changed = content.clone();
      changed[8] ^= 0x01; // "GB/T" -> "CB/T"
    }

    void makeAll() throws Exception {
      Files.createDirectories(out);
      Files.write(out.resolve("content.txt"), content);
      Files.write(out.resolve("content-changed.txt"), changed);
      Party signer = party("ok-signer", "signer");
      Party signer2 = party("ok-signer2", "signer2");
      Party expired = party("expired-signer", "leaf");
      Party other = party("untrusted-signer-from-other-root", "leaf");
      X509CertificateHolder inter = cert(x509.resolve("ok-intermediate.pem"));
      List<X509CertificateHolder> chain = Arrays.asList(signer.cert, inter);

      // BouncyCastle's own generator (CMSSignedDataGenerator), its encoding as emitted.
      byte[] attachedGbt = bc(signer, chain, GBT_DATA, true, true, false, SM3, null, SIGNING_TIME);
      write("ok-attached-gbt-attrs-isn.p7s", attachedGbt);
      add("ok-attached-gbt-attrs-isn", "ok-attached-gbt-attrs-isn.p7s", "", "", "Ok", 0);
      write("ok-attached-gbt-attrs-isn-gbt-outer.p7s", gbtOuter(attachedGbt));
      add("ok-attached-gbt-attrs-isn-gbt-outer", "ok-attached-gbt-attrs-isn-gbt-outer.p7s", "", "", "Ok", 0);
      byte[] detachedGbt = bc(signer, chain, GBT_DATA, false, true, false, SM3, null, SIGNING_TIME);
      write("ok-detached-gbt-attrs-isn.p7s", detachedGbt);
      add("ok-detached-gbt-attrs-isn", "ok-detached-gbt-attrs-isn.p7s", "content.txt", "", "Ok", 0);
      write("ok-detached-gbt-attrs-isn-der.p7s", der(detachedGbt));
      add("ok-detached-gbt-attrs-isn-der", "ok-detached-gbt-attrs-isn-der.p7s", "content.txt", "", "Ok", 0);
      write("ok-detached-gbt-attrs-ski.p7s", bc(signer, chain, GBT_DATA, false, true, true, SM3, null, SIGNING_TIME));
      add("ok-detached-gbt-attrs-ski", "ok-detached-gbt-attrs-ski.p7s", "content.txt", "", "Ok", 0);
      write("ok-detached-pkcs7-attrs-isn.p7s", bc(signer, chain, PKCS7_DATA, false, true, false, SM3, null, SIGNING_TIME));
      add("ok-detached-pkcs7-attrs-isn", "ok-detached-pkcs7-attrs-isn.p7s", "content.txt", "", "Ok", 0);
      write("ok-attached-pkcs7-attrs-ski.p7s", bc(signer, chain, PKCS7_DATA, true, true, true, SM3, null, SIGNING_TIME));
      add("ok-attached-pkcs7-attrs-ski", "ok-attached-pkcs7-attrs-ski.p7s", "", "", "Ok", 0);
      // BouncyCastle refuses to sign without signed attributes unless the content type is
      // id-data (RFC 5652 5.3): the GB/T data type without attributes is built by hand below.
      byte[] attachedNoAttrs = bc(signer, chain, PKCS7_DATA, true, false, false, SM3, null, 0);
      write("ok-attached-pkcs7-noattrs-isn.p7s", attachedNoAttrs);
      add("ok-attached-pkcs7-noattrs-isn", "ok-attached-pkcs7-noattrs-isn.p7s", "", "", "Ok", 0);
      write("ok-detached-pkcs7-noattrs-ski.p7s", bc(signer, chain, PKCS7_DATA, false, false, true, SM3, null, 0));
      add("ok-detached-pkcs7-noattrs-ski", "ok-detached-pkcs7-noattrs-ski.p7s", "content.txt", "", "Ok", 0);
      write("ok-detached-gbt-attrs-isn-no-certs.p7s",
          bc(signer, new ArrayList<>(), GBT_DATA, false, true, false, SM3, null, SIGNING_TIME));
      add("ok-detached-gbt-attrs-isn-no-certs", "ok-detached-gbt-attrs-isn-no-certs.p7s", "content.txt",
          "ok-signer.pem ok-intermediate.pem", "Ok", 0);
      write("ok-detached-gbt-attrs-isn-signer-cert-only.p7s",
          bc(signer, Arrays.asList(signer.cert), GBT_DATA, false, true, false, SM3, null, SIGNING_TIME));
      add("ok-detached-gbt-attrs-isn-signer-cert-only", "ok-detached-gbt-attrs-isn-signer-cert-only.p7s",
          "content.txt", "ok-intermediate.pem", "Ok", 0);
      // The SignerInfo's signature algorithm as ofdrw writes it: sm2-1 (1.2.156.10197.1.301.1).
      write("ok-detached-gbt-attrs-isn-sigalg-sm2-1.p7s",
          bc(signer, chain, GBT_DATA, false, true, false, SM3, SM2_SIGN, SIGNING_TIME));
      add("ok-detached-gbt-attrs-isn-sigalg-sm2-1", "ok-detached-gbt-attrs-isn-sigalg-sm2-1.p7s", "content.txt",
          "", "Ok", 0);
      // The chain check runs at the signingTime: inside the expired certificate's validity.
      write("ok-expired-signer-signing-time-in-validity.p7s",
          bc(expired, Arrays.asList(expired.cert, inter), GBT_DATA, false, true, false, SM3, null, SIGNING_TIME_2020));
      add("ok-expired-signer-signing-time-in-validity", "ok-expired-signer-signing-time-in-validity.p7s",
          "content.txt", "", "Ok", 0);

      // Built by hand (BouncyCastle's ASN.1 classes, its SM2 signature): what real signers do
      // and BouncyCastle's generator does not.
      List<Attribute> unsorted = Arrays.asList(
          attr(CMSAttributes.contentType, new ASN1ObjectIdentifier(GBT_DATA)),
          attr(CMSAttributes.messageDigest, new DEROctetString(sm3(content))),
          attr(CMSAttributes.signingTime, new Time(new Date(SIGNING_TIME * 1000))));
      write("ok-detached-gbt-attrs-unsorted.p7s", checkedAsStored(
          manual(signer, signer.cert, chain, GBT_DATA, false, unsorted, SM2_SM3, DEFAULT_ID, false), signer));
      add("ok-detached-gbt-attrs-unsorted", "ok-detached-gbt-attrs-unsorted.p7s", "content.txt", "", "Ok", 0);
      write("ok-attached-gbt-noattrs-isn.p7s",
          manual(signer, signer.cert, chain, GBT_DATA, true, null, SM2_SM3, DEFAULT_ID, false));
      add("ok-attached-gbt-noattrs-isn", "ok-attached-gbt-noattrs-isn.p7s", "", "", "Ok", 0);
      write("ok-detached-gbt-noattrs-isn.p7s",
          manual(signer, signer.cert, chain, GBT_DATA, false, null, SM2_SM3, DEFAULT_ID, false));
      add("ok-detached-gbt-noattrs-isn", "ok-detached-gbt-noattrs-isn.p7s", "content.txt", "", "Ok", 0);
      write("ok-detached-gbt-attrs-raw-rs-signature.p7s", checkedAsStored(
          manual(signer, signer.cert, chain, GBT_DATA, false, sorted(), SM2_SM3, DEFAULT_ID, true), signer));
      add("ok-detached-gbt-attrs-raw-rs-signature", "ok-detached-gbt-attrs-raw-rs-signature.p7s", "content.txt",
          "", "Ok", 0);

      // Negative.
      add("bad-content-changed-detached", "ok-detached-gbt-attrs-isn.p7s", "content-changed.txt", "",
          "ContentDigestMismatch", 7010);
      write("bad-content-changed-attached.p7s", replaceOnce(attachedGbt, content, changed));
      add("bad-content-changed-attached", "bad-content-changed-attached.p7s", "", "", "ContentDigestMismatch", 7010);
      write("bad-content-changed-attached-noattrs.p7s", replaceOnce(attachedNoAttrs, content, changed));
      add("bad-content-changed-attached-noattrs", "bad-content-changed-attached-noattrs.p7s", "", "",
          "SignatureInvalid", 3004);
      // signingTime 250601000000Z -> 240601000000Z: still inside every validity period.
      write("bad-attribute-changed-signing-time.p7s",
          replaceOnce(detachedGbt, ascii("250601000000Z"), ascii("240601000000Z")));
      add("bad-attribute-changed-signing-time", "bad-attribute-changed-signing-time.p7s", "content.txt", "",
          "SignatureInvalid", 3004);
      // The embedded signer certificate replaced by another signer's: the SignerInfo's
      // issuerAndSerialNumber names a certificate that is not there.
      write("bad-signer-cert-swapped.p7s", CMSSignedData.replaceCertificatesAndCRLs(new CMSSignedData(detachedGbt),
          new JcaCertStore(toJca(Arrays.asList(signer2.cert, inter))), null, null).getEncoded());
      add("bad-signer-cert-swapped", "bad-signer-cert-swapped.p7s", "content.txt", "", "CmsSignerNotFound", 7009);
      // The SignerInfo and certificate name the second signer; the signature is the first's.
      write("bad-signature-swapped-signer-and-cert.p7s",
          manual(signer, signer2.cert, Arrays.asList(signer2.cert, inter), GBT_DATA, false, sorted(), SM2_SM3,
              DEFAULT_ID, false));
      add("bad-signature-swapped-signer-and-cert", "bad-signature-swapped-signer-and-cert.p7s", "content.txt", "",
          "SignatureInvalid", 3004);
      write("bad-signature-empty-id.p7s",
          manual(signer, signer.cert, chain, GBT_DATA, false, sorted(), SM2_SM3, new byte[0], false));
      add("bad-signature-empty-id", "bad-signature-empty-id.p7s", "content.txt", "", "SignatureInvalid", 3004);
      byte[] flipped = der(detachedGbt);
      flipped[flipped.length - 1] ^= 0x01; // the last byte of the SignerInfo's signature
      write("bad-signature-flipped-byte.p7s", flipped);
      add("bad-signature-flipped-byte", "bad-signature-flipped-byte.p7s", "content.txt", "", "SignatureInvalid", 3004);
      write("untrusted-signer-other-root.p7s",
          bc(other, Arrays.asList(other.cert), GBT_DATA, false, true, false, SM3, null, SIGNING_TIME));
      add("untrusted-signer-other-root", "untrusted-signer-other-root.p7s", "content.txt", "",
          "UntrustedCertificate", 7002);
      // No signingTime: the chain is checked at `now`, after the certificate expired.
      write("expired-signer-no-signing-time.p7s",
          bc(expired, Arrays.asList(expired.cert, inter), PKCS7_DATA, false, false, false, SM3, null, 0));
      add("expired-signer-no-signing-time", "expired-signer-no-signing-time.p7s", "content.txt", "",
          "CertificateExpired", 7003);
      write("unsupported-digest-sha256.p7s",
          bc(signer, chain, GBT_DATA, false, true, false, "2.16.840.1.101.3.4.2.1", null, SIGNING_TIME));
      add("unsupported-digest-sha256", "unsupported-digest-sha256.p7s", "content.txt", "", "UnsupportedAlgorithm", 2007);
      byte[] derDetached = der(detachedGbt);
      write("bad-cms-truncated.p7s", Arrays.copyOf(derDetached, derDetached.length / 2));
      add("bad-cms-truncated", "bad-cms-truncated.p7s", "content.txt", "", "BadCms", 7008);
      byte[] trailing = Arrays.copyOf(derDetached, derDetached.length + 1);
      write("bad-cms-trailing-byte.p7s", trailing);
      add("bad-cms-trailing-byte", "bad-cms-trailing-byte.p7s", "content.txt", "", "BadCms", 7008);
      write("bad-cms-not-signed-data.p7s",
          new ContentInfo(new ASN1ObjectIdentifier(PKCS7_DATA), new DEROctetString(content)).getEncoded(ASN1Encoding.DER));
      add("bad-cms-not-signed-data", "bad-cms-not-signed-data.p7s", "", "", "BadCms", 7008);

      Files.write(out.resolve("cases.jsonl"), (String.join("\n", cases) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Checks a hand-built vector without BouncyCastle's CMS layer, which re-encodes the signed
     * attributes as DER (sorting them) and wants a DER signature: the messageDigest attribute
     * is SM3(content), and the SM2 signature (DER or raw r||s) verifies with the default ID over
     * the signed attributes exactly as they are stored in the file (tag [0] read as SET).
     */
    byte[] checkedAsStored(byte[] cms, Party signer) throws Exception {
      SignedData sd = SignedData.getInstance(ContentInfo.getInstance(ASN1Primitive.fromByteArray(cms)).getContent());
      SignerInfo si = SignerInfo.getInstance(sd.getSignerInfos().getObjectAt(0));
      byte[] stored = si.getAuthenticatedAttributes().getEncoded(ASN1Encoding.DL);
      byte[] asTagged = stored.clone();
      asTagged[0] = (byte) 0xa0;
      if (indexOf(cms, asTagged) < 0) {
        throw new IllegalStateException("signed attributes not found as stored");
      }
      boolean digestOk = false;
      for (ASN1Encodable a : si.getAuthenticatedAttributes()) {
        Attribute attr = Attribute.getInstance(a);
        if (attr.getAttrType().equals(CMSAttributes.messageDigest)) {
          digestOk = Arrays.equals(
              DEROctetString.getInstance(attr.getAttrValues().getObjectAt(0)).getOctets(), sm3(content));
        }
      }
      byte[] value = si.getEncryptedDigest().getOctets();
      if (value.length == 64) {
        ASN1EncodableVector rs = new ASN1EncodableVector();
        rs.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(value, 0, 32))));
        rs.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(value, 32, 64))));
        value = new DLSequence(rs).getEncoded(ASN1Encoding.DER);
      }
      Signature sig = Signature.getInstance("SM3withSM2", "BC");
      sig.setParameter(new SM2ParameterSpec(DEFAULT_ID));
      sig.initVerify(new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().setProvider("BC")
          .getCertificate(signer.cert).getPublicKey());
      sig.update(stored);
      if (!digestOk || !sig.verify(value)) {
        throw new IllegalStateException("hand-built vector does not verify as stored");
      }
      return cms;
    }

    List<Attribute> sorted() throws Exception {
      return Arrays.asList(
          attr(CMSAttributes.contentType, new ASN1ObjectIdentifier(GBT_DATA)),
          attr(CMSAttributes.signingTime, new Time(new Date(SIGNING_TIME * 1000))),
          attr(CMSAttributes.messageDigest, new DEROctetString(sm3(content))));
    }

    /** One line of cases.jsonl, keys sorted like tests/vectors/x509/chains.jsonl. */
    void add(String name, String sig, String contentFile, String certs, String expected, int code) {
      cases.add("{\"certs\":" + json(certs) + ",\"content\":" + json(contentFile) + ",\"expected\":" + json(expected)
          + ",\"expected_code\":" + code + ",\"name\":" + json(name) + ",\"now\":" + NOW
          + ",\"roots\":\"ok-root.pem\",\"sig\":" + json(sig) + "}");
    }

    void write(String name, byte[] data) throws IOException {
      Files.write(out.resolve(name), data);
    }

    Party party(String certName, String keyName) throws Exception {
      return new Party(cert(x509.resolve(certName + ".pem")), key(x509.resolve("keys/" + keyName + ".key.pem")));
    }

    /** BouncyCastle's CMSSignedDataGenerator, with a seeded random so the output is fixed. */
    byte[] bc(Party signer, List<X509CertificateHolder> certs, String contentType, boolean attached,
        boolean signedAttrs, boolean bySki, String digest, String sigAlgOid, long signingTime) throws Exception {
      String algorithm = digest.equals(SM3) ? "SM3withSM2" : "SHA256withSM2";
      ContentSigner contentSigner = new JcaContentSignerBuilder(algorithm)
          .setProvider("BC")
          .setSecureRandom(new SeededRandom(signer.cert.getSerialNumber().toByteArray()))
          .build(signer.key);
      CMSSignatureEncryptionAlgorithmFinder finder = sigAlgOid == null
          ? new DefaultCMSSignatureEncryptionAlgorithmFinder()
          : sigAlgId -> new AlgorithmIdentifier(new ASN1ObjectIdentifier(sigAlgOid));
      JcaSignerInfoGeneratorBuilder builder = new JcaSignerInfoGeneratorBuilder(
          new JcaDigestCalculatorProviderBuilder().setProvider("BC").build(), finder);
      builder.setDirectSignature(!signedAttrs);
      if (signedAttrs) {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(attr(CMSAttributes.signingTime, new Time(new Date(signingTime * 1000))));
        builder.setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(v)));
      }
      CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
      if (bySki) {
        gen.addSignerInfoGenerator(builder.build(contentSigner, ski(signer.cert)));
      } else {
        gen.addSignerInfoGenerator(builder.build(contentSigner, signer.cert));
      }
      if (!certs.isEmpty()) {
        gen.addCertificates(new JcaCertStore(toJca(certs)));
      }
      CMSSignedData signed =
          gen.generate(new CMSProcessableByteArray(new ASN1ObjectIdentifier(contentType), content), attached);
      return signed.getEncoded(); // as BouncyCastle emits it (BER)
    }

    /**
     * A SignedData built field by field: signed attributes stored in the given order (the
     * signature is over that encoding), the signature DER or raw r||s, made with `id`.
     */
    byte[] manual(Party signingKey, X509CertificateHolder named, List<X509CertificateHolder> certs, String contentType,
        boolean attached, List<Attribute> attrs, String sigAlgOid, byte[] id, boolean rawSignature) throws Exception {
      DLSet signedAttrs = null;
      if (attrs != null) {
        ASN1EncodableVector attrVector = new ASN1EncodableVector();
        for (Attribute a : attrs) {
          attrVector.add(a);
        }
        signedAttrs = new DLSet(attrVector);
      }
      Signature sig = Signature.getInstance("SM3withSM2", "BC");
      sig.setParameter(new SM2ParameterSpec(id));
      sig.initSign(signingKey.key, new SeededRandom(concat(named.getSerialNumber().toByteArray(), id)));
      // With signed attributes the signature is over their SET as stored (tag 0x31); without,
      // over the content.
      sig.update(signedAttrs != null ? signedAttrs.getEncoded(ASN1Encoding.DL) : content);
      byte[] value = sig.sign();
      if (rawSignature) {
        ASN1Sequence rs = ASN1Sequence.getInstance(value);
        value = concat(fixed32(ASN1Integer.getInstance(rs.getObjectAt(0)).getValue()),
            fixed32(ASN1Integer.getInstance(rs.getObjectAt(1)).getValue()));
      }
      AlgorithmIdentifier sm3 = new AlgorithmIdentifier(new ASN1ObjectIdentifier(SM3));
      ASN1EncodableVector signerInfo = new ASN1EncodableVector();
      signerInfo.add(new ASN1Integer(1));
      signerInfo.add(new IssuerAndSerialNumber(named.getIssuer(), named.getSerialNumber()));
      signerInfo.add(sm3);
      if (signedAttrs != null) {
        signerInfo.add(new DLTaggedObject(false, 0, signedAttrs));
      }
      signerInfo.add(new AlgorithmIdentifier(new ASN1ObjectIdentifier(sigAlgOid)));
      signerInfo.add(new DEROctetString(value));

      ASN1EncodableVector encap = new ASN1EncodableVector();
      encap.add(new ASN1ObjectIdentifier(contentType));
      if (attached) {
        encap.add(new DLTaggedObject(true, 0, new DEROctetString(content)));
      }
      ASN1EncodableVector certVector = new ASN1EncodableVector();
      for (X509CertificateHolder c : certs) {
        certVector.add(c.toASN1Structure());
      }
      ASN1EncodableVector signedData = new ASN1EncodableVector();
      signedData.add(new ASN1Integer(1));
      signedData.add(new DERSet(sm3));
      signedData.add(new DLSequence(encap));
      if (!certs.isEmpty()) {
        signedData.add(new DLTaggedObject(false, 0, new DLSet(certVector)));
      }
      signedData.add(new DLSet(new DLSequence(signerInfo)));
      ASN1EncodableVector info = new ASN1EncodableVector();
      info.add(new ASN1ObjectIdentifier(GBT_SIGNED_DATA));
      info.add(new DLTaggedObject(true, 0, new DLSequence(signedData)));
      return new DLSequence(info).getEncoded(ASN1Encoding.DL);
    }
  }

  static final class Party {
    final X509CertificateHolder cert;
    final PrivateKey key;

    Party(X509CertificateHolder cert, PrivateKey key) {
      this.cert = cert;
      this.key = key;
    }
  }

  /**
   * SecureRandom whose bytes are SHA-256(seed || counter): the vectors are reproducible. Test
   * vectors only; never for real signatures.
   */
  static final class SeededRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] seed;
    private long counter;

    SeededRandom(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
      try {
        int done = 0;
        while (done < bytes.length) {
          MessageDigest md = MessageDigest.getInstance("SHA-256");
          md.update(seed);
          md.update(BigInteger.valueOf(counter++).toByteArray());
          byte[] block = md.digest();
          int n = Math.min(block.length, bytes.length - done);
          System.arraycopy(block, 0, bytes, done, n);
          done += n;
        }
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public byte[] generateSeed(int n) {
      byte[] out = new byte[n];
      nextBytes(out);
      return out;
    }
  }

  // ---------------------------------------------------------------- helpers

  static X509CertificateHolder cert(Path path) throws IOException {
    byte[] data = Files.readAllBytes(path);
    return new X509CertificateHolder(unPem(data));
  }

  static PrivateKey key(Path path) throws IOException {
    try (Reader r = Files.newBufferedReader(path); PEMParser p = new PEMParser(r)) {
      return new JcaPEMKeyConverter().setProvider("BC").getPrivateKey((PrivateKeyInfo) p.readObject());
    }
  }

  static byte[] unPem(byte[] data) {
    String text = new String(data, StandardCharsets.ISO_8859_1);
    if (!text.startsWith("-----BEGIN")) {
      return data;
    }
    StringBuilder b64 = new StringBuilder();
    for (String line : text.split("\n")) {
      if (!line.startsWith("-----")) {
        b64.append(line.trim());
      }
    }
    return Base64.getDecoder().decode(b64.toString());
  }

  static List<java.security.cert.X509Certificate> toJca(List<X509CertificateHolder> certs) throws Exception {
    List<java.security.cert.X509Certificate> out = new ArrayList<>();
    java.security.cert.CertificateFactory cf = java.security.cert.CertificateFactory.getInstance("X.509", "BC");
    for (X509CertificateHolder c : certs) {
      out.add((java.security.cert.X509Certificate) cf.generateCertificate(new ByteArrayInputStream(c.getEncoded())));
    }
    return out;
  }

  static byte[] ski(X509CertificateHolder cert) {
    Extension ext = cert.getExtension(Extension.subjectKeyIdentifier);
    return SubjectKeyIdentifier.getInstance(ext.getParsedValue()).getKeyIdentifier();
  }

  static Attribute attr(ASN1ObjectIdentifier type, ASN1Encodable value) {
    return new Attribute(type, new DERSet(value));
  }

  static byte[] sm3(byte[] data) throws Exception {
    return MessageDigest.getInstance("SM3", "BC").digest(data);
  }

  /** The SignedData re-wrapped in a ContentInfo with the GB/T 35275 signedData OID (DER). */
  static byte[] gbtOuter(byte[] sig) throws IOException {
    ContentInfo info = ContentInfo.getInstance(ASN1Primitive.fromByteArray(sig));
    return new ContentInfo(new ASN1ObjectIdentifier(GBT_SIGNED_DATA), info.getContent()).getEncoded(ASN1Encoding.DER);
  }

  static byte[] der(byte[] sig) throws IOException {
    return ASN1Primitive.fromByteArray(sig).getEncoded(ASN1Encoding.DER);
  }

  static int indexOf(byte[] data, byte[] pattern) {
    for (int i = 0; i + pattern.length <= data.length; i++) {
      if (Arrays.equals(Arrays.copyOfRange(data, i, i + pattern.length), pattern)) {
        return i;
      }
    }
    return -1;
  }

  static byte[] replaceOnce(byte[] data, byte[] from, byte[] to) {
    int at = -1;
    for (int i = 0; i + from.length <= data.length; i++) {
      if (Arrays.equals(Arrays.copyOfRange(data, i, i + from.length), from)) {
        if (at >= 0) {
          throw new IllegalStateException("pattern occurs twice");
        }
        at = i;
      }
    }
    if (at < 0) {
      throw new IllegalStateException("pattern not found");
    }
    if (from.length != to.length) {
      throw new IllegalStateException("replacement changes the length");
    }
    byte[] out = data.clone();
    System.arraycopy(to, 0, out, at, to.length);
    return out;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(a, 0, a.length);
    out.write(b, 0, b.length);
    return out.toByteArray();
  }

  static byte[] fixed32(BigInteger v) {
    byte[] b = v.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(b.length, 32);
    System.arraycopy(b, b.length - n, out, 32 - n, n);
    return out;
  }

  static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
