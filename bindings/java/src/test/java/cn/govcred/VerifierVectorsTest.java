package cn.govcred;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared verifier vectors (tests/vectors/verifier/) through the Java door. */
class VerifierVectorsTest {
  static final String[] BUNDLES = {"default", "unknown-root", "tampered"};
  static String setup;
  static List<Vectors.Case> cases;
  static PublicKey[] roots;
  static final Map<String, TrustBundle> bundles = new HashMap<>();
  static final Map<String, Integer> loadFailures = new HashMap<>();

  @BeforeAll
  static void load() {
    setup = Vectors.setup();
    cases = Vectors.cases();
    List<String> hex = Vectors.strings(setup, "roots");
    roots = new PublicKey[hex.size()];
    for (int i = 0; i < roots.length; i++) {
      roots[i] = PublicKey.importKey(Vectors.hex(hex.get(i)));
    }
    for (String name : BUNDLES) {
      byte[] bytes = Vectors.hex(Vectors.string(setup, name));
      try {
        bundles.put(name, TrustBundle.load(bytes, roots));
      } catch (GovcredException e) {
        loadFailures.put(name, e.getCode());
      }
    }
  }

  @AfterAll
  static void close() {
    bundles.values().forEach(TrustBundle::close);
    for (PublicKey r : roots) {
      r.close();
    }
  }

  @Test
  void everyCaseGivesItsExpectedCode() {
    Map<String, Verifier> verifiers = new HashMap<>();
    bundles.forEach((name, bundle) -> verifiers.put(name, new Verifier(bundle)));
    int seen = 0;
    try {
      for (Vectors.Case c : cases) {
        int got;
        if (loadFailures.containsKey(c.bundle)) {
          got = loadFailures.get(c.bundle);
        } else {
          Verdict v = verifiers.get(c.bundle).verify(c.qr, c.now);
          got = v.code();
          assertEquals(got == Codes.OK, v.passed(), c.name);
          boolean verified = v.kind() != CredentialKind.NONE;
          assertEquals(verified, !v.issuerName().isEmpty(), c.name);
          assertEquals(verified, v.credentialJson().startsWith("{\"type\":"), c.name);
          assertTrue(v.json().contains("\"code\":" + got), c.name);
        }
        assertEquals(c.expectedCode, got, c.name);
        assertEquals(c.expected, Govcred.resultName(got), c.name);
        seen++;
      }
    } finally {
      verifiers.values().forEach(Verifier::close);
    }
    assertTrue(seen >= 20, "only " + seen + " cases");
  }

  @Test
  void aRefusedColorCodeStillShowsItsColorAndIssuer() {
    try (Verifier verifier = new Verifier(bundles.get("default"))) {
      Vectors.Case c = Vectors.find(cases, "refused-health-code-yellow");
      Verdict v = verifier.verify(c.qr, c.now);
      assertFalse(v.passed());
      assertEquals(Codes.COLOR_NOT_ACCEPTED, v.code());
      assertEquals("ColorNotAccepted", v.codeName());
      assertEquals(CredentialKind.HEALTH_CODE, v.kind());
      assertEquals(Color.YELLOW, v.color());
      assertEquals("广东省卫生健康委员会", v.issuerName());
      assertTrue(v.display().contains("黄码"));
      assertFalse(v.credentialJson().contains("11010519491231002X"), "holder ID stays out");
    }
  }

  @Test
  void policyDecidesColorsAgeAndGrace() {
    TrustBundle bundle = bundles.get("default");
    Vectors.Case yellow = Vectors.find(cases, "refused-health-code-yellow");
    Vectors.Case green = Vectors.find(cases, "valid-health-code-green");
    Vectors.Case license = Vectors.find(cases, "valid-license");
    Policy lenient = Policy.defaults().withAcceptedColors(Color.GREEN, Color.YELLOW);
    try (Verifier v = new Verifier(bundle, lenient)) {
      assertTrue(v.verify(yellow.qr, yellow.now).passed());
    }
    // Fast tables keep the other settings and give the same verdicts.
    Policy fast = lenient.withFastTables(true);
    assertTrue(fast.fastTables().orElse(false) && fast.acceptedColors().get().contains(Color.YELLOW));
    // Only overrides are held: what the caller left alone stays the library's.
    assertFalse(fast.clockSkewSecs().isPresent());
    assertFalse(Policy.defaults().acceptedColors().isPresent());
    assertEquals(10L, Policy.defaults().withMaxColorCodeAgeSecs(10).maxColorCodeAgeSecs().getAsLong());
    try (Verifier v = new Verifier(bundle, fast)) {
      assertTrue(v.verify(yellow.qr, yellow.now).passed());
      assertTrue(v.verify(license.qr, license.now).passed());
    }
    try (Verifier v = new Verifier(bundle, Policy.defaults().withAcceptedColors())) {
      assertEquals(Codes.COLOR_NOT_ACCEPTED, v.verify(green.qr, green.now).code());
      assertTrue(v.verify(license.qr, license.now).passed());
    }
    try (Verifier v = new Verifier(bundle, Policy.defaults().withMaxColorCodeAgeSecs(10))) {
      assertEquals(Codes.TOO_OLD, v.verify(green.qr, green.now).code());
    }
    long stale = bundle.nextUpdate() + 1;
    try (Verifier v = new Verifier(bundle, Policy.defaults().withBundleGraceSecs(0))) {
      assertEquals(Codes.BUNDLE_STALE, v.verify(license.qr, stale).code());
    }
    GovcredException e =
        assertThrows(
            GovcredException.class,
            () -> new Verifier(bundle, Policy.defaults().withClockSkewSecs(-1)).close());
    assertEquals(Codes.INVALID_ARGUMENT, e.getCode());
    e =
        assertThrows(
            GovcredException.class,
            () -> new Verifier(bundle, Policy.defaults().withAcceptedColors(Color.NONE)).close());
    assertEquals(Codes.INVALID_ARGUMENT, e.getCode());
  }

  @Test
  void bundleLoadFailuresCarryTheirCodes() {
    assertEquals(7, bundles.get("default").version());
    byte[] bytes = Vectors.hex(Vectors.string(setup, "default"));
    GovcredException e =
        assertThrows(GovcredException.class, () -> TrustBundle.load(bytes, roots[0]));
    assertEquals(Codes.BUNDLE_SIGNATURE_INVALID, e.getCode());
    e = assertThrows(GovcredException.class, () -> TrustBundle.load(new byte[10], roots));
    assertEquals(Codes.BAD_BUNDLE, e.getCode());
    assertEquals("BadBundle", e.getCodeName());
  }

  /** The issuing inputs of setup.json give the QR text of their cases byte for byte. */
  @Test
  void issuersReproduceTheVectors() {
    Vectors.Case licenseCase = Vectors.find(cases, Vectors.string(setup, "license_case"));
    Vectors.Case codeCase = Vectors.find(cases, Vectors.string(setup, "color_code_case"));
    String licenseJson = Vectors.string(setup, "license_json");
    // The shared request file every door's issuing test passes through unchanged.
    String requestJson = Vectors.read("verifier/color-code-request.json");
    long licenseAt = Vectors.integer(setup, "license_issued_at");
    long codeAt = Vectors.integer(setup, "color_code_issued_at");
    byte[] licenseKey = Vectors.string(setup, "license_issuer_key").getBytes(StandardCharsets.US_ASCII);
    byte[] codeKey = Vectors.hex(Vectors.string(setup, "color_code_issuer_key"));

    try (PrivateKey key = PrivateKey.importKey(licenseKey);
        LicenseIssuer issuer = new LicenseIssuer(key);
        Verifier verifier = new Verifier(bundles.get("default"))) {
      String qr = issuer.issue(licenseJson, licenseAt);
      assertEquals(licenseCase.qr, qr);
      assertTrue(verifier.verify(qr, licenseCase.now).passed());
      GovcredException e =
          assertThrows(GovcredException.class, () -> issuer.issue("{", licenseAt));
      assertEquals(Codes.BAD_JSON, e.getCode());
      String reversed = licenseJson.replace("\"valid_until\":\"2046", "\"valid_until\":\"2006");
      assertNotEquals(licenseJson, reversed);
      e = assertThrows(GovcredException.class, () -> issuer.issue(reversed, licenseAt));
      assertEquals(Codes.BAD_DATES, e.getCode());
    }
    try (PrivateKey key = PrivateKey.importKey(codeKey);
        ColorCodeIssuer issuer = new ColorCodeIssuer(key, Vectors.string(setup, "color_code_issuer_code"))) {
      assertEquals(codeCase.qr, issuer.issue(requestJson, codeAt));
      assertArrayEquals(issuer.idDigest("11010519491231002X"), issuer.idDigest("11010519491231002X"));
      GovcredException e =
          assertThrows(
              GovcredException.class, () -> new ColorCodeIssuer(key, "91310115591693856B").close());
      assertEquals(Codes.BAD_USCC, e.getCode());
    }
  }
}
