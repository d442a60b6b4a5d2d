package cn.govcred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every native method of {@link Lib} against its declaration in include/govcred.h: the same
 * number of parameters, each {@code size_t} declared as {@link SizeT} and each
 * {@code size_t *} as {@link SizeT.ByReference} (so 32-bit JVMs pass 4 bytes), 64-bit
 * integers as {@code long}, 32-bit ones as {@code int}.
 */
class LibMappingTest {
  private static final Pattern DECL =
      Pattern.compile("(?:^|;|\\{|\\})\\s*([A-Za-z_][\\w\\s\\*]*?)\\b(govcred_\\w+)\\s*\\(([^()]*)\\)\\s*(?=;)");

  static Map<String, List<String>> headerFunctions() throws IOException {
    String header =
        new String(
            Files.readAllBytes(Paths.get(System.getProperty("govcred.header"))),
            StandardCharsets.UTF_8);
    header = header.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
    header = header.replaceAll("(?m)^\\s*#.*$", " ");
    Map<String, List<String>> out = new HashMap<>();
    Matcher m = DECL.matcher(header);
    while (m.find()) {
      List<String> params = new ArrayList<>();
      String list = m.group(3).trim();
      if (!list.equals("void") && !list.isEmpty()) {
        for (String p : list.split(",")) {
          // Drop the parameter name: what is left is its type.
          params.add(p.trim().replaceAll("\\s*\\b\\w+$", "").replaceAll("\\s+", " ").trim());
        }
      }
      out.put(m.group(2), params);
    }
    return out;
  }

  /** The Java type a C parameter type must be declared with, or null when several fit. */
  static Class<?> expected(String c) {
    String t = c.replace("const ", "").replace(" ", "");
    switch (t) {
      case "size_t":
        return SizeT.class;
      case "size_t*":
        return SizeT.ByReference.class;
      case "int64_t":
      case "uint64_t":
        return long.class;
      case "int64_t*":
      case "uint64_t*":
        return long[].class;
      case "uint32_t":
      case "int32_t":
        return int.class;
      default:
        if (t.startsWith("govcred_") && !t.contains("*")) {
          return int.class; // enums and govcred_result are uint32_t
        }
        return null;
    }
  }

  @Test
  void everySizeTIsMappedWithThePlatformWidth() throws IOException {
    Map<String, List<String>> header = headerFunctions();
    assertTrue(header.size() > 40, "parsed only " + header.size() + " declarations");
    int natives = 0;
    int sizeTs = 0;
    for (Method m : Lib.class.getDeclaredMethods()) {
      if (!Modifier.isNative(m.getModifiers())) {
        continue;
      }
      natives++;
      List<String> params = header.get(m.getName());
      assertNotNull(params, m.getName() + " is not declared in include/govcred.h");
      Class<?>[] java = m.getParameterTypes();
      assertEquals(params.size(), java.length, m.getName() + ": parameter count");
      for (int i = 0; i < java.length; i++) {
        Class<?> want = expected(params.get(i));
        if (want != null) {
          assertEquals(want, java[i], m.getName() + " parameter " + i + " (" + params.get(i) + ")");
        }
        if (want == SizeT.class || want == SizeT.ByReference.class) {
          sizeTs++;
        }
        assertTrue(java[i] != long.class || want == long.class,
            m.getName() + " parameter " + i + " (" + params.get(i) + ") is a Java long");
      }
    }
    assertTrue(natives > 40, "only " + natives + " natives");
    assertTrue(sizeTs > 40, "only " + sizeTs + " size_t parameters");
  }

  @Test
  void sizeTHasThePlatformWidth() {
    assertEquals(Native.SIZE_T_SIZE, SizeT.SIZE);
    assertEquals(Native.SIZE_T_SIZE, new SizeT(5).nativeType() == Long.class ? 8 : 4);
    assertThrows(IllegalArgumentException.class, () -> SizeT.of(-1));
    SizeT.ByReference ref = new SizeT.ByReference();
    Pointer p = ref.getPointer();
    if (SizeT.SIZE == 8) {
      p.setLong(0, 0x1_0000_0001L);
      assertEquals(0x1_0000_0001L, ref.value());
    } else {
      p.setInt(0, -1);
      assertEquals(0xFFFF_FFFFL, ref.value());
    }
  }

  /** A size_t out-parameter written by the library reads back through SizeT.ByReference. */
  @Test
  void sizeTOutParameterCarriesTheLength() {
    try (PrivateKey key = PrivateKey.generate();
        PublicKey pub = key.publicKey()) {
      assertEquals(65, pub.export(KeyFormat.RAW).length);
    }
  }
}
