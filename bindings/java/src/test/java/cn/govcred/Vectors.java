package cn.govcred;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared vectors under tests/vectors/ (path from the {@code govcred.vectors} property),
 * read with a field extractor for their generated JSON: flat string and integer fields with
 * unique names. Not a general JSON parser.
 */
final class Vectors {
  private Vectors() {}

  static Path dir() {
    return Paths.get(System.getProperty("govcred.vectors", "../../tests/vectors"));
  }

  static String read(String relative) {
    try {
      return new String(Files.readAllBytes(dir().resolve(relative)), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String setup() {
    return read("verifier/setup.json");
  }

  /** One line of cases.jsonl. */
  static final class Case {
    final String name;
    final String bundle;
    final String qr;
    final long now;
    final int expectedCode;
    final String expected;

    Case(String line) {
      name = string(line, "name");
      bundle = string(line, "bundle");
      qr = string(line, "qr");
      now = integer(line, "now");
      expectedCode = (int) integer(line, "expected_code");
      expected = string(line, "expected");
    }
  }

  static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (String line : read("verifier/cases.jsonl").split("\n")) {
      if (!line.trim().isEmpty()) {
        cases.add(new Case(line));
      }
    }
    return cases;
  }

  static Case find(List<Case> cases, String name) {
    for (Case c : cases) {
      if (c.name.equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no case " + name);
  }

  static byte[] hex(String hex) {
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  /** Where the value of {@code "key":} starts. */
  private static int valueStart(String json, String key) {
    String quoted = "\"" + key + "\"";
    int from = 0;
    while (true) {
      int at = json.indexOf(quoted, from);
      if (at < 0) {
        throw new AssertionError("no field " + key);
      }
      int i = skipBlanks(json, at + quoted.length());
      if (i < json.length() && json.charAt(i) == ':') {
        return skipBlanks(json, i + 1);
      }
      from = at + 1;
    }
  }

  private static int skipBlanks(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  static String string(String json, String key) {
    int[] end = new int[1];
    return parseString(json, valueStart(json, key), end);
  }

  static long integer(String json, String key) {
    int i = valueStart(json, key);
    int j = i;
    while (j < json.length() && (json.charAt(j) == '-' || Character.isDigit(json.charAt(j)))) {
      j++;
    }
    return Long.parseLong(json.substring(i, j));
  }

  static List<String> strings(String json, String key) {
    List<String> out = new ArrayList<>();
    int i = valueStart(json, key);
    if (json.charAt(i) != '[') {
      throw new AssertionError(key + " is not an array");
    }
    i = skipBlanks(json, i + 1);
    int[] end = new int[1];
    while (json.charAt(i) == '"') {
      out.add(parseString(json, i, end));
      i = skipBlanks(json, end[0]);
      if (json.charAt(i) == ',') {
        i = skipBlanks(json, i + 1);
      }
    }
    return out;
  }

  private static String parseString(String json, int start, int[] end) {
    if (json.charAt(start) != '"') {
      throw new AssertionError("not a string at " + start);
    }
    StringBuilder sb = new StringBuilder();
    int i = start + 1;
    while (json.charAt(i) != '"') {
      char c = json.charAt(i++);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = json.charAt(i++);
      switch (e) {
        case 'n': sb.append('\n'); break;
        case 'r': sb.append('\r'); break;
        case 't': sb.append('\t'); break;
        case 'b': sb.append('\b'); break;
        case 'f': sb.append('\f'); break;
        case 'u':
          sb.append((char) Integer.parseInt(json.substring(i, i + 4), 16));
          i += 4;
          break;
        default: sb.append(e);
      }
    }
    end[0] = i + 1;
    return sb.toString();
  }
}
