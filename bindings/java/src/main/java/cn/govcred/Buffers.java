package cn.govcred;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Calls that write into a caller buffer: try a guess, and on BUFFER_TOO_SMALL the exact size. */
final class Buffers {
  private Buffers() {}

  /** One call of a {@code (out, out_cap, out_len)} function. */
  interface Fill {
    int call(byte[] out, SizeT cap, SizeT.ByReference outLen);
  }

  static byte[] bytes(Fill fill, int guess, String context) {
    byte[] out = new byte[guess];
    SizeT.ByReference len = new SizeT.ByReference();
    int rc = fill.call(out, SizeT.of(out.length), len);
    if (rc == Codes.BUFFER_TOO_SMALL) {
      out = new byte[len.intValue()];
      rc = fill.call(out, SizeT.of(out.length), len);
    }
    GovcredException.check(rc, context);
    return Arrays.copyOf(out, len.intValue());
  }

  /** Text outputs are NUL-terminated; {@code *out_len} excludes the NUL. */
  static String text(Fill fill, int guess, String context) {
    return new String(bytes(fill, guess, context), StandardCharsets.UTF_8);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
