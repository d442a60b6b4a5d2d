package cn.govcred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "From Java" documentation's program compiles and does what it says on the vectors. */
class DocsSnippetTest {
  static final String CLASS = "GovcredQuickStart";

  /** The Java guide, docs/java.md. */
  static String snippet() throws Exception {
    Path root = Vectors.dir().resolve("../..").normalize();
    for (String doc : new String[] {"docs/java.md"}) {
      Path p = root.resolve(doc);
      if (!Files.exists(p)) {
        continue;
      }
      String text = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
      int at = text.indexOf("public class " + CLASS);
      if (at < 0) {
        continue;
      }
      int start = text.lastIndexOf("```java\n", at) + "```java\n".length();
      int end = text.indexOf("\n```", at);
      return text.substring(start, end + 1);
    }
    throw new AssertionError("no " + CLASS + " in the documentation");
  }

  static String location(Class<?> c) throws Exception {
    return new File(c.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
  }

  static String run(ClassLoader loader, String... args) throws Exception {
    Method main = loader.loadClass(CLASS).getMethod("main", String[].class);
    PrintStream saved = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, "UTF-8"));
    try {
      main.invoke(null, (Object) args);
    } finally {
      System.setOut(saved);
    }
    return new String(captured.toByteArray(), StandardCharsets.UTF_8);
  }

  @Test
  void quickStartCompilesAndRuns(@TempDir Path dir) throws Exception {
    Path src = dir.resolve(CLASS + ".java");
    Files.write(src, snippet().getBytes(StandardCharsets.UTF_8));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "a JDK is needed to compile the snippet");
    String classpath = location(Govcred.class) + File.pathSeparator + location(com.sun.jna.Native.class);
    int rc =
        javac.run(null, null, null, "--release", "8", "-Xlint:all,-options", "-Werror",
            "-cp", classpath, "-d", dir.toString(), src.toString());
    assertEquals(0, rc, "javac");

    String setup = Vectors.setup();
    List<Vectors.Case> cases = Vectors.cases();
    Path bundle = Files.write(dir.resolve("bundle.cose"), Vectors.hex(Vectors.string(setup, "default")));
    // The importer reads the root's hex as well as PEM or DER.
    Path root = Files.write(dir.resolve("root.hex"), Vectors.strings(setup, "roots").get(1).getBytes(StandardCharsets.US_ASCII));
    Path key = Files.write(dir.resolve("issuer.key"), Vectors.string(setup, "license_issuer_key").getBytes(StandardCharsets.US_ASCII));
    Path license = Files.write(dir.resolve("license.json"), Vectors.string(setup, "license_json").getBytes(StandardCharsets.UTF_8));
    Vectors.Case valid = Vectors.find(cases, Vectors.string(setup, "license_case"));
    Vectors.Case tampered = Vectors.find(cases, "tampered-signature");

    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      String out = run(loader, "verify", bundle.toString(), root.toString(), valid.qr, Long.toString(valid.now));
      assertTrue(out.endsWith("passed\n"), out);
      out = run(loader, "verify", bundle.toString(), root.toString(), tampered.qr, Long.toString(tampered.now));
      assertTrue(out.endsWith("refused: SignatureInvalid\n"), out);
      out = run(loader, "issue", key.toString(), license.toString(),
          Long.toString(Vectors.integer(setup, "license_issued_at")));
      assertEquals(valid.qr + "\n", out);
      Files.write(license, "{}".getBytes(StandardCharsets.UTF_8));
      out = run(loader, "issue", key.toString(), license.toString(), "0");
      assertEquals("refused: BadJson (1007)\n", out);
    }
  }
}
