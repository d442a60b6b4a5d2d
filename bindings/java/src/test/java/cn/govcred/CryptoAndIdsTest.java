package cn.govcred;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CryptoAndIdsTest {
  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void versionMatchesThePom() {
    assertEquals(System.getProperty("govcred.pom.version"), Govcred.version());
  }

  /** Every constant of {@link Codes} is the number the library names the same way. */
  @Test
  void codeConstantsMatchTheLibrary() throws IllegalAccessException {
    int n = 0;
    for (Field f : Codes.class.getFields()) {
      if (!Modifier.isStatic(f.getModifiers())) {
        continue;
      }
      StringBuilder camel = new StringBuilder();
      for (String part : f.getName().split("_")) {
        camel.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
      }
      assertEquals(camel.toString(), Govcred.resultName(f.getInt(null)), f.getName());
      n++;
    }
    assertEquals(67, n);
    assertEquals("unknown result code", Govcred.resultMessage(9999));
    assertEquals("signature invalid", Govcred.resultMessage(Codes.SIGNATURE_INVALID));
  }

  @Test
  void sm3OfAbc() {
    assertArrayEquals(
        Vectors.hex("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
        Govcred.sm3(utf8("abc")));
  }

  /** GB/T 32918.5 example, from tests/vectors/sm2/. */
  @Test
  void standardSm2Vector() {
    Map<String, String> v = new HashMap<>();
    for (String line : Vectors.read("sm2/valid-gbt32918-5-recommended-curve.txt").split("\n")) {
      int eq = line.indexOf('=');
      if (!line.startsWith("#") && eq > 0) {
        v.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    byte[] pub = Vectors.hex("04" + v.get("px") + v.get("py"));
    byte[] sig = Vectors.hex(v.get("r") + v.get("s"));
    byte[] msg = utf8(v.get("msg_ascii"));
    assertTrue(Govcred.sm2Verify(pub, utf8(v.get("id_ascii")), msg, sig, SignatureFormat.RAW));
    assertTrue(Govcred.sm2Verify(pub, msg, sig, SignatureFormat.RAW));
    assertFalse(Govcred.sm2Verify(pub, utf8("message digesT"), sig, SignatureFormat.RAW));
    try (PrivateKey key = PrivateKey.importKey(Vectors.hex(v.get("d")));
        PublicKey pk = key.publicKey()) {
      assertArrayEquals(pub, pk.export(KeyFormat.RAW));
    }
  }

  @Test
  void keysSignAndVerifyInEveryEncoding() {
    byte[] msg = utf8("hello, govcred");
    try (PrivateKey key = PrivateKey.generate();
        PublicKey pk = key.publicKey()) {
      byte[] raw = key.export(KeyFormat.RAW);
      assertEquals(32, raw.length);
      for (KeyFormat f : Arrays.asList(KeyFormat.RAW, KeyFormat.DER, KeyFormat.PEM)) {
        try (PrivateKey back = PrivateKey.importKey(key.export(f))) {
          assertArrayEquals(raw, back.export(KeyFormat.RAW), f.name());
        }
      }
      assertTrue(new String(key.export(KeyFormat.PEM), StandardCharsets.US_ASCII)
          .startsWith("-----BEGIN PRIVATE KEY-----"));
      GovcredException e =
          assertThrows(GovcredException.class, () -> key.export(KeyFormat.COMPRESSED));
      assertEquals(Codes.INVALID_ARGUMENT, e.getCode());

      byte[] pub65 = pk.export(KeyFormat.RAW);
      assertArrayEquals(Arrays.copyOf(Govcred.sm3(pub65), 8), pk.kid());
      for (SignatureFormat sf : SignatureFormat.values()) {
        byte[] sig = key.sign(msg, null, sf);
        assertArrayEquals(sig, key.sign(msg, null, sf), "deterministic");
        for (KeyFormat kf : KeyFormat.values()) {
          assertTrue(Govcred.sm2Verify(pk.export(kf), msg, sig, sf), kf + " " + sf);
        }
        assertTrue(pk.verify(msg, sig, utf8("1234567812345678"), sf));
        assertFalse(pk.verify(msg, sig, new byte[0], sf), "the empty ID is another ID");
        assertFalse(pk.verify(utf8("hello, govcreD"), sig, null, sf));
      }
      byte[] alice = utf8("alice@example.cn");
      byte[] sig = key.sign(msg, alice, SignatureFormat.DER);
      assertTrue(pk.verify(msg, sig, alice, SignatureFormat.DER));
      assertFalse(pk.verify(msg, sig, null, SignatureFormat.DER));
      e =
          assertThrows(
              GovcredException.class, () -> pk.verify(msg, sig, alice, SignatureFormat.RAW));
      assertEquals(Codes.BAD_SIGNATURE_ENCODING, e.getCode());
    }
    GovcredException e =
        assertThrows(GovcredException.class, () -> PrivateKey.importKey(new byte[32]));
    assertEquals(Codes.BAD_PRIVATE_KEY, e.getCode());
    e = assertThrows(GovcredException.class, () -> PublicKey.importKey(new byte[65]));
    assertEquals(Codes.BAD_PUBLIC_KEY, e.getCode());
    e =
        assertThrows(
            GovcredException.class,
            () -> Govcred.sm2Verify(new byte[64], msg, new byte[64], SignatureFormat.RAW));
    assertEquals(Codes.BAD_PUBLIC_KEY, e.getCode());
  }

  /** tests/vectors/ids/{valid,invalid}.txt: "kind value expected_code ...". */
  @Test
  void identifierVectors() {
    int seen = 0;
    for (String file : Arrays.asList("ids/valid.txt", "ids/invalid.txt")) {
      for (String line : Vectors.read(file).split("\n")) {
        String[] f = line.trim().split("\\s+");
        if (line.startsWith("#") || f.length < 3) {
          continue;
        }
        int expected = Integer.parseInt(f[2]);
        int got;
        try {
          switch (f[0]) {
            case "uscc": Govcred.checkUscc(f[1]); break;
            case "resident_id": Govcred.checkResidentId(f[1]); break;
            case "license_id": Govcred.checkLicenseId(f[1]); break;
            case "region": Govcred.checkRegionCode(f[1]); break;
            default: continue;
          }
          got = Codes.OK;
        } catch (GovcredException e) {
          got = e.getCode();
        }
        assertEquals(expected, got, line);
        seen++;
      }
    }
    assertTrue(seen >= 60, "only " + seen);
  }

  @Test
  void closedHandlesRefuseUseAndCloseTwiceIsHarmless() {
    PrivateKey key = PrivateKey.generate();
    LicenseIssuer issuer = new LicenseIssuer(key);
    key.close();
    key.close();
    assertThrows(IllegalStateException.class, () -> key.export(KeyFormat.RAW));
    assertThrows(IllegalStateException.class, () -> new LicenseIssuer(key));
    // The issuer copied the key: it still signs (and refuses nonsense as before).
    GovcredException e = assertThrows(GovcredException.class, () -> issuer.issue("{}", 0));
    assertEquals(Codes.BAD_JSON, e.getCode());
    issuer.close();
    assertThrows(IllegalStateException.class, () -> issuer.issue("{}", 0));
  }
}
