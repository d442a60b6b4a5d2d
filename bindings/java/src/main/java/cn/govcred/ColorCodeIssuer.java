package cn.govcred;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/** Signs health and safety codes into QR text ({@code CC1:...}). Thread-safe. */
public final class ColorCodeIssuer extends NativeHandle {
  /** An issuer for the platform with 统一社会信用代码 {@code issuerCode}, its ID salt derived from the key. */
  public ColorCodeIssuer(PrivateKey key, String issuerCode) {
    this(key, issuerCode, null, null);
  }

  /**
   * An issuer signing with {@code key} (copied). {@code idSalt} is the platform's 32-byte secret
   * salt for the holder-ID digest ({@code null}: derived from the key); {@code kid} the 8-byte
   * key identifier the trust bundle assigns ({@code null}: derived).
   */
  public ColorCodeIssuer(PrivateKey key, String issuerCode, byte[] idSalt, byte[] kid) {
    super(create(key, Buffers.utf8(issuerCode), idSalt, kid), Lib::govcred_color_code_issuer_free);
  }

  private static Pointer create(PrivateKey key, byte[] code, byte[] salt, byte[] kid) {
    return key.use(
        k -> {
          PointerByReference out = new PointerByReference();
          GovcredException.check(
              Lib.govcred_color_code_issuer_new(
                  k,
                  code,
                  SizeT.of(code.length),
                  salt,
                  SizeT.of(salt == null ? 0 : salt.length),
                  kid,
                  SizeT.of(kid == null ? 0 : kid.length),
                  out),
              "color code issuer");
          return out.getValue();
        });
  }

  /**
   * Derives the minimal form of the request in {@code requestJson} (kind, color, serial,
   * holder record, optional lifetime_secs) and signs it, issued at {@code now}. The holder
   * record itself never enters the QR.
   */
  public String issue(String requestJson, long now) {
    byte[] json = Buffers.utf8(requestJson);
    return use(
        h ->
            Buffers.text(
                (out, cap, len) ->
                    Lib.govcred_color_code_issuer_issue(h, json, SizeT.of(json.length), now, out, cap, len),
                1024,
                "issue color code"));
  }

  /** SM3(salt || ID number): what a counter computes for a presented ID. */
  public byte[] idDigest(String idNumber) {
    byte[] id = Buffers.utf8(idNumber);
    return use(
        h -> {
          byte[] out = new byte[32];
          GovcredException.check(
              Lib.govcred_color_code_issuer_id_digest(h, id, SizeT.of(id.length), out), "id digest");
          return out;
        });
  }
}
