package cn.govcred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shared OFD corpus (tests/vectors/ofd/), run as tests/ofd_corpus.rs runs it: every
 * EXPECTED.tsv row verified under the corpus's trust (the peer/ root pinned for peer/ files,
 * no root for ofdrw/ files) at the same {@code now}, giving outcomes.tsv's codes for the
 * document and each signature, with a JSON view that says the same.
 */
class OfdVectorsTest {
  /** tests/ofd_corpus.rs's NOW. */
  private static final long NOW = 1_800_000_000L;

  private static final String PEER_ROOT = "peer/certs/root.cert.pem";
  private static final String SESV4_SIGN_DOC = "ofdrw/ofdrw-reader__SESV4SignDoc.ofd";
  private static final String DIGITAL_SIGN = "ofdrw/ofdrw-sign__DigitalSign.ofd";

  private static byte[] bytes(String name) {
    try {
      return Files.readAllBytes(Vectors.dir().resolve("ofd").resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String[]> rows(String name) {
    List<String[]> out = new ArrayList<>();
    String[] lines = new String(bytes(name), StandardCharsets.UTF_8).split("\n");
    for (int i = 1; i < lines.length; i++) {
      if (!lines[i].isEmpty()) {
        out.add(lines[i].split("\t", -1));
      }
    }
    return out;
  }

  private static OfdVerdict verify(String file, List<String> roots, List<String> certs) {
    try (OfdVerifier v = new OfdVerifier()) {
      roots.forEach(r -> v.addRoot(bytes(r)));
      certs.forEach(c -> v.addCert(bytes(c)));
      return v.verify(bytes(file), NOW);
    }
  }

  private static OfdVerdict verify(String file, String... roots) {
    return verify(file, Arrays.asList(roots), new ArrayList<>());
  }

  /** Every value of {@code "key":value} in the JSON, in order (a string's quotes dropped). */
  private static List<String> values(String json, String key) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("\"" + key + "\":(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,}\\]]+)").matcher(json);
    while (m.find()) {
      out.add(m.group(2) != null ? m.group(2) : m.group(1));
    }
    return out;
  }

  @Test
  void everyExpectedTsvRowGivesItsOutcome() {
    List<String[]> expected = rows("EXPECTED.tsv");
    List<String[]> outcomes = rows("outcomes.tsv");
    assertEquals(23, expected.size());
    assertEquals(expected.size(), outcomes.size());
    List<String> failures = new ArrayList<>();
    for (int r = 0; r < expected.size(); r++) {
      String file = expected.get(r)[0];
      String want = expected.get(r)[1];
      String[] outcome = outcomes.get(r);
      assertEquals(file, outcome[0]);
      OfdVerdict v = file.startsWith("peer/") ? verify(file, PEER_ROOT) : verify(file);
      List<String> got = new ArrayList<>();
      got.add(v.codeName());
      List<String> wantCodes = new ArrayList<>();
      wantCodes.add(outcome[1]);
      for (String s : outcome[2].split(",")) {
        if (!s.isEmpty()) {
          wantCodes.add(s);
        }
      }
      List<String> ids = new ArrayList<>();
      List<String> kinds = new ArrayList<>();
      for (OfdSignature s : v.signatures()) {
        got.add(s.codeName());
        ids.add(s.id());
        kinds.add(s.kind().name().toLowerCase(java.util.Locale.ROOT));
      }
      if (!got.equals(wantCodes)) {
        failures.add(file + ": expected " + wantCodes + ", got " + got + " (" + v.message() + ")");
      }
      assertEquals(outcome[1].equals("Ok"), v.passed(), file);
      assertEquals(v.passed(), v.code() == Codes.OK, file);
      // The corpus's own words, where they are checkable by outcome.
      if (want.equals("VALID")) {
        assertTrue(
            v.code() == Codes.OK || v.code() == Codes.UNTRUSTED_CERTIFICATE || file.equals(SESV4_SIGN_DOC), file);
      } else if (want.equals("NOT SIGNED")) {
        assertEquals(Codes.NOT_SIGNED, v.code(), file);
      } else if (want.startsWith("INVALID")) {
        assertFalse(v.passed(), file);
      }
      // The JSON view is the library's and says the same: the document's code comes before
      // its signatures' in either key order.
      String json = v.json();
      assertEquals(Arrays.asList(String.valueOf(v.passed())), values(json, "passed"), file);
      assertEquals(got, values(json, "code_name"), file);
      assertEquals(ids, values(json, "id"), file);
      assertEquals(kinds, values(json, "type"), file);
      assertEquals(Arrays.asList("null"), values(json, "license"), file);
    }
    assertEquals(new ArrayList<String>(), failures);
  }

  @Test
  void thePeerSignaturesReportTheirParts() {
    OfdVerdict v = verify("peer/seal-v4.ofd", PEER_ROOT);
    assertTrue(v.passed(), v.message());
    assertEquals("ok", v.message());
    OfdSignature s = v.signatures().get(0);
    assertEquals("s001", s.id());
    assertEquals(OfdSignatureKind.SEAL, s.kind());
    assertEquals(OfdSignatureFormat.SES_V4, s.format());
    assertEquals(Arrays.asList("govcred 测试专用章 v4"), values(v.json(), "seal_name"));
    assertEquals(Arrays.asList("ses-v4"), values(v.json(), "format"));
    OfdSignature sign = verify("peer/sign-gbt35275.ofd", PEER_ROOT).signatures().get(0);
    assertEquals(OfdSignatureKind.SIGN, sign.kind());
    assertEquals(OfdSignatureFormat.GBT35275, sign.format());
    assertEquals(Codes.UNTRUSTED_CERTIFICATE, verify("peer/seal-v4.ofd").code());
  }

  @Test
  void sesv4SignDocPostdatesItsSeal() {
    OfdVerdict v = verify(SESV4_SIGN_DOC);
    assertEquals("SealNotValid", v.signatures().get(0).codeName());
    assertEquals(Arrays.asList("2026-08-04T10:08:09+08:00"), values(v.json(), "signed_at"));
    assertEquals(Arrays.asList("asserted"), values(v.json(), "time_source"));
  }

  @Test
  void digitalSignIsValidOnlyWithItsCertificate() {
    List<String> none = new ArrayList<>();
    OfdVerdict v = verify(DIGITAL_SIGN, none, Arrays.asList("ofdrw/keys/ofdrw-sign__USER.cert.pem"));
    assertTrue(v.passed(), v.message());
    assertEquals(OfdSignatureFormat.SM2, v.signatures().get(0).format());
    v = verify(DIGITAL_SIGN, none, Arrays.asList("peer/certs/signer.cert.pem"));
    assertEquals(Codes.SIGNATURE_INVALID, v.code());
  }

  @Test
  void aRefusedDocumentIsAVerdictAndABadCertificateThrows() {
    try (OfdVerifier v = new OfdVerifier()) {
      for (byte[] data : Arrays.asList(new byte[0], "PK".getBytes(StandardCharsets.US_ASCII))) {
        OfdVerdict verdict = v.verify(data, NOW);
        assertFalse(verdict.passed());
        assertEquals(Codes.BAD_OFD, verdict.code());
        assertTrue(verdict.signatures().isEmpty());
      }
      byte[] notCert = {0x30, 0x02, 0x05, 0x00};
      assertEquals(Codes.BAD_CERTIFICATE, assertThrows(GovcredException.class, () -> v.addRoot(notCert)).getCode());
      assertEquals(Codes.BAD_CERTIFICATE, assertThrows(GovcredException.class, () -> v.addCert(notCert)).getCode());
      assertEquals(
          Codes.BAD_PEM,
          assertThrows(GovcredException.class, () -> v.addRoot("not a cert".getBytes(StandardCharsets.US_ASCII)))
              .getCode());
      // Unchanged: still no root.
      assertEquals(Codes.UNTRUSTED_CERTIFICATE, v.verify(bytes("peer/seal-v4.ofd"), NOW).code());
    }
    OfdVerifier closed = new OfdVerifier();
    closed.close();
    assertThrows(IllegalStateException.class, () -> closed.verify(new byte[0], NOW));
  }
}
