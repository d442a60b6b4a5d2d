package cn.govcred;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shared certificate and CMS vectors (tests/vectors/x509/chains.jsonl and
 * tests/vectors/cms/cases.jsonl) through the Java door, run as tests/x509_vectors.rs and
 * tests/cms_vectors.rs run them: load the roots, the other certificates and the leaf or
 * signature, verify; the first failure is the case's code.
 */
class CertificateCmsVectorsTest {
  static byte[] file(String relative) {
    try {
      return Files.readAllBytes(Vectors.dir().resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> lines(String relative) {
    List<String> out = new ArrayList<>();
    for (String line : Vectors.read(relative).split("\n")) {
      if (!line.trim().isEmpty()) {
        out.add(line);
      }
    }
    return out;
  }

  static List<String> names(String list) {
    return list.trim().isEmpty() ? Collections.<String>emptyList() : Arrays.asList(list.trim().split("\\s+"));
  }

  /** Parses every file of a space-separated list; closes what it made if one fails. */
  static List<Certificate> certs(String list) {
    List<Certificate> out = new ArrayList<>();
    try {
      for (String name : names(list)) {
        out.add(Certificate.parse(file("x509/" + name)));
      }
    } catch (RuntimeException e) {
      closeAll(out);
      throw e;
    }
    return out;
  }

  static void closeAll(List<? extends AutoCloseable> list) {
    for (AutoCloseable c : list) {
      try {
        c.close();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }

  /** A chains.jsonl case: the verified chain's length, or the code that stopped it as -code. */
  static int runChain(String line) {
    List<Certificate> roots = new ArrayList<>();
    List<Certificate> chain = new ArrayList<>();
    try {
      roots = certs(Vectors.string(line, "roots"));
      try (CertVerifier verifier = new CertVerifier(roots)) {
        chain = certs(Vectors.string(line, "chain"));
        try (Certificate leaf = Certificate.parse(file("x509/" + Vectors.string(line, "leaf")))) {
          String usage = Vectors.string(line, "usage");
          KeyPurpose purpose = usage.equals("sign") ? KeyPurpose.SIGNING : KeyPurpose.ANY;
          assertTrue(usage.equals("sign") || usage.equals("any"), usage);
          List<Certificate> verified = verifier.verify(leaf, chain, Vectors.integer(line, "now"), purpose);
          try {
            assertArrayEquals(leaf.der(), verified.get(0).der(), "leaf first");
            for (int i = 0; i + 1 < verified.size(); i++) {
              assertEquals(verified.get(i).issuer(), verified.get(i + 1).subject(), "issued by the next");
            }
            return verified.size();
          } finally {
            closeAll(verified);
          }
        }
      }
    } catch (GovcredException e) {
      return -e.getCode();
    } finally {
      closeAll(roots);
      closeAll(chain);
    }
  }

  @Test
  void everyChainCaseGivesItsExpectedCode() {
    List<String> cases = lines("x509/chains.jsonl");
    assertTrue(cases.size() >= 30, "only " + cases.size() + " cases");
    List<String> failures = new ArrayList<>();
    for (String line : cases) {
      String name = Vectors.string(line, "name");
      int expected = (int) Vectors.integer(line, "expected_code");
      assertEquals(Vectors.string(line, "expected"), Govcred.resultName(expected), name);
      int got = runChain(line);
      int code = got > 0 ? Codes.OK : -got;
      if (code != expected) {
        failures.add(name + ": expected " + expected + ", got " + code);
      }
    }
    assertEquals(Collections.emptyList(), failures);
  }

  @Test
  void passingChainsHaveTheirLength() {
    List<String> cases = lines("x509/chains.jsonl");
    String[][] lengths = {
      {"ok-signer", "3"}, {"ok-signer-under-root", "2"}, {"ok-signer-4-level", "4"},
      {"ok-signer-4-level-chain-reversed-with-extras", "4"}, {"ok-signer-two-roots-pinned", "3"},
    };
    for (String[] want : lengths) {
      String line = null;
      for (String l : cases) {
        if (Vectors.string(l, "name").equals(want[0])) {
          line = l;
        }
      }
      assertNotNull(line, want[0]);
      assertEquals(Integer.parseInt(want[1]), runChain(line), want[0]);
    }
  }

  @Test
  void signerFieldsAreTheOnesMakeShWrote() {
    try (Certificate c = Certificate.parse(file("x509/ok-signer.der"));
        Certificate pem = Certificate.parse(file("x509/ok-signer.pem"));
        Certificate inter = Certificate.parse(file("x509/ok-intermediate.pem"));
        PublicKey key = c.publicKey()) {
      assertArrayEquals(file("x509/ok-signer.der"), c.der());
      assertArrayEquals(c.der(), pem.der());
      assertArrayEquals(Vectors.hex("009a8b7c6d5e4f30211203"), c.serial());
      assertEquals(1_577_836_800L, c.notBefore());
      assertEquals(2_524_607_999L, c.notAfter());
      assertFalse(c.isCa());
      assertTrue(inter.isCa());
      assertTrue(c.subject().contains("Govcred Test Signer"), c.subject());
      assertTrue(c.issuer().contains("Govcred Test Intermediate CA"), c.issuer());
      String json = c.json();
      assertEquals("009a8b7c6d5e4f30211203", Vectors.string(json, "serial"));
      assertEquals(c.subject(), Vectors.string(json, "subject"));
      assertEquals(Vectors.string(inter.json(), "subject_key_id"), Vectors.string(json, "authority_key_id"));
      StringBuilder hex = new StringBuilder();
      for (byte b : key.export(KeyFormat.RAW)) {
        hex.append(String.format("%02x", b));
      }
      assertEquals(hex.toString(), Vectors.string(json, "public_key"));
      Integer ku = c.keyUsage();
      assertNotNull(ku);
      List<String> kuNames = Vectors.strings(json, "key_usage");
      assertEquals(kuNames.contains("digitalSignature"), (ku & 1) != 0, json);
      assertEquals(kuNames.contains("keyCertSign"), (ku & 32) != 0, json);
    }
  }

  @Test
  void unsupportedAndMalformedCertificatesHaveTheirCodes() {
    GovcredException e =
        assertThrows(GovcredException.class, () -> Certificate.parse(file("x509/unsupported-rsa-2048-selfsigned.pem")));
    assertEquals(Codes.UNSUPPORTED_ALGORITHM, e.getCode());
    e = assertThrows(GovcredException.class, () -> Certificate.parse(file("x509/bad-der-truncated.der")));
    assertEquals(Codes.BAD_CERTIFICATE, e.getCode());
    e = assertThrows(GovcredException.class, () -> new CertVerifier());
    assertEquals(Codes.INVALID_ARGUMENT, e.getCode());
  }

  /** A cases.jsonl case, as tests/cms_vectors.rs runs it. */
  static CmsVerdict runCms(String line) {
    byte[] sig = file("cms/" + Vectors.string(line, "sig"));
    String contentName = Vectors.string(line, "content");
    byte[] content = contentName.isEmpty() ? null : file("cms/" + contentName);
    List<Certificate> roots = certs(Vectors.string(line, "roots"));
    List<Certificate> extra = new ArrayList<>();
    try (CertVerifier verifier = new CertVerifier(roots)) {
      extra = certs(Vectors.string(line, "certs"));
      return Cms.verify(sig, content, extra, verifier, Vectors.integer(line, "now"));
    } finally {
      closeAll(roots);
      closeAll(extra);
    }
  }

  @Test
  void everyCmsCaseGivesItsExpectedCode() {
    List<String> cases = lines("cms/cases.jsonl");
    assertTrue(cases.size() >= 30, "only " + cases.size() + " cases");
    List<String> failures = new ArrayList<>();
    for (String line : cases) {
      String name = Vectors.string(line, "name");
      int expected = (int) Vectors.integer(line, "expected_code");
      assertEquals(Vectors.string(line, "expected"), Govcred.resultName(expected), name);
      try (CmsVerdict v = runCms(line)) {
        assertEquals(v.code() == Codes.OK, v.passed(), name);
        assertEquals(v.passed(), v.json().startsWith("{\"passed\":true,"), name);
        assertEquals(v.code(), Vectors.integer(v.json(), "code"), name);
        assertEquals(v.codeName(), Vectors.string(v.json(), "code_name"), name);
        if (v.code() != expected) {
          failures.add(name + ": expected " + expected + ", got " + v.code() + " " + v.codeName());
        }
      }
    }
    assertEquals(Collections.emptyList(), failures);
  }

  static CmsVerdict cmsCase(String name) {
    for (String line : lines("cms/cases.jsonl")) {
      if (Vectors.string(line, "name").equals(name)) {
        return runCms(line);
      }
    }
    throw new AssertionError("no case " + name);
  }

  @Test
  void theChainIsCheckedAtTheSigningTimeWhenThereIsOne() {
    try (CmsVerdict v = cmsCase("ok-expired-signer-signing-time-in-validity")) {
      assertEquals(TimeSource.SIGNING_TIME, v.timeSource());
      assertEquals(1_590_969_600L, v.timeUsed());
      assertEquals(1_590_969_600L, Vectors.integer(v.json(), "signing_time"));
    }
    try (CmsVerdict v = cmsCase("ok-attached-pkcs7-noattrs-isn")) {
      assertEquals(TimeSource.NOW, v.timeSource());
      assertEquals(1_767_225_600L, v.timeUsed());
      assertTrue(v.json().contains("\"signing_time\":null"), v.json());
    }
  }

  @Test
  void verdictsNameTheSignerChainAndAttachedContent() {
    byte[] content = file("cms/content.txt");
    try (Certificate signer = Certificate.parse(file("x509/ok-signer.pem"));
        Certificate root = Certificate.parse(file("x509/ok-root.pem"))) {
      for (String name : new String[] {"ok-attached-gbt-attrs-isn", "ok-attached-pkcs7-attrs-ski"}) {
        try (CmsVerdict v = cmsCase(name)) {
          assertArrayEquals(content, v.content(), name);
          assertArrayEquals(signer.der(), v.signer().der(), name);
          assertEquals(3, v.chain().size(), name);
          assertArrayEquals(signer.der(), v.chain().get(0).der(), name);
          assertArrayEquals(root.der(), v.chain().get(2).der(), name);
        }
      }
      try (CmsVerdict v = cmsCase("ok-detached-gbt-attrs-unsorted")) {
        assertNull(v.content());
        assertArrayEquals(signer.der(), v.signer().der());
        assertEquals(Arrays.asList("unsorted_signed_attributes"), Vectors.strings(v.json(), "leniencies"));
      }
    }
  }

  @Test
  void detachedSignaturesNeedTheirContent() {
    try (Certificate root = Certificate.parse(file("x509/ok-root.pem"));
        CertVerifier verifier = new CertVerifier(root);
        CmsVerdict v = Cms.verify(file("cms/ok-detached-gbt-attrs-isn.p7s"), null, verifier, 1_767_225_600L)) {
      assertFalse(v.passed());
      assertEquals(Codes.INVALID_ARGUMENT, v.code());
      assertEquals("InvalidArgument", v.codeName());
      assertNull(v.signer());
    }
  }

  @Test
  void signThenVerifyRoundTrips() {
    byte[] content = "电子证照 content".getBytes(StandardCharsets.UTF_8);
    try (PrivateKey key = PrivateKey.importKey(file("x509/keys/signer.key.pem"));
        PrivateKey other = PrivateKey.importKey(file("x509/keys/signer2.key.pem"));
        Certificate signer = Certificate.parse(file("x509/ok-signer.pem"));
        Certificate inter = Certificate.parse(file("x509/ok-intermediate.pem"));
        Certificate root = Certificate.parse(file("x509/ok-root.pem"));
        CertVerifier verifier = new CertVerifier(root)) {
      long signingTime = 1_767_225_600L;
      for (CmsOids oids : CmsOids.values()) {
        byte[] p7 = Cms.signDetached(content, key, signer, Arrays.asList(inter), signingTime, oids);
        assertArrayEquals(p7, Cms.signDetached(content, key, signer, Arrays.asList(inter), signingTime, oids));
        try (CmsVerdict v = Cms.verify(p7, content, verifier, 1_900_000_000L)) {
          assertTrue(v.passed(), v.toString());
          assertEquals(TimeSource.SIGNING_TIME, v.timeSource());
          assertEquals(signingTime, v.timeUsed());
          assertNull(v.content());
          assertEquals(3, v.chain().size());
          assertArrayEquals(signer.der(), v.signer().der());
          String outer = Vectors.string(v.json(), "outer_type");
          assertEquals(oids == CmsOids.GBT35275 ? "1.2.156.10197.6.1.4.2.2" : "1.2.840.113549.1.7.2", outer);
        }
        byte[] changed = content.clone();
        changed[0] ^= 1;
        try (CmsVerdict v = Cms.verify(p7, changed, verifier, 1_900_000_000L)) {
          assertEquals(Codes.CONTENT_DIGEST_MISMATCH, v.code());
        }
      }
      GovcredException e =
          assertThrows(
              GovcredException.class,
              () -> Cms.signDetached(content, other, signer, Collections.<Certificate>emptyList(), signingTime));
      assertEquals(Codes.BAD_PRIVATE_KEY, e.getCode());
    }
  }

  @Test
  void closedCertificatesAreRefused() {
    Certificate c = Certificate.parse(file("x509/ok-root.pem"));
    c.close();
    c.close();
    assertThrows(IllegalStateException.class, c::subject);
    assertThrows(IllegalStateException.class, () -> new CertVerifier(c));
  }
}
